package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Report boundaries in the stream, where every version of an event goes out (analyze prints only the last): a
 * line that the evidence does not tie to the open report never changes that report's event.
 */
class ReportBoundaryTest {

    /**
     * The regression of issue 11: an allocation failure without an end marker lingers; a header-less kill on the
     * same host 7.5 minutes later used to "complete" it, overwriting it under its event_id as an oom_kill that
     * inherited its trigger and gfp mask and a 456 s "thrashing" span.
     */
    @Test
    void shouldNeverTurnALingeringAllocationFailureIntoTheKillThatFollowsIt() {
        final List<OomEvent> emitted = stream("kernel-logs/mixed/alloc-failure-lingers-then-headerless-kill-7.5-min-later.log");

        final String allocId = emitted.get(0).eventId();
        assertEquals(EventKind.ALLOC_FAILURE, emitted.get(0).kind());
        final List<OomEvent> allocVersions = emitted.stream().filter(e -> e.eventId().equals(allocId)).toList();
        allocVersions.forEach(e -> {
            assertEquals(EventKind.ALLOC_FAILURE, e.kind(), "no version of the allocation failure is a kill");
            assertNull(e.victim());
            assertEquals(0L, e.analysis().reportSpanSeconds());
        });
        final List<OomEvent> kills = emitted.stream().filter(e -> e.kind() == EventKind.OOM_KILL).toList();
        assertFalse(kills.isEmpty());
        kills.forEach(k -> {
            assertNotEquals(allocId, k.eventId());
            assertNull(k.trigger(), "the kill printed no header: no trigger, no gfp mask, no order");
            assertEquals(40211, k.victim().pid());
            assertFalse(k.analysis().thrashing(), "the kill's own lines span no time");
        });
        assertTrue(kills.get(kills.size() - 1).reaped());
    }

    /** Feeds a resource line by line as the stream processor does (timers on the log's own clock). */
    private static List<OomEvent> stream(final String resource) {
        final List<OomEvent> emitted = new ArrayList<>();
        final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), emitted::add,
                new StitchStats());
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        long now = Long.MIN_VALUE;
        for (final String raw : Fixtures.read(resource).split("\n")) {
            for (final LogLine line : decoder.decode(raw).lines()) {
                if (line.time() != null) {
                    now = Math.max(now, line.time().toEpochMilli());
                }
                stitcher.advance(now, null);
                stitcher.accept(line, now, null);
            }
        }
        stitcher.flushAll();
        return emitted;
    }
}
