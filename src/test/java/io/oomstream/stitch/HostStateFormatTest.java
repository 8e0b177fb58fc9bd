package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host state written by an earlier version (it still carried wall-clock fields) restores and runs its timers. */
class HostStateFormatTest {

    /** What c45740f wrote to the oom-stitch-open store and its changelog for a host mid-report. */
    private static final String WRITTEN_BY_C45740F = "stitch-state/collecting-with-pending-unit.c45740f.json";

    @Test
    void shouldRestoreStateWrittenBeforeTheInputClock() throws Exception {
        final HostState s = Json.MAPPER.readValue(Fixtures.read(WRITTEN_BY_C45740F), HostState.class);

        assertEquals(Phase.COLLECTING, s.phase);
        assertEquals(12, s.lineCount);
        assertEquals(1796583476016L, s.lastActivity);
        assertEquals("postgresql.service", s.pendingUnit);
        assertFalse(new String(s.persistedForm()).contains("wall"), "the wall-clock fields are gone");
    }

    @Test
    void shouldFireTheTimersOfRestoredStateOnceTheInputStaysQuiet() throws Exception {
        final InMemoryStitchStore store = new InMemoryStitchStore();
        final HostState restored = Json.MAPPER.readValue(Fixtures.read(WRITTEN_BY_C45740F), HostState.class);
        store.putState("db-07", restored);
        final String[] report = Fixtures.read("storm/5.15-report-without-kill-line.log").split("\n");
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        for (int i = 0; i < restored.lineCount; i++) {
            store.appendLine("db-07", i, ReportLine.of(decoder.decode(report[i].replace("storm-00000", "db-07")).lines().get(0)));
        }
        final List<OomEvent> emitted = new ArrayList<>();
        final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), store, emitted::add, new StitchStats());
        final long wall = 1_800_000_000_000L;

        stitcher.advance(-1, wall);
        stitcher.advance(-1, wall + 1_000);
        stitcher.advance(-1, wall + 29_999);
        assertTrue(emitted.isEmpty(), "a restarted stitcher waits for its backlog: ticks before any record are no silence");
        stitcher.advance(-1, wall + 30_000);
        assertEquals(2, emitted.size(),
                "no record for the idle timeout: the input is quiet, and all the time waited counts");
        assertEquals(EventKind.UNIT_OOM_KILL, emitted.get(1).kind(), "the unit line waited its reaper grace");
        assertEquals(12, emitted.get(0).lineCount(), "the report went out at its idle timeout");
        assertEquals(1, stitcher.scheduledTimers(), "and lingers");
    }
}
