package io.oomstream.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
import java.util.regex.Pattern;

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

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private record Setting(String value, String source) {
    }

    private final Map<String, Setting> app = new LinkedHashMap<>();
    private final Map<String, Setting> kafka = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {
    }

    static AppConfig load(final Path file, final Map<String, String> env, final Map<String, String> overrides) {
        final ConfigLoader loader = new ConfigLoader();
        AppConfig.DEFAULTS.forEach((k, v) -> loader.app.put(k, new Setting(v, "default")));
        AppConfig.KAFKA_DEFAULTS.forEach((k, v) -> loader.kafka.put(k, new Setting(v, "default")));
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
            if (AppConfig.DEFAULTS.containsKey(key)) {
                app.put(key, new Setting(value.trim(), source));
            } else {
                unknown(key, source, fromEnv, KafkaKeys.closest(key, AppConfig.DEFAULTS.keySet()));
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
                kafka.put(key, new Setting(value, source));
            }
        } else {
            final Optional<String> asApp = AppConfig.DEFAULTS.containsKey(AppConfig.PREFIX + key)
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
            topic(AppConfig.APPLICATION_ID),
            topic(AppConfig.INPUT_TOPIC),
            topic(AppConfig.EVENTS_TOPIC),
            topic(AppConfig.DEADLETTER_TOPIC),
            topic(AppConfig.INCIDENTS_TOPIC),
            topic(AppConfig.KILL_COUNTS_TOPIC),
            topic(AppConfig.FLEET_TOPIC),
            path(AppConfig.STATE_DIR),
            (int) number(AppConfig.HTTP_PORT, -1, 65_535, "a port 0..65535, or -1 to disable"),
            Duration.ofMillis(number(AppConfig.IDLE_TIMEOUT_MS, 1, Long.MAX_VALUE, "milliseconds >= 1")),
            Duration.ofMillis(number(AppConfig.REAPER_GRACE_MS, 0, Long.MAX_VALUE, "milliseconds >= 0")),
            Duration.ofMillis(number(AppConfig.LINGER_MS, 0, Long.MAX_VALUE, "milliseconds >= 0")),
            (int) number(AppConfig.MAX_REPORT_LINES, 10, Integer.MAX_VALUE, "a line count 10.." + Integer.MAX_VALUE),
            (int) number(AppConfig.MAX_REPORT_BYTES, 1024, Integer.MAX_VALUE, "a byte count 1024.." + Integer.MAX_VALUE),
            guarantee(),
            replicationFactor(),
            Duration.ofMillis(number(AppConfig.COMMIT_INTERVAL_MS, 0, Long.MAX_VALUE, "milliseconds >= 0")),
            bool(AppConfig.INPUT_KEYED_BY_HOST),
            topic(AppConfig.ENRICHED_TOPIC),
            Duration.ofMillis(number(AppConfig.INCIDENT_QUIET_GAP_MS, 1, Long.MAX_VALUE, "milliseconds >= 1")),
            (int) number(AppConfig.FLEETWIDE_MIN_HOSTS, 2, Integer.MAX_VALUE, "a host count >= 2"),
            Duration.ofMillis(number(AppConfig.FLEETWIDE_SPAN_MS, 1, Long.MAX_VALUE, "milliseconds >= 1")),
            Duration.ofMillis(number(AppConfig.KILL_COUNTS_WINDOW_MS, 1, Long.MAX_VALUE, "milliseconds >= 1")),
            Duration.ofMillis(number(AppConfig.KILL_COUNTS_GRACE_MS, 0, Long.MAX_VALUE, "milliseconds >= 0")),
            Duration.ofMillis(number(AppConfig.KILL_COUNTS_RETENTION_MS, 1, Long.MAX_VALUE, "milliseconds >= 1")),
            topic(AppConfig.SINK_EVENTS_TOPIC),
            topic(AppConfig.SINK_INCIDENTS_TOPIC),
            topic(AppConfig.SINK_KILL_COUNTS_TOPIC),
            instanceId(),
            number(AppConfig.ROCKSDB_MEMORY_BYTES, 8L << 20, Long.MAX_VALUE, "a byte count >= 8388608 (8 MiB)"),
            alertmanager(),
            kafkaProps);
    }

    /** Empty (static membership off) or a group.instance.id: the topic-name alphabet, which Kafka accepts. */
    private String instanceId() {
        final Setting s = app.get(AppConfig.INSTANCE_ID);
        if (s.value().isEmpty()) {
            return "";
        }
        return topic(AppConfig.INSTANCE_ID);
    }

    private AlertmanagerSettings alertmanager() {
        final List<URI> urls = new ArrayList<>();
        final Setting list = app.get(AppConfig.ALERTMANAGER_URLS);
        for (final String part : list.value().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                final URI uri = new URI(part.trim());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    urls.add(uri);
                    continue;
                }
            } catch (final URISyntaxException e) {
                // reported below
            }
            bad(AppConfig.ALERTMANAGER_URLS, list, "must be comma-separated http(s) URLs, e.g. http://am:9093");
        }
        final String token = app.get(AppConfig.ALERTMANAGER_BEARER_TOKEN).value();
        final String user = app.get(AppConfig.ALERTMANAGER_BASIC_AUTH_USERNAME).value();
        if (!token.isEmpty() && !user.isEmpty()) {
            // Not through bad(): it would print the secret.
            problems.add(AppConfig.ALERTMANAGER_BEARER_TOKEN + " and " + AppConfig.ALERTMANAGER_BASIC_AUTH_USERNAME
                + " are both set: set either a bearer token or basic auth, not both");
        }
        return new AlertmanagerSettings(urls,
            Duration.ofMillis(number(AppConfig.ALERTMANAGER_RESEND_MS, 1000, Long.MAX_VALUE, "milliseconds >= 1000")),
            Duration.ofMillis(number(AppConfig.ALERTMANAGER_TIMEOUT_MS, 100, Integer.MAX_VALUE, "milliseconds >= 100")),
            app.get(AppConfig.ALERTMANAGER_LINK_TEMPLATE).value(), token, user,
            app.get(AppConfig.ALERTMANAGER_BASIC_AUTH_PASSWORD).value(),
            optionalFile(AppConfig.ALERTMANAGER_TRUSTSTORE_LOCATION),
            app.get(AppConfig.ALERTMANAGER_TRUSTSTORE_PASSWORD).value(),
            optionalFile(AppConfig.ALERTMANAGER_KEYSTORE_LOCATION),
            app.get(AppConfig.ALERTMANAGER_KEYSTORE_PASSWORD).value());
    }

    /** Null when unset; a file that cannot be read is a problem now rather than at the first post. */
    private Path optionalFile(final String key) {
        final Setting s = app.get(key);
        if (s.value().isEmpty()) {
            return null;
        }
        try {
            final Path p = Path.of(s.value());
            if (Files.isReadable(p)) {
                return p;
            }
        } catch (final InvalidPathException e) {
            // reported below
        }
        bad(key, s, "must be a readable file");
        return null;
    }

    private boolean bool(final String key) {
        final Setting s = app.get(key);
        final String v = s.value().trim().toLowerCase(java.util.Locale.ROOT);
        if (!"true".equals(v) && !"false".equals(v)) {
            bad(key, s, "must be true or false");
            return false;
        }
        return Boolean.parseBoolean(v);
    }

    private String topic(final String key) {
        final Setting s = app.get(key);
        if (!TOPIC.matcher(s.value()).matches() || ".".equals(s.value()) || "..".equals(s.value())) {
            bad(key, s, "must be 1..249 characters of [a-zA-Z0-9._-]");
            return "invalid";
        }
        return s.value();
    }

    private Path path(final String key) {
        final Setting s = app.get(key);
        try {
            if (!s.value().isEmpty()) {
                return Path.of(s.value());
            }
        } catch (final InvalidPathException e) {
            // reported below
        }
        bad(key, s, "must be a directory path");
        return Path.of(".");
    }

    private long number(final String key, final long min, final long max, final String expected) {
        final Setting s = app.get(key);
        try {
            final long v = Long.parseLong(s.value());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        bad(key, s, "must be " + expected);
        return Math.max(min, 0);
    }

    private int replicationFactor() {
        final Setting s = app.get(AppConfig.REPLICATION_FACTOR);
        final long v = number(AppConfig.REPLICATION_FACTOR, -1, Short.MAX_VALUE, "-1 (broker default) or 1..32767");
        if (v == 0) {
            bad(AppConfig.REPLICATION_FACTOR, s, "must be -1 (broker default) or 1..32767");
        }
        return (int) v;
    }

    private String guarantee() {
        final Setting s = app.get(AppConfig.PROCESSING_GUARANTEE);
        if (!AppConfig.GUARANTEES.contains(s.value())) {
            bad(AppConfig.PROCESSING_GUARANTEE, s, "must be one of " + AppConfig.GUARANTEES);
            return AppConfig.GUARANTEES.get(0);
        }
        return s.value();
    }

    private void bad(final String key, final Setting s, final String expected) {
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
