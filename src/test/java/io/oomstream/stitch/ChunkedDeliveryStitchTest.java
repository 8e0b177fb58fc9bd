package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.OomEvent;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.GroundTruth;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chaos soak's input as its producer delivers it, without Kafka: a second's records sent at once and acknowledged
 * before the next second's (so a second or more apart when acknowledgements are slow), keyed by host over 6
 * partitions, each partition's stitcher fed with the records' create times as stream time and ticked every 250 ms of
 * wall clock between deliveries. Reports are spread among other hosts' lines (the generator's shape), so a
 * memory.oom.group report's kill lines often straddle two deliveries. Every kill must come out once, whole reports
 * complete, and every group member with its report's shared part.
 */
class ChunkedDeliveryStitchTest {

    private static final int RATE = 500;
    private static final int PARTITIONS = 6;
    private static final long TICK = 250;

    @Test
    void shouldKeepEveryReportWholeWhenTheInputArrivesInBatchesASecondOrMoreApart() {
        assertEquals(List.of(), problems(0, new StitchStats()));
    }

    /**
     * As the soak's broker bounces do: now and then delivery stops for seconds (longer than any grace), wherever the
     * reports stand, and resumes. Group members whose kill lines were sent after such a stall rejoin their report by
     * their kernel stamps (stamped eras) and come out whole.
     */
    @Test
    void shouldKeepEveryReportWholeWhenDeliveryStallsForSecondsNowAndThen() {
        final StitchStats stats = new StitchStats();
        assertEquals(List.of(), problems(STALL_EVERY, stats));
        assertTrue(stats.lateMembersRejoined() > 0, "the stalls cut groups, and their members rejoined them");
    }

    /** Batches between two stalls of delivery (each stall 3 to 8 s). */
    private static final int STALL_EVERY = 3;

    /** Delivers the fleet's log (with a stall of delivery every {@code stallEvery} batches, 0 for none); the kills it got wrong. */
    private static List<String> problems(final int stallEvery, final StitchStats stats) {
        final FleetLogGenerator generator = new FleetLogGenerator(GeneratorConfig.defaults().withHosts(2_000)
                .withLines(120_000).withFormat(OutputFormat.MIXED).withOomRate(5).withShares(0.15, 0.08, 0.06)
                .withSeed(13).withLinesPerSecond(RATE).withStart(Instant.parse("2026-12-06T20:00:00Z")));
        final SyslogDecoder decoder = new SyslogDecoder();
        final List<OomEvent> out = new ArrayList<>();
        final Stitcher[] stitchers = new Stitcher[PARTITIONS];
        final long[] streamTime = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            stitchers[p] = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), out::add, stats);
        }
        final SplittableRandom acks = new SplittableRandom(1);
        long sentAt = Instant.parse("2026-12-06T21:00:00Z").toEpochMilli();
        long nextTick = sentAt + TICK;
        final List<FleetRecord> batch = new ArrayList<>();
        int batches = 0;
        while (generator.hasNext()) {
            if (stallEvery > 0 && ++batches % stallEvery == 0) {
                sentAt += 3_000 + acks.nextInt(5_000); // the broker is away: nothing is sent or fetched meanwhile
            }
            batch.clear();
            while (batch.size() < RATE && generator.hasNext()) {
                batch.add(generator.next());
            }
            final long delivered = sentAt + 30 + acks.nextInt(300); // produce, fetch and poll
            for (; nextTick < delivered; nextTick += TICK) {
                for (int p = 0; p < PARTITIONS; p++) {
                    stitchers[p].advance(streamTime[p], nextTick);
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                final FleetRecord r = batch.get(i);
                final int p = Math.floorMod(r.host().hashCode(), PARTITIONS);
                streamTime[p] = Math.max(streamTime[p], sentAt + i / 20); // create time: sent over 25 ms
                for (final LogLine line : decoder.decode(r.value(), Instant.ofEpochMilli(r.epochMillis())).lines()) {
                    stitchers[p].accept(line, streamTime[p], delivered);
                }
            }
            sentAt += 1_000 + acks.nextInt(500); // the next second's batch once this one is acknowledged
        }
        for (int p = 0; p < PARTITIONS; p++) {
            stitchers[p].advance(streamTime[p] + 3_600_000, nextTick + 3_600_000);
        }

        final Map<String, OomEvent> lastById = new LinkedHashMap<>();
        out.forEach(e -> lastById.put(e.eventId(), e));
        final Map<String, List<OomEvent>> byVictim = new HashMap<>();
        lastById.values().stream().filter(e -> e.victim() != null && e.victim().pid() != null)
                .forEach(e -> byVictim.computeIfAbsent(e.host() + "/" + e.victim().pid(), k -> new ArrayList<>()).add(e));
        final List<String> problems = new ArrayList<>();
        int groupKills = 0;
        for (final GroundTruth.Kill k : generator.truth().everyKill()) {
            final List<OomEvent> events = byVictim.getOrDefault(k.host() + "/" + k.pid(), List.of()).stream()
                    .filter(e -> Math.abs(Instant.parse(e.time()).toEpochMilli() - k.timeMillis()) <= 2_000).toList();
            if (events.size() != 1) {
                problems.add(k + ": " + events.size() + " events");
                continue;
            }
            final OomEvent e = events.get(0);
            if (!e.complete()) {
                problems.add(k + ": incomplete " + e.incompleteReason());
            }
            if (k.group()) {
                groupKills++;
                if (e.trigger() == null) {
                    problems.add(k + ": a group member without its report's shared part (" + e.lineCount() + " lines)");
                }
            }
        }
        assertTrue(groupKills > 30, "memory.oom.group kills in the fleet: " + groupKills);
        return problems;
    }
}
