package io.oomstream.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds an {@link AppConfig} from the four layers (defaults, file, environment, overrides), collecting
 * every problem before failing. See {@link AppConfig} for the rules; this class is its implementation.
 */
final class ConfigLoader {

    /** Launcher variables that share the prefixes but are not settings; ignored, not rejected. */
    private static final Set<String> IGNORED_ENV = Set.of(
        "OOMSTREAM_CONFIG", "OOMSTREAM_OPTS", "OOMSTREAM_HOME",
        "KAFKA_HOME", "KAFKA_OPTS", "KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_JMX_OPTS",
        "KAFKA_LOG4J_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG_DIR", "KAFKA_DEBUG", "KAFKA_JAVA_OPTS");

    /** Kafka keys that oomstream owns through its own keys, so there is exactly one way to set them. */
    private static final Map<String, String> RESERVED = Map.of(
        "application.id", AppConfig.APPLICATION_ID,
        "state.dir", AppConfig.STATE_DIR,
        "processing.guarantee", AppConfig.PROCESSING_GUARANTEE,
        "replication.factor", AppConfig.REPLICATION_FACTOR,
        "commit.interval.ms", AppConfig.COMMIT_INTERVAL_MS,
        "group.instance.id", AppConfig.INSTANCE_ID);

    /** A value as given, and where it came from (for the error). */
    private record Value(String value, String source) {
    }

    private final Map<String, Value> app = new LinkedHashMap<>();
    private final Map<String, Value> kafka = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {
    }

    static AppConfig load(final Path file, final Map<String, String> env, final Map<String, String> overrides) {
        final ConfigLoader loader = new ConfigLoader();
        Settings.ALL.forEach(s -> loader.app.put(s.key(), new Value(s.defaultValue(), "default")));
        AppConfig.KAFKA_DEFAULTS.forEach((k, v) -> loader.kafka.put(k, new Value(v, "default")));
        if (file != null) {
            loader.readFile(file);
        }
        new TreeMap<>(env).forEach(loader::acceptEnv);
        new TreeMap<>(overrides).forEach((k, v) -> loader.accept(k, v, "override", false));
        final AppConfig config = loader.build();
        loader.checkKillCountRetention(config);
        if (!loader.problems.isEmpty()) {
            throw new AppConfig.InvalidConfigException(loader.problems);
        }
        return config;
    }

    /** Corrections need the windows they correct: a window must still be kept once it has been emitted. */
    private void checkKillCountRetention(final AppConfig c) {
        final Duration needed = c.killCountsWindow().plus(c.killCountsGrace());
        if (problems.isEmpty() && c.killCountsRetention().compareTo(needed) < 0) {
            problems.add(AppConfig.KILL_COUNTS_RETENTION_MS + " (" + app.get(AppConfig.KILL_COUNTS_RETENTION_MS).source()
                + "): " + c.killCountsRetention().toMillis() + " is less than " + AppConfig.KILL_COUNTS_WINDOW_MS
                + " plus " + AppConfig.KILL_COUNTS_GRACE_MS + " (" + needed.toMillis()
                + "): windows would be forgotten before they close");
        }
    }

