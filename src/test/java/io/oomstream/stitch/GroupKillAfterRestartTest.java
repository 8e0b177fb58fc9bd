package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reproduction of what the long chaos soak found (RELIABILITY.md, "Chaos soak"): an instance restarts right
 * after the first kill line of a memory.oom.group report; its state comes back, and while it waits for the backlog
 * (records it has not fetched yet) wall-clock ticks run. Those ticks were counted as silence, so the reaper grace (1 s)
 * ended the group before the rest of the cgroup's kill lines were read, and the members came out as fragments: one
 * {@code missing_header}, the others a lone kill line each. Silence is time the stitcher watched its input and none
 * came: a restarted stitcher has watched nothing until its first record.
 */
class GroupKillAfterRestartTest {

    private static final List<String> REPORT =
            List.of(Fixtures.read("kernel-logs/e5-5.x/5.15-memory-oom-group.log").split("\n"));
    /** The first kill line's index: the next is "Tasks in ... are going to be killed due to memory.oom.group set". */
    private static final int FIRST_KILL_LINE = 79;
    private static final long GRACE = StitcherConfig.defaults().reaperGrace().toMillis();
    private static final long START = Instant.parse("2026-12-06T21:00:00Z").toEpochMilli();

    private final SyslogDecoder decoder = new SyslogDecoder();
    private final InMemoryStitchStore store = new InMemoryStitchStore();
    private final List<OomEvent> out = new ArrayList<>();

    @Test
    void shouldKeepAGroupWholeWhenTheInstanceRestartsBetweenItsKills() {
        Stitcher stitcher = startedStitcher();
        long recordTime = START;
        long wall = recordTime;
        for (int i = 0; i < REPORT.size(); i++) {
            if (i == FIRST_KILL_LINE + 1) {
                // SIGKILL and restart on the same state; the backlog is re-read from the last commit, a little older
                // than the activity the state holds, and fetching it takes 3 s of wall clock (ticks every 250 ms).
                stitcher = startedStitcher();
                recordTime -= 5;
                for (int tick = 0; tick < 12; tick++) {
                    wall += 250;
                    stitcher.advance(recordTime, wall);
                }
            }
            feed(stitcher, i, recordTime, wall);
            recordTime++;
            wall++;
        }
        stitcher.advance(recordTime + 60_000, wall + 60_000);

        assertEquals(4, out.stream().map(OomEvent::eventId).distinct().count(), "four kills: " + out);
        out.forEach(e -> assertEquals(true, e.complete(), e.eventId() + " " + e.incompleteReason()));
        out.forEach(e -> assertEquals(true, e.lineCount() > 2, "a member's event holds the report's shared part"));
    }

    @Test
    void shouldCountSilenceFromTheFirstRecordAfterARestart() {
        Stitcher stitcher = startedStitcher();
        for (int i = 0; i <= FIRST_KILL_LINE; i++) {
            feed(stitcher, i, START + i, START + i);
        }
        stitcher = startedStitcher();
        final long wall = START + 10_000; // down for 10 s
        stitcher.advance(START, wall);
        stitcher.advance(START, wall + 5_000);
        assertTrue(reportOpen(), "no record yet: the wait for the backlog is no silence");

        // The backlog's first record (another host's line) arrives; this host says nothing more.
        for (final LogLine line : decoder.decode("Dec  6 21:00:01 web-01 sshd[412]: Accepted publickey for deploy",
                Instant.ofEpochMilli(START)).lines()) {
            stitcher.accept(line, START + 100, wall + 6_000);
        }
        stitcher.advance(START + 100, wall + 6_000 + GRACE - 100);
        assertTrue(reportOpen(), "less than the reaper grace since the input was last seen");
        stitcher.advance(START + 100, wall + 6_000 + GRACE + 100);
        assertFalse(reportOpen(), "the report ends a grace after the last record");
        assertEquals(1, out.stream().map(OomEvent::eventId).distinct().count(), "one kill: " + out);
        out.forEach(e -> assertEquals(true, e.complete()));
    }

    @Test
    void shouldEndOpenReportsWhenARestartedStitcherGetsNoInputForTheIdleTimeout() {
        Stitcher stitcher = startedStitcher();
        for (int i = 0; i <= FIRST_KILL_LINE; i++) {
            feed(stitcher, i, START + i, START + i);
        }
        stitcher = startedStitcher();
        final long wall = START + 10_000;
        stitcher.advance(START, wall);
        stitcher.advance(START, wall + 29_000);
        assertTrue(reportOpen(), "still waiting for the backlog");
        stitcher.advance(START, wall + 30_000);
        assertFalse(reportOpen(), "a quiet input: the report ends, the time waited counted as silence");
    }

    /** The event goes out at the kill line; what a restart may not cut short is the open report behind it. */
    private boolean reportOpen() {
        final boolean[] open = {false};
        store.forEachState((key, s) -> open[0] |= s.phase != null);
        return open[0];
    }

    private Stitcher startedStitcher() {
        return new Stitcher(StitcherConfig.defaults(), store, out::add, new StitchStats());
    }

    private void feed(final Stitcher stitcher, final int index, final long recordTime, final long wall) {
        for (final LogLine line : decoder.decode(REPORT.get(index), Instant.ofEpochMilli(recordTime)).lines()) {
            stitcher.accept(line, recordTime, wall);
        }
    }
}
