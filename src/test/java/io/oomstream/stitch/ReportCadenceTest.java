package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * The reaper grace measured against the report's own cadence. The kernel prints a report in one burst, but the
 * shipper or producer may deliver it in batches a second or more apart (the chaos soak's producer sends a second's
 * records at once and waits for their acknowledgement). A memory.oom.group report whose next kill lines are in the
 * next batch must not be ended between the batches: each member then came out without the report's shared part.
 */
class ReportCadenceTest {

    private static final List<String> GROUP =
            List.of(Fixtures.read("kernel-logs/e5-5.x/5.15-memory-oom-group.log").split("\n"));
    private static final long START = Instant.parse("2026-12-06T21:00:00Z").toEpochMilli();

    private final SyslogDecoder decoder = new SyslogDecoder();
    private final List<OomEvent> out = new ArrayList<>();
    private final InMemoryStitchStore store = new InMemoryStitchStore();
    private final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), store, out::add, new StitchStats());
    private final long grace = StitcherConfig.defaults().reaperGrace().toMillis();

    @Test
    void shouldKeepAGroupWholeWhenItsLinesArriveInBatchesMoreThanTheGraceApart() {
        long time = START;
        long nextTick = time + 250;
        for (int i = 0; i < GROUP.size(); i++) {
            if (i > 0 && i % 10 == 0) {
                // The next batch comes 1.3 s later (record time and wall clock alike); ticks run meanwhile.
                final long batch = time + 1_300;
                for (; nextTick < batch; nextTick += 250) {
                    stitcher.advance(time, nextTick);
                }
                time = batch;
            }
            for (final LogLine line : decoder.decode(GROUP.get(i), Instant.ofEpochMilli(time)).lines()) {
                stitcher.accept(line, time, time);
            }
        }
        stitcher.advance(time + 60_000, time + 60_000);

        assertEquals(4, out.stream().map(OomEvent::eventId).distinct().count(), "four kills: " + out);
        for (final OomEvent e : out) {
            assertEquals(true, e.complete(), e.eventId() + " " + e.incompleteReason());
            assertNotNull(e.trigger(), "member " + e.victim() + " holds the report's shared part");
        }
    }

    @Test
    void shouldStillEndAReportDeliveredAtOnceOneGraceAfterItsLastLine() {
        final List<String> report = List.of(Fixtures.read("kernel-logs/e5-5.x/5.15-memory-oom-group.log").split("\n"))
                .subList(0, 81); // up to the group notice: the report waits for more members or its reaper line
        long time = START;
        for (final String record : report) {
            for (final LogLine line : decoder.decode(record, Instant.ofEpochMilli(time)).lines()) {
                stitcher.accept(line, time, time);
            }
            time++;
        }
        final long last = time - 1;
        assertEquals(1, out.size(), "the event went out at its kill line");
        stitcher.advance(last, last + grace - 1);
        assertTrue(reportOpen(), "within the grace: more members or the reaper line may still come");
        stitcher.advance(last, last + grace);
        assertFalse(reportOpen(), "lines a millisecond apart: the grace is not stretched");
        assertEquals(1, out.stream().map(OomEvent::eventId).distinct().count());
    }

    private boolean reportOpen() {
        final boolean[] open = {false};
        store.forEachState((key, s) -> open[0] |= s.phase != null);
        return open[0];
    }
}