    private void readFile(final Path file) {
        final String source = "file " + file;
        final Map<String, String> entries = new LinkedHashMap<>();
        final Properties props = new Properties() {
            @Override
            public synchronized Object put(final Object key, final Object value) {
                if (entries.containsKey((String) key)) {
                    problems.add("duplicate key '" + key + "' (" + source + ")");
                }
                entries.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (final IOException | IllegalArgumentException e) {
            problems.add("cannot read config " + source + ": " + e);
            return;
        }
        entries.forEach((k, v) -> accept(k, v, source, false));
    }

    private void acceptEnv(final String name, final String value) {
        if (IGNORED_ENV.contains(name)) {
            return;
        }
        if (name.startsWith(AppConfig.ENV_APP_PREFIX)) {
            accept(AppConfig.PREFIX + envToKey(name.substring(AppConfig.ENV_APP_PREFIX.length())), value,
                "env " + name, true);
        } else if (name.startsWith(AppConfig.ENV_KAFKA_PREFIX)) {
            accept(envToKey(name.substring(AppConfig.ENV_KAFKA_PREFIX.length())), value, "env " + name, true);
        }
    }

    private void accept(final String key, final String value, final String source, final boolean fromEnv) {
        if (key.startsWith(AppConfig.PREFIX)) {
            if (Settings.find(key).isPresent()) {
                app.put(key, new Value(value.trim(), source));
            } else {
                unknown(key, source, fromEnv, KafkaKeys.closest(key, app.keySet()));
            }
        } else if (RESERVED.containsKey(key)) {
            final String appKey = RESERVED.get(key);
            problems.add("'" + display(key, fromEnv) + "' (" + source + ") cannot be set as a Kafka key: use '"
                + appKey + "' (env " + keyToEnv(appKey) + ")");
        } else if (KafkaKeys.isKnown(key)) {
            final Optional<String> bad = KafkaKeys.checkValue(key, value);
            if (bad.isPresent()) {
                problems.add(key + " (" + source + "): " + bad.get());
            } else {
                kafka.put(key, new Value(value, source));
            }
        } else {
            final Optional<String> asApp = Settings.find(AppConfig.PREFIX + key).isPresent()
                ? Optional.of(AppConfig.PREFIX + key) : Optional.empty();
            unknown(key, source, fromEnv, asApp.or(() -> KafkaKeys.suggest(key)));
        }
    }

    private void unknown(final String key, final String source, final boolean fromEnv, final Optional<String> hint) {
        final String sourceLabel = fromEnv ? "env" : source;
        problems.add("unknown key '" + display(key, fromEnv) + "' (" + sourceLabel + ")"
            + hint.map(h -> "; did you mean '" + display(h, fromEnv) + "'?").orElse(""));
    }

    private AppConfig build() {
        final Properties kafkaProps = new Properties();
        kafka.forEach((k, s) -> kafkaProps.setProperty(k, s.value()));
        return new AppConfig(
            get(Settings.APPLICATION_ID),
            get(Settings.INPUT_TOPIC),
            get(Settings.EVENTS_TOPIC),
            get(Settings.DEADLETTER_TOPIC),
            get(Settings.INCIDENTS_TOPIC),
            get(Settings.KILL_COUNTS_TOPIC),
            get(Settings.FLEET_TOPIC),
            get(Settings.PODS_TOPIC),
            get(Settings.STATE_DIR),
            get(Settings.HTTP_PORT),
            get(Settings.IDLE_TIMEOUT),
            get(Settings.REAPER_GRACE),
            get(Settings.LINGER),
            get(Settings.MAX_REPORT_LINES),
            get(Settings.MAX_REPORT_BYTES),
            get(Settings.PROCESSING_GUARANTEE),
            get(Settings.REPLICATION_FACTOR),
            get(Settings.COMMIT_INTERVAL),
            get(Settings.INPUT_KEYED_BY_HOST),
            get(Settings.ENRICHED_TOPIC),
            get(Settings.INCIDENT_QUIET_GAP),
            get(Settings.FLEETWIDE_MIN_HOSTS),
            get(Settings.FLEETWIDE_SPAN),
            get(Settings.KILL_COUNTS_WINDOW),
            get(Settings.KILL_COUNTS_GRACE),
            get(Settings.KILL_COUNTS_RETENTION),
            get(Settings.SINK_EVENTS_TOPIC),
            get(Settings.SINK_INCIDENTS_TOPIC),
            get(Settings.SINK_KILL_COUNTS_TOPIC),
            get(Settings.INSTANCE_ID),
            get(Settings.ROCKSDB_MEMORY_BYTES),
            get(Settings.REORDER),
            get(Settings.REORDER_WINDOW),
            get(Settings.REORDER_MAX_LINES_PER_HOST),
            alertmanager(),
            kafkaProps);
    }

    private AlertmanagerSettings alertmanager() {
        final List<URI> urls = get(Settings.ALERTMANAGER_URLS);
        final String token = get(Settings.ALERTMANAGER_BEARER_TOKEN);
        final String user = get(Settings.ALERTMANAGER_BASIC_AUTH_USERNAME);
        if (!token.isEmpty() && !user.isEmpty()) {
            // Not through bad(): it would print the secret.
            problems.add(AppConfig.ALERTMANAGER_BEARER_TOKEN + " and " + AppConfig.ALERTMANAGER_BASIC_AUTH_USERNAME
                + " are both set: set either a bearer token or basic auth, not both");
        }
        return new AlertmanagerSettings(urls, get(Settings.ALERTMANAGER_RESEND), get(Settings.ALERTMANAGER_TIMEOUT),
            get(Settings.ALERTMANAGER_LINK_TEMPLATE), token, user, get(Settings.ALERTMANAGER_BASIC_AUTH_PASSWORD),
            get(Settings.ALERTMANAGER_TRUSTSTORE_LOCATION).orElse(null), get(Settings.ALERTMANAGER_TRUSTSTORE_PASSWORD),
            get(Settings.ALERTMANAGER_KEYSTORE_LOCATION).orElse(null), get(Settings.ALERTMANAGER_KEYSTORE_PASSWORD));
    }

    /** The value of {@code setting} as its declaration reads it; a bad one is a problem, and the default stands in. */
    private <T> T get(final Setting<T> setting) {
        final Value v = app.get(setting.key());
        return setting.read().apply(v.value()).orElseGet(() -> {
            bad(setting.key(), v, "must be " + setting.expected());
            return setting.read().apply(setting.defaultValue()).orElseThrow();
        });
    }

    private void bad(final String key, final Value s, final String expected) {
        problems.add(key + " = '" + s.value() + "' (" + s.source() + "): " + expected);
    }

    static String envToKey(final String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    static String keyToEnv(final String key) {
        final String prefix = key.startsWith(AppConfig.PREFIX) ? AppConfig.ENV_APP_PREFIX : AppConfig.ENV_KAFKA_PREFIX;
        final String rest = key.startsWith(AppConfig.PREFIX) ? key.substring(AppConfig.PREFIX.length()) : key;
        return prefix + rest.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String display(final String key, final boolean fromEnv) {
        return fromEnv ? keyToEnv(key) : key;
    }
}
