package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.RecordOutcomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrdinaryRecordFilter} against the decode processor's own rule: fed a partition's records in polls of any
 * size, it drops only records one decoder reading every record in order finds ordinary, keeps the last record of each
 * poll, hands the processor exactly that decoder's result for each record it keeps, counts what it drops as the
 * processor would, passes the consumer's next offsets on, and leaves other topics alone.
 */
class OrdinaryRecordFilterTest {

    private static final String INPUT = "syslog";
    private static final long RECEIVED = Instant.parse("2026-03-04T12:00:00Z").toEpochMilli();

    private final Metrics metrics = new Metrics();
    private final OrdinaryRecordFilter filter = new OrdinaryRecordFilter();

    OrdinaryRecordFilterTest() {
        filter.configure(Map.of(OrdinaryRecordFilter.TOPIC, INPUT, OrdinaryRecordFilter.METRICS, metrics));
    }

    @AfterEach
    void forgetHandoff() {
        for (int p = 0; p < 4; p++) {
            DecodeHandoff.reset(new TopicPartition(INPUT, p));
        }
    }

    @Test
    void shouldDropOnlyWhatTheProcessorsDecoderFindsOrdinaryAndHandOnItsDecodeOfTheRest() throws IOException {
        final List<String> fixture = Files.readAllLines(
                Path.of("src/test/resources/ordinary-filter/continuations-around-a-kill.log"), StandardCharsets.UTF_8);
        final Outcome onePoll = run(fixture, new int[] {100});
        // Dropped: sshd, cron, the systemd "Started" line, nginx (the decoder knows them ordinary from their program).
        // Kept for the processor: the continuation (decoded in full, then passed over by the pre-filter), the e1000e
        // kernel line (the grammar's), the report lines, the cut JSON (a dead letter), and the last sshd line, which
        // ends the poll.
        assertEquals(new Outcome(fixture.size() - 4, 4), onePoll);
        forgetHandoff();
        run(fixture, new int[] {1, 2, 3});

        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(20_000).withHosts(50)
                .withFormat(OutputFormat.JSON).withSeed(16));
        final List<String> fleet = new ArrayList<>();
        while (g.hasNext()) {
            fleet.add(g.next().value());
        }
        final Outcome large = run(fleet, new int[] {1, 7, 500, 1000});
        assertTrue(large.dropped > 0.95 * fleet.size(), large.dropped + " of " + fleet.size() + " dropped");
    }

    @Test
    void shouldKeepTheLastRecordOfEachPollAndPassTheNextOffsetsAndOtherTopicsOn() {
        final TopicPartition p0 = new TopicPartition(INPUT, 0);
        final TopicPartition p1 = new TopicPartition(INPUT, 1);
        final TopicPartition other = new TopicPartition("oom-lines-by-host-repartition", 0);
        final String sshd = "Mar  4 10:00:00 calm sshd[812]: Accepted publickey for deploy from 10.0.0.7";
        final String kill = "Mar  4 10:00:01 calm kernel: [5000.000006] Out of memory: Killed process 4242 (java) "
                + "total-vm:4000000kB, anon-rss:3600000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:7012kB "
                + "oom_score_adj:0";
        final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> polled = new LinkedHashMap<>();
        polled.put(p0, List.of(record(p0, 10, sshd), record(p0, 11, kill), record(p0, 12, sshd), record(p0, 13, sshd)));
        polled.put(p1, List.of(record(p1, 0, sshd)));
        polled.put(other, List.of(record(other, 5, sshd), record(other, 6, sshd)));
        final Map<TopicPartition, OffsetAndMetadata> next = Map.of(p0, new OffsetAndMetadata(14),
                p1, new OffsetAndMetadata(1), other, new OffsetAndMetadata(7));

        final ConsumerRecords<byte[], byte[]> out = filter.onConsume(new ConsumerRecords<>(polled, next));

        assertEquals(List.of(11L, 13L), offsets(out.records(p0)));
        assertEquals(List.of(0L), offsets(out.records(p1)));
        assertEquals(List.of(5L, 6L), offsets(out.records(other)), "only the input topic is filtered");
        assertEquals(next, out.nextOffsets(), "Streams commits these when a partition's buffer is empty");
        assertEquals(Map.of("ordinary/other_program", 2L), RecordOutcomes.of(metrics));
        assertEquals(2L, count(Metrics.RECORDS_DECODED));
        assertEquals(2L, count(DecodeProcessor.LINES_PREFILTERED));

        assertNull(DecodeHandoff.take(INPUT, 0, 10), "dropped: nothing handed on");
        assertFalse(DecodeHandoff.take(INPUT, 0, 11) instanceof OrdinaryLine, "the kill line, decoded in full");
        assertTrue(DecodeHandoff.take(INPUT, 0, 13) instanceof OrdinaryLine, "kept as the poll's last, still ordinary");
        assertNull(DecodeHandoff.take(INPUT, 0, 13), "each handed once");
        assertTrue(DecodeHandoff.take(INPUT, 1, 0) instanceof OrdinaryLine);
    }

    @Test
    void shouldStartAFreshDecoderWhenAPartitionIsReadAgainFromAnotherOffset() {
        final TopicPartition p0 = new TopicPartition(INPUT, 0);
        final String sshd = "Mar  4 10:00:00 calm sshd[812]: Accepted publickey for deploy from 10.0.0.7";
        final String continuation = "    an indented continuation";
        filter.onConsume(poll(p0, record(p0, 0, sshd), record(p0, 1, sshd)));
        // Read again from offset 1 (a seek after a rebalance): a new task's decoder has no line to continue.
        final ConsumerRecords<byte[], byte[]> again = filter.onConsume(poll(p0, record(p0, 1, continuation),
                record(p0, 2, sshd)));
        assertEquals(List.of(1L, 2L), offsets(again.records(p0)));
        final DecodeResult fresh = new SyslogDecoder(OomTopology.decoderOptions()).decode(
                continuation.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(RECEIVED),
                ProgramFilter.OOM_REPORT_LINES);
        assertEquals(fresh, DecodeHandoff.take(INPUT, 0, 1));
        assertFalse(fresh instanceof OrdinaryLine, "not a continuation without the line before it");
    }

    @Test
    void shouldBeInstalledAfterTheConfiguredInterceptors() {
        final Metrics m = new Metrics();
        final Properties keyed = OrdinaryRecordFilter.streamsProperties(config(Map.of(
                AppConfig.INPUT_KEYED_BY_HOST, "true", "consumer.interceptor.classes", "com.example.Tracing")), m);
        assertEquals("com.example.Tracing," + OrdinaryRecordFilter.class.getName(),
                keyed.getProperty("main.consumer.interceptor.classes"));
        assertSame(m, keyed.get("main.consumer." + OrdinaryRecordFilter.METRICS));
        assertEquals("in", keyed.get("main.consumer." + OrdinaryRecordFilter.TOPIC));
        assertEquals("10000", keyed.getProperty("main.consumer.max.poll.records"));
        assertEquals("500", OrdinaryRecordFilter.streamsProperties(config(Map.of(AppConfig.INPUT_KEYED_BY_HOST, "true",
                "max.poll.records", "500")), m).getProperty("max.poll.records"), "as configured");
        final Properties reordered = OrdinaryRecordFilter.streamsProperties(config(Map.of(AppConfig.REORDER, "on")), m);
        assertEquals(OrdinaryRecordFilter.class.getName(), reordered.getProperty("main.consumer.interceptor.classes"),
                "reorder stage on: its marks stay right with the filter (the poll's last record is processed)");
    }

    // ---- the reference: the decode processor's decoder, every record in order --------------------------------

    private record Outcome(long kept, long dropped) {
    }

    /** Feeds {@code records} as partition 0 in polls of the given sizes (cycled) and checks every record. */
    private Outcome run(final List<String> records, final int[] pollSizes) {
        final TopicPartition tp = new TopicPartition(INPUT, 0);
        final SyslogDecoder reference = new SyslogDecoder(OomTopology.decoderOptions());
        final Random random = new Random(7);
        long ordinaryInReference = 0;
        long kept = 0;
        long dropped = 0;
        int offset = 0;
        while (offset < records.size()) {
            final int size = Math.min(pollSizes[random.nextInt(pollSizes.length)], records.size() - offset);
            final List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(record(tp, offset + i, records.get(offset + i)));
            }
            final List<ConsumerRecord<byte[], byte[]>> out = filter.onConsume(new ConsumerRecords<>(Map.of(tp, batch),
                    Map.of(tp, new OffsetAndMetadata(offset + size)))).records(tp);
            assertEquals(offset + size - 1, out.get(out.size() - 1).offset(), "the poll's last record is kept");
            int k = 0;
            for (final ConsumerRecord<byte[], byte[]> r : batch) {
                final DecodeResult expected = reference.decode(r.value(), Instant.ofEpochMilli(RECEIVED),
                        ProgramFilter.OOM_REPORT_LINES);
                final boolean keptHere = k < out.size() && out.get(k).offset() == r.offset();
                final String where = "offset " + r.offset() + ": " + new String(r.value(), StandardCharsets.UTF_8);
                if (expected instanceof OrdinaryLine) {
                    ordinaryInReference++;
                }
                if (keptHere) {
                    k++;
                    kept++;
                    final DecodeResult handed = DecodeHandoff.take(INPUT, 0, r.offset());
                    if (expected instanceof OrdinaryLine o) {
                        assertTrue(handed instanceof OrdinaryLine h && h.host().equals(o.host())
                                && h.epochMillis() == o.epochMillis(), where);
                    } else {
                        assertEquals(expected, handed, where);
                    }
                } else {
                    dropped++;
                    assertTrue(expected instanceof OrdinaryLine, "dropped a record the processor keeps: " + where);
                }
            }
            assertEquals(out.size(), k);
            offset += size;
        }
        // Dropped records are counted here; the kept ordinary ones the processor counts when it gets them.
        final long counted = RecordOutcomes.of(metrics).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(dropped, counted - countedBefore);
        countedBefore = counted;
        assertTrue(ordinaryInReference >= dropped);
        return new Outcome(kept, dropped);
    }

    private long countedBefore;

    private static ConsumerRecords<byte[], byte[]> poll(final TopicPartition tp,
                                                         final ConsumerRecord<byte[], byte[]> first,
                                                         final ConsumerRecord<byte[], byte[]> second) {
        return new ConsumerRecords<>(Map.of(tp, List.of(first, second)),
                Map.of(tp, new OffsetAndMetadata(second.offset() + 1)));
    }

    private static ConsumerRecord<byte[], byte[]> record(final TopicPartition tp, final long offset,
                                                         final String value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, RECEIVED, TimestampType.LOG_APPEND_TIME,
                -1, -1, "calm".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(), Optional.empty());
    }

    private static List<Long> offsets(final List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }

    private long count(final String name) {
        return metrics.snapshot().stream().filter(s -> s.name().equals(name)).mapToLong(s -> (long) s.value()).sum();
    }

    private static AppConfig config(final Map<String, String> extra) {
        final Map<String, String> s = new HashMap<>(Map.of(AppConfig.INPUT_TOPIC, "in"));
        s.putAll(extra);
        return AppConfig.load(null, Map.of(), s);
    }
}
