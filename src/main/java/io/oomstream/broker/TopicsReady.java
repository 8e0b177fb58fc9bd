package io.oomstream.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Waits until freshly created topics can be used. A successful CreateTopics only says the controller has
 * recorded them; the broker that clients ask for metadata learns of them a moment later. A Kafka Streams
 * application started in that moment fails its global store with "There are no partitions available for topic"
 * (seen in CI with the embedded broker), so whoever creates topics and then starts an application waits here
 * until the broker describes every partition with a leader.
 */
public final class TopicsReady {

    private static final long POLL_MILLIS = 50;

    private TopicsReady() {
    }

    /**
     * Returns once every named topic is described with all its partitions led.
     *
     * @throws IllegalStateException if that does not happen within {@code timeout}, naming the topics still waiting
     */
    public static void await(final Admin admin, final Collection<String> topics, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String waiting = String.join(", ", topics);
        while (System.nanoTime() < deadline) {
            waiting = notReady(admin, topics);
            if (waiting.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for topics " + waiting, e);
            }
        }
        throw new IllegalStateException("topics created but without led partitions after " + timeout.toSeconds()
                + " s: " + waiting);
    }

    /** The topics not yet usable, comma separated; empty when all are. */
    private static String notReady(final Admin admin, final Collection<String> topics) {
        final Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        } catch (final ExecutionException | java.util.concurrent.TimeoutException e) {
            // UnknownTopicOrPartition while the broker's metadata catches up: not ready yet.
            return String.join(", ", topics);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for topics " + topics, e);
        }
        final StringBuilder waiting = new StringBuilder();
        for (final String topic : topics) {
            final TopicDescription d = described.get(topic);
            if (d == null || d.partitions().isEmpty() || !allLed(d)) {
                waiting.append(waiting.length() == 0 ? "" : ", ").append(topic);
            }
        }
        return waiting.toString();
    }

    private static boolean allLed(final TopicDescription d) {
        for (final TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null || p.leader().isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
