package io.oomstream.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The broker and configuration options of every command that talks to Kafka ({@code run}, {@code topics},
 * {@code fleet load}, {@code generate}), as a picocli mixin, read the same way everywhere. Precedence, lowest
 * first: built-in defaults, the {@code --config} file, the environment ({@code OOMSTREAM_*}, {@code KAFKA_*}),
 * {@code --set}, then {@code --bootstrap-server} (a shorthand for {@code --set bootstrap.servers=...}).
 */
public final class KafkaOptions {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file (oomstream.* and Kafka client keys: TLS, SASL ...), as for run.")
    private Path configFile;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; wins over bootstrap.servers of --config, environment and --set.")
    private String bootstrapServer;

    /** The settings as every command reads them, with the process environment. */
    public AppConfig load() {
        return load(System.getenv());
    }

    /**
     * The settings from {@code env} and the options.
     *
     * @throws AppConfig.InvalidConfigException listing every problem found
     */
    public AppConfig load(final Map<String, String> env) {
        return AppConfig.load(configFile, env, overrides());
    }

    /** {@code --set}, with {@code --bootstrap-server} as its {@code bootstrap.servers}. */
    public Map<String, String> overrides() {
        final Map<String, String> all = new LinkedHashMap<>(overrides);
        if (bootstrapServer != null) {
            all.put(BOOTSTRAP_SERVERS, bootstrapServer);
        }
        return all;
    }

    /**
     * Whether the brokers were named (by an option, the file or the environment) rather than left to the built-in
     * {@code localhost:9092}: the commands that publish on the side ({@code fleet load}, {@code generate}) refuse
     * to guess.
     */
    public boolean brokerGiven(final Map<String, String> env) {
        return bootstrapServer != null || overrides.containsKey(BOOTSTRAP_SERVERS) || configFile != null
                || env.containsKey(BOOTSTRAP_ENV);
    }

    /** {@link #brokerGiven(Map)} with the process environment. */
    public boolean brokerGiven() {
        return brokerGiven(System.getenv());
    }

    /** Whether any of these options was given. */
    public boolean anyGiven() {
        return configFile != null || !overrides.isEmpty() || bootstrapServer != null;
    }
}
