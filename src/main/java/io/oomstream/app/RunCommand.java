package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.config.KafkaOptions;
import io.oomstream.metrics.Metrics;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code oomstream run}: the stream processor against configured brokers, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs oomstream as a Kafka Streams application against configured brokers.",
                "Settings, lowest precedence first: built-in defaults, the --config file, environment "
                        + "(OOMSTREAM_* for app keys, KAFKA_* for Kafka keys), --set options. Unknown keys are rejected.",
                "Serves /health and /metrics (Prometheus) on oomstream.http.port. Stops gracefully on SIGTERM."})
public final class RunCommand implements Callable<Integer> {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_UNREACHABLE = 3;
    static final int EXIT_FAILED = 1;
    /** How often /health asks the brokers whether they answer (also the timeout of one check). */
    static final Duration BROKER_PROBE_EVERY = Duration.ofSeconds(5);

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--preflight-timeout", defaultValue = "PT15S", description = "How long to wait for the cluster at start (default: ${DEFAULT-VALUE}).")
    private Duration preflightTimeout;

    @Override
    public Integer call() throws Exception {
        final AppConfig config;
        try {
            config = kafka.load();
        } catch (final AppConfig.InvalidConfigException e) {
            System.err.println("oomstream run: invalid configuration:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            return EXIT_CONFIG;
        }
        final List<String> problems = Preflight.check(config, preflightTimeout);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("oomstream run: " + p));
            return EXIT_UNREACHABLE;
        }
        final Metrics metrics = Metrics.global();
        if (config.stateDir().toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())) {
            System.err.println("oomstream run: oomstream.state.dir " + config.stateDir() + " is under the temp directory; "
                    + "set it to persistent storage, or every restart restores all state from the changelogs");
        }
        // Optional: one Alertmanager alert per incident (oomstream.alertmanager.urls); off by default. First, so
        // that TLS stores that do not open stop the start before anything runs.
        final AlertmanagerStage alerts;
        try {
            alerts = AlertmanagerStage.startIfEnabled(config, metrics);
        } catch (final IllegalArgumentException e) {
            System.err.println("oomstream run: invalid configuration: " + e.getMessage());
            return EXIT_CONFIG;
        }
        final StreamsApp app;
        try {
            app = StreamsApp.start(config, metrics);
        } catch (final StateDirInUseException e) {
            System.err.println("oomstream run: " + e.getMessage());
            if (alerts != null) {
                alerts.close();
            }
            return EXIT_FAILED;
        }
        final BrokerProbe brokers = BrokerProbe.start(config, BROKER_PROBE_EVERY, metrics);
        final HttpEndpoint http = config.httpEnabled()
                ? HttpEndpoint.start(new InetSocketAddress(config.httpPort()), app.streams()::state, app.streams()::metrics,
                        metrics, brokers::degraded)
                : null;
        final Thread hook = new Thread(() -> {
            System.err.println("oomstream run: stopping (committing state, closing stores)...");
            if (alerts != null) {
                alerts.close();
            }
            app.close();
            brokers.close();
            if (http != null) {
                http.close();
            }
        }, "oomstream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("oomstream run: started; reading " + config.inputTopic() + ", writing " + config.eventsTopic()
                + (http == null ? "" : "; http on port " + http.port())
                + (alerts == null ? "" : "; alerting " + config.alertmanager().urls()));
        app.awaitTermination();
        if (app.failure() != null) {
            System.err.println("oomstream run: stopped after a failure: " + app.failure());
            return EXIT_FAILED;
        }
        return 0;
    }
}
