package io.oomstream.reorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.stitch.InMemoryStitchStore;
import io.oomstream.stitch.StitchStats;
import io.oomstream.stitch.Stitcher;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import static io.oomstream.testing.EventDiff.assertSameEvents;

import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A generated fleet log, its records shuffled within 2 s of log time (each record's arrival is its log time plus a
 * random delay of up to 2 s), through the reorder stage and the stitcher: the same events, ids and fields, as the
 * stitcher gives on the ordered log. Every output format: stamped, microsecond and second-resolution lines (E1 hosts
 * print no stamps, so their reports rest on the grammar's positions alone). The Kafka-free half of issue 15's
 * point 3; the broker test runs the same through partitions and stream threads.
 */
class ShuffledFleetLogTest {

    private static final long SHUFFLE_MILLIS = 2_000;
    private static final Instant REFERENCE = Instant.parse("2024-12-01T00:00:00Z");

    @ParameterizedTest
    @EnumSource(value = OutputFormat.class)
    void shouldGiveTheEventsOfTheOrderedLogFromLinesShuffledWithinTwoSeconds(final OutputFormat format) {
        final List<FleetRecord> records = fleet(format);
        final Map<String, JsonNode> ordered = stitch(arrivals(records, 0, 1), false);
        assertTrue(ordered.size() > 30, "a fleet log with reports: " + ordered.size());
        final Map<String, JsonNode> shuffled = stitch(arrivals(records, SHUFFLE_MILLIS, 1), true);
        assertEquals(ordered.keySet(), shuffled.keySet());
        assertSameEvents(ordered, shuffled);
    }

    @ParameterizedTest
    @EnumSource(value = OutputFormat.class)
    void shouldGiveTheEventsOfOneCopyFromTwoCopiesShuffledTogether(final OutputFormat format) {
        final List<FleetRecord> records = fleet(format);
        final Map<String, JsonNode> ordered = stitch(arrivals(records, 0, 1), false);
        final Map<String, JsonNode> twice = stitch(arrivals(records, SHUFFLE_MILLIS, 2), true);
        assertEquals(ordered.keySet(), twice.keySet());
        assertSameEvents(ordered, twice);
    }

    static List<FleetRecord> fleet(final OutputFormat format) {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withFormat(format)
                .withHosts(40).withLines(60_000).withOomRate(0.6).withSeed(15));
        final List<FleetRecord> out = new ArrayList<>();
        g.forEachRemaining(out::add);
        return out;
    }

    /** One arrival: the record, and the wall-clock time it reaches the application. */
    record Arrival(FleetRecord record, long wallMillis, long order) {
    }

    /** {@code copies} copies of the records, each record arriving at its log time plus up to {@code jitter} ms. */
    static List<Arrival> arrivals(final List<FleetRecord> records, final long jitter, final int copies) {
        final SplittableRandom rnd = new SplittableRandom(jitter * 31 + copies);
        final List<Arrival> out = new ArrayList<>();
        long order = 0;
        for (int copy = 0; copy < copies; copy++) {
            for (final FleetRecord r : records) {
                out.add(new Arrival(r, r.epochMillis() + (jitter == 0 ? 0 : rnd.nextLong(jitter)), order++));
            }
        }
        out.sort(Comparator.comparingLong(Arrival::wallMillis).thenComparingLong(Arrival::order));
        return out;
    }

    /** The final version of each event, by id, as JSON. */
    static Map<String, JsonNode> stitch(final List<Arrival> arrivals, final boolean reorder) {
        final Map<String, JsonNode> events = new TreeMap<>();
        final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(),
                e -> events.put(e.eventId(), json(e)), new StitchStats());
        final long[] streamNow = {Long.MIN_VALUE};
        final ReorderBuffer buffer = new ReorderBuffer(ReorderConfig.defaults(), new InMemoryReorderStore(), r -> {
            if (r.line().time() != null) {
                streamNow[0] = Math.max(streamNow[0], r.line().time().toEpochMilli());
            }
            stitcher.accept(r.line(), r.classified(), streamNow[0], null);
        }, new ReorderStats());
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        for (final Arrival a : arrivals) {
            buffer.tick(a.wallMillis);
            final DecodeResult result = decoder.decode(a.record.value(), REFERENCE, ProgramFilter.OOM_RELEVANT);
            if (!(result instanceof Decoded d)) {
                continue;
            }
            for (final LogLine line : d.lines()) {
                if (!KernelGrammar.mayMatter(line)) {
                    continue;
                }
                final Classified c = KernelGrammar.classify(line);
                if (c.kind() == LineKind.OTHER) {
                    continue;
                }
                if (reorder) {
                    buffer.accept(line, c, a.wallMillis);
                } else {
                    if (line.time() != null) {
                        streamNow[0] = Math.max(streamNow[0], line.time().toEpochMilli());
                    }
                    stitcher.accept(line, c, streamNow[0], null);
                }
            }
        }
        buffer.flushAll();
        stitcher.flushAll();
        return events;
    }

    /** The event as a JSON tree: an object's fields compare as a set (mem_info's counters come in line order). */
    private static JsonNode json(final OomEvent e) {
        return Json.MAPPER.valueToTree(e);
    }
}
