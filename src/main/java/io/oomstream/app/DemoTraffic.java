package io.oomstream.app;

import io.oomstream.loadgen.CheckedSends;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Generated fleet traffic for the demo: many hosts, ordinary syslog with OOM reports of every
 * era mixed in (cascades, duplicates, truncated reports), in every input format, ending now.
 */
final class DemoTraffic {

    /** Reports per 1,000 lines: denser than a real fleet so a short demo shows a few dozen. */
    static final double DEMO_OOM_RATE = 0.6;
    static final double LINES_PER_SECOND = 500;

    private DemoTraffic() {
    }

    static long send(final KafkaProducer<byte[], byte[]> producer, final String topic, final int hosts,
                     final int lines, final long seed) {
        if (lines <= 0) {
            return 0;
        }
        final Instant start = Instant.now().minusMillis((long) (lines / LINES_PER_SECOND * 1000));
        final FleetLogGenerator gen = new FleetLogGenerator(GeneratorConfig.defaults().withSeed(seed).withHosts(hosts)
                .withLines(lines).withFormat(OutputFormat.MIXED).withOomRate(DEMO_OOM_RATE).withStart(start)
                .withLinesPerSecond(LINES_PER_SECOND));
        final CheckedSends sends = new CheckedSends();
        long sent = 0;
        while (gen.hasNext()) {
            final FleetRecord r = gen.next();
            producer.send(new ProducerRecord<>(topic, r.host().getBytes(StandardCharsets.UTF_8),
                    r.value().getBytes(StandardCharsets.UTF_8)), sends);
            sent++;
        }
        producer.flush();
        sends.throwIfFailed(topic);
        return sent;
    }
}
