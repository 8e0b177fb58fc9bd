package io.oomstream.loadgen;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends generated records to a Kafka topic, one record per line, as rsyslog's omkafka would: value = the
 * rendered line (UTF-8), key = the host (or none). Used by {@code generate --topic}, and usable by anything
 * that needs fleet traffic on a topic (the demo, benchmarks).
 */
public final class KafkaSink {

    private KafkaSink() {
    }

    /** Progress callback: called after each record handed to the producer. */
    @FunctionalInterface
    public interface Tick {
        Tick NONE = () -> { };

        void sent();
    }

    /**
     * Sends every remaining record of {@code generator}, then flushes.
     *
     * <p>The record timestamp is left to the producer (its clock): log times can be years old, and a topic's
     * time-based retention would delete segments full of old timestamps as soon as they roll.
     *
     * @param keyed key = host name (so a host's lines stay in order on one partition); false = null key
     * @return records acknowledged by the broker
     * @throws IllegalStateException if the broker refused a record (sending stops at the first failure)
     */
    public static long send(final Producer<byte[], byte[]> producer, final String topic,
                            final FleetLogGenerator generator, final boolean keyed, final Tick tick) {
        final CheckedSends sends = new CheckedSends();
        while (generator.hasNext() && !sends.failed()) {
            final FleetRecord r = generator.next();
            producer.send(new ProducerRecord<>(topic, null, null,
                    keyed ? r.host().getBytes(StandardCharsets.UTF_8) : null,
                    r.value().getBytes(StandardCharsets.UTF_8)), sends);
            tick.sent();
        }
        producer.flush();
        sends.throwIfFailed(topic);
        return sends.acked();
    }
}
