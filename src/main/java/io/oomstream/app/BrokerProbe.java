package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the brokers answer, for {@code /health}: Kafka Streams stays RUNNING through a broker outage
 * (its clients just retry), so its state alone would report a healthy application that processes nothing.
 * Every {@code every} one cluster description is asked for with a timeout; one state change is logged per
 * outage (not a line per retry), and {@code oomstream_broker_reachable} is 1 or 0.
 */
public final class BrokerProbe implements AutoCloseable {

    static final String REACHABLE = "oomstream_broker_reachable";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    private final Admin admin;
    private final Duration timeout;
    private final LongSupplier clock;
    private final Metrics.Gauge reachable;
    private final ScheduledExecutorService executor;
    /** Epoch ms of the first failed check of the current outage; -1 while the brokers answer. */
    private volatile long unreachableSince = -1;

    private BrokerProbe(final Admin admin, final Duration timeout, final LongSupplier clock, final Metrics metrics) {
        this.admin = admin;
        this.timeout = timeout;
        this.clock = clock;
        this.reachable = metrics.gauge(REACHABLE, "1 while the Kafka brokers answer oomstream, 0 while they do not");
        this.reachable.set(1);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "oomstream-broker-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts checking the brokers of {@code config} every {@code every}. */
    public static BrokerProbe start(final AppConfig config, final Duration every, final Metrics metrics) {
        final Properties p = new Properties();
        config.kafka().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains((String) k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-broker-probe");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) every.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) every.toMillis());
        final BrokerProbe probe = new BrokerProbe(Admin.create(p), every, System::currentTimeMillis, metrics);
        probe.executor.scheduleWithFixedDelay(probe::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    /** Null while the brokers answer, else why the application is degraded (for {@code /health}). */
    public String degraded() {
        final long since = unreachableSince;
        if (since < 0) {
            return null;
        }
        return "cannot reach the Kafka brokers for " + Math.max(0, (clock.getAsLong() - since) / 1000) + " s";
    }

    void check() {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (unreachableSince >= 0) {
                LOG.info("Kafka brokers reachable again after {} s", (clock.getAsLong() - unreachableSince) / 1000);
            }
            unreachableSince = -1;
            reachable.set(1);
        } catch (final ExecutionException | TimeoutException e) {
            if (unreachableSince < 0) {
                unreachableSince = clock.getAsLong();
                LOG.warn("cannot reach the Kafka brokers ({}); /health reports degraded until they answer",
                        e.getClass().getSimpleName());
            }
            reachable.set(0);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
