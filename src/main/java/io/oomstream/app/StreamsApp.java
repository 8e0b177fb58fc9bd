package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.OomTopology;
import io.oomstream.topology.OrdinaryRecordFilter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams lifecycle around {@link OomTopology}: start, wait for RUNNING, stop
 * gracefully. An exception escaping a processor is a bug: the client shuts down (instead of
 * spinning on the same record) and {@link #awaitTermination()} returns.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Throwable failure;

    private StreamsApp(final KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Builds and starts the application; does not wait for RUNNING.
     *
     * @throws StateDirInUseException when another instance holds the state directory
     */
    public static StreamsApp start(final AppConfig config, final Metrics metrics) {
        final Topology topology = OomTopology.build(config, metrics);
        final KafkaStreams streams;
        try {
            streams = new KafkaStreams(topology, OrdinaryRecordFilter.streamsProperties(config, metrics));
        } catch (final StreamsException e) {
            if (StateDirInUseException.isLockFailure(e)) {
                throw new StateDirInUseException(config.stateDir(), e);
            }
            throw e;
        }
        streams.setGlobalStateRestoreListener(new RestoreLog(topology.describe()));
        final StreamsApp app = new StreamsApp(streams);
        final TransientFailures transientFailures = new TransientFailures(System::nanoTime);
        streams.setUncaughtExceptionHandler(e -> {
            if (transientFailures.replaceThread(e)) {
                LOG.warn("oomstream stream thread failed on topic metadata a restarted broker has not loaded yet "
                        + "({}); replacing the thread", e.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("oomstream stream thread failed; shutting down", e);
            app.failure = e;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                app.terminated.countDown();
            }
        });
        streams.start();
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until the application is RUNNING; false on timeout or when it stopped instead. */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!s.isRunningOrRebalancing() && s != KafkaStreams.State.CREATED) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }

    /** Blocks until the application stops (closed, or failed). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** The exception that stopped a stream thread, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        terminated.countDown();
    }
}
