package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * oom.events is an upsert log keyed by event_id: a kill goes out when its kill line arrives, and each later line
 * of its report that changes it (the reaper line, systemd's unit line) sends it again under the same id; the last
 * version is the event. {@code analyze} prints that last version once.
 */
class EventVersionsTest {

    private static final String KILL_REAPER_UNIT = "kernel-logs/systemd/kernel-kill-then-unit-lines.log";

    @Test
    void theKillGoesOutWithItsKillLineAndItsReaperAndUnitLinesUpdateItUnderTheSameId() {
        final List<String> lines = List.of(Fixtures.read(KILL_REAPER_UNIT).split("\n"));
        final int killLine = indexOf(lines, "Out of memory: Killed process 8120");
        final List<OomEvent> emitted = new ArrayList<>();
        final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), emitted::add,
                new StitchStats());
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);

        feed(stitcher, decoder, lines.subList(0, killLine + 1));
        assertEquals(1, emitted.size(), "out with its kill line, before any later line or timer");
        final OomEvent atKill = emitted.get(0);
        assertEquals(8120, atKill.victim().pid());
        assertTrue(atKill.complete());
        assertNull(atKill.reaped(), "no reaper line yet");
        assertNull(atKill.systemdUnit(), "no unit line yet");

        feed(stitcher, decoder, lines.subList(killLine + 1, lines.size()));
        stitcher.flushAll();
        assertEquals(3, emitted.size(), "the kill line, its reaper line, its unit line: " + emitted);
        assertEquals(1, emitted.stream().map(OomEvent::eventId).distinct().count(), "one event id");
        final OomEvent last = emitted.get(emitted.size() - 1);
        assertTrue(last.reaped());
        assertEquals("billing-worker.service", last.systemdUnit());
        assertEquals(atKill.lineCount() + 1, last.lineCount(), "the reaper line joined the report");
        for (int i = 1; i < emitted.size(); i++) {
            assertFalse(emitted.get(i).equals(emitted.get(i - 1)), "each version changes the event");
        }
    }

    @Test
    void analyzePrintsEachEventOnceInItsLastVersion() {
        final List<OomEvent> printed = Fixtures.analyzeResource(KILL_REAPER_UNIT);
        assertEquals(1, printed.size(), printed.toString());
        assertTrue(printed.get(0).reaped());
        assertEquals("billing-worker.service", printed.get(0).systemdUnit());
    }

    private static int indexOf(final List<String> lines, final String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    private static void feed(final Stitcher stitcher, final SyslogDecoder decoder, final List<String> lines) {
        for (final String raw : lines) {
            for (final LogLine line : decoder.decode(raw).lines()) {
                final long now = line.time().toEpochMilli();
                stitcher.advance(now, null);
                stitcher.accept(line, now, null);
            }
        }
    }
}
