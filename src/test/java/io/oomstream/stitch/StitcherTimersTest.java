package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The stitcher's timers at fleet scale, over a store that counts reads and writes (each write is a changelog
 * record in Kafka): a tick touches only the hosts that are due, and idleness is judged on the input's own clock,
 * so a lagging input never splits a report and a quiet one still times out.
 */
class StitcherTimersTest {

    /** A 5.15 report of 30 lines cut before its kill line, as a host that hung mid-report leaves it. */
    private static final List<LogLine> REPORT = decode(Fixtures.read("storm/5.15-report-without-kill-line.log"));
    private static final long T0 = REPORT.get(0).time().toEpochMilli();
    private static final long W0 = 1_800_000_000_000L;
    private static final long TICK = 250;

    private final CountingStitchStore store = new CountingStitchStore();
    private final List<OomEvent> emitted = new ArrayList<>();
    private final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), store, emitted::add, new StitchStats());

    @Test
    void shouldWriteNothingButTheReportsThatTimeOutDuringAMinuteWithoutInput() {
        for (int h = 0; h < 9_000; h++) {
            feed(stitcher, report("linger-" + h).subList(0, 2), T0, W0);
        }
        stitcher.advance(T0, W0 + 31_000);
        assertEquals(9_000, emitted.size(), "emitted at their idle timeout; they now linger for 10 minutes");
        for (int h = 0; h < 1_000; h++) {
            feed(stitcher, report("open-" + h).subList(0, 2), T0 + 40_000, W0 + 40_000);
        }
        for (int h = 0; h < 500; h++) {
            final String host = "killed-" + h;
            feed(stitcher, List.of(report(host).get(0), killLine(host)), T0 + 40_000, W0 + 40_000);
        }
        assertEquals(1_500, stitcher.openReports());
        assertEquals(10_500, stitcher.scheduledTimers());
        assertEquals(9_500, emitted.size(), "the 500 kills went out with their kill lines");
        store.reset();
        emitted.clear();

        for (long wall = W0 + 40_000 + TICK; wall <= W0 + 100_000; wall += TICK) {
            stitcher.advance(T0 + 40_000, wall);
        }

        assertEquals(1_000, emitted.size(), "1,000 reports at their idle timeout; the 500 kills, already out, unchanged "
                + "after their reaper grace, are not sent again");
        assertEquals(1_500, store.statePuts, "only the reports that timed out, and each kill's host once as its report "
                + "ended (kept for a late memory.oom.group member, see EndedReport): 240 ticks x 10,500 before");
        assertEquals(500, store.stateRemoves, "the kills' hosts' state went an idle timeout after their reports' ends");
        assertEquals(1_000, store.recentPuts);
        assertEquals(1_000, store.lineRemovals, "the two lines of each kill, with the ended report");
        assertEquals(0, store.lineAppends);
        assertEquals(2_000, store.stateReads, "a tick reads only the hosts that are due (a kill's host twice)");
        assertEquals(0, store.fullScans);
        assertEquals(0, stitcher.openReports());
        assertEquals(10_000, stitcher.scheduledTimers(), "the lingering reports wait for their linger to end");
    }

    @Test
    void shouldEmitEachReportOfABurstOnceWithAllItsLinesWhileTheInputLagsBehind() {
        final int hosts = 10_000;
        final List<List<LogLine>> reports = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            reports.add(report(String.format("storm-%05d", h)));
        }
        // 300,000 lines logged within 3 s but read at 250 lines/s: a host's next line comes 40 s of wall clock
        // after its previous one, longer than the idle timeout. Only the input's own time says it is not idle.
        long n = 0;
        long wall = W0;
        for (int line = 0; line < REPORT.size(); line++) {
            for (int h = 0; h < hosts; h++) {
                final long stream = T0 + n / 100;
                wall = W0 + n * 4;
                stitcher.accept(reports.get(h).get(line), stream, wall);
                if (n % (TICK / 4) == 0) {
                    stitcher.advance(stream, wall);
                }
                n++;
            }
        }
        assertEquals(List.of(), emitted, "nothing is idle while its lines are still coming");
        assertEquals(hosts, stitcher.openReports());
        final long streamEnd = T0 + (n - 1) / 100;
        for (long quiet = TICK; quiet <= 60_000; quiet += TICK) {
            stitcher.advance(streamEnd, wall + quiet);
        }

        assertEquals(hosts, emitted.size(), "each report once");
        assertEquals(hosts, emitted.stream().map(OomEvent::eventId).distinct().count());
        assertEquals(hosts, emitted.stream().map(OomEvent::host).distinct().count());
        emitted.forEach(e -> assertFalse(e.complete(), e.host() + " has no kill line"));
        emitted.forEach(e -> assertEquals(REPORT.size(), e.lineCount(), e.host() + " has all its lines"));
        assertTrue(store.statePuts <= hosts * REPORT.size() + hosts,
                "a state write per line and per emission at most, not per tick: " + store.statePuts);
    }

    @Test
    void shouldNotTimeOutAReportWhileRecordsItDoesNotSeeKeepTheInputTimeMoving() {
        feed(stitcher, report("slow").subList(0, 5), T0, W0);
        // Ordinary lines of the same partition (filtered out before the stitcher) move stream time 10 ms per tick:
        // the input is 25 times behind. Two minutes of wall clock are under five seconds of the input's time.
        long stream = T0;
        long wall = W0;
        for (int tick = 0; tick < 480; tick++) {
            stream += 10;
            wall += TICK;
            stitcher.advance(stream, wall);
        }
        assertEquals(List.of(), emitted);

        for (long quiet = TICK; quiet <= 24_000; quiet += TICK) {
            stitcher.advance(stream, wall + quiet);
        }
        assertEquals(List.of(), emitted, "30 s of the input's time have not passed yet");
        for (long quiet = 24_000 + TICK; quiet <= 31_000; quiet += TICK) {
            stitcher.advance(stream, wall + quiet);
        }
        assertEquals(1, emitted.size(), "once the input has gone quiet, the wall clock carries its time forward");
        assertEquals(5, emitted.get(0).lineCount());
    }

    @Test
    void shouldTimeOutOnTheWallClockWhenNoInputArrivesAtAll() {
        feed(stitcher, report("quiet").subList(0, 3), T0, W0);
        final String host = "killed";
        feed(stitcher, List.of(report(host).get(0), killLine(host)), T0, W0);
        assertEquals(List.of(host), hosts(emitted), "the kill goes out with its kill line");

        stitcher.advance(T0, W0 + 750);
        stitcher.advance(T0, W0 + 1_000);
        assertEquals(List.of(host), hosts(emitted), "its reaper grace ends without a reaper line: nothing new to send");
        stitcher.advance(T0, W0 + 29_750);
        assertEquals(1, emitted.size());
        stitcher.advance(T0, W0 + 30_000);
        assertEquals(List.of(host, "quiet"), hosts(emitted), "the report goes out at its idle timeout");
    }

    @Test
    void shouldRebuildItsTimersFromTheStoreAfterARestart() {
        for (int h = 0; h < 1_000; h++) {
            feed(stitcher, report("crash-" + h).subList(0, 4), T0, W0);
        }
        final List<OomEvent> afterRestart = new ArrayList<>();
        final Stitcher restarted = new Stitcher(StitcherConfig.defaults(), store, afterRestart::add, new StitchStats());
        store.reset();

        assertEquals(1_000, restarted.openReports(), "rebuilt from the store");
        assertEquals(1, store.fullScans, "one scan when the stitcher starts, none per tick");
        final long wall = W0 + 3_600_000;
        restarted.advance(-1, wall); // no record since the restart: stream time unknown
        assertEquals(List.of(), afterRestart, "the silence is counted from the restart, not from before the crash");
        restarted.advance(-1, wall + 30_000);
        assertEquals(1_000, afterRestart.size());
        afterRestart.forEach(e -> assertEquals(4, e.lineCount()));
        assertEquals(1, store.fullScans);
    }

    @Test
    void shouldFireTheEarliestTimersFirstAndLeaveTheRestForTheNextTickWhenItsBudgetRunsOut() {
        for (int h = 0; h < 10; h++) {
            feed(stitcher, report("budget-" + h).subList(0, 2), T0 + h * 1_000L, W0);
        }
        final List<Boolean> drained = new ArrayList<>();
        final List<List<String>> perTick = new ArrayList<>();
        while (drained.isEmpty() || !drained.get(drained.size() - 1)) {
            final int before = emitted.size();
            final int[] asked = {0};
            drained.add(stitcher.advance(T0 + 60_000, W0, () -> ++asked[0] < 3));
            perTick.add(hosts(emitted.subList(before, emitted.size())));
        }

        assertEquals(List.of(List.of("budget-0", "budget-1", "budget-2"), List.of("budget-3", "budget-4", "budget-5"),
                List.of("budget-6", "budget-7", "budget-8"), List.of("budget-9")), perTick,
                "three hosts a tick, earliest timer first, each once");
        assertEquals(List.of(false, false, false, true), drained);
    }

    // Test helpers.

    private static void feed(final Stitcher stitcher, final List<LogLine> lines, final long stream, final long wall) {
        for (final LogLine line : lines) {
            stitcher.accept(line, stream, wall);
        }
    }

    /** The template report as another host logged it. */
    private static List<LogLine> report(final String host) {
        return REPORT.stream().map(onHost(host)).toList();
    }

    private static Function<LogLine, LogLine> onHost(final String host) {
        return l -> new LogLine(host, l.time(), l.program(), l.pid(), l.message(), l.uptimeMicros(), l.bootId(),
                l.format());
    }

    /** The kill line mm/oom_kill.c prints for the template's victim (5.x format). */
    private static LogLine killLine(final String host) {
        return decode("Mar  4 10:00:00 " + host + " kernel: [ 8123.400601] Out of memory: Killed process 4242 (java) "
                + "total-vm:5053684kB, anon-rss:3841244kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:7844kB "
                + "oom_score_adj:0").get(0);
    }

    private static List<LogLine> decode(final String text) {
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        final List<LogLine> lines = new ArrayList<>();
        for (final String raw : text.split("\n")) {
            lines.addAll(decoder.decode(raw).lines());
        }
        return lines;
    }

    private static List<String> hosts(final List<OomEvent> events) {
        return events.stream().map(OomEvent::host).toList();
    }
}
