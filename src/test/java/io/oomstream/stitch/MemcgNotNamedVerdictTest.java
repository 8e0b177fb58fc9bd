package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A memcg kill whose report's {@code Task in ... killed as a result of limit of ...} line is above the paste
 * (kubernetes#56891 in real-reports): the limit cgroup is not known, and the verdict says the log does not name it
 * rather than calling the cgroup "(unnamed)", as main's jar did.
 */
class MemcgNotNamedVerdictTest {

    @Test
    void shouldSayTheLogDoesNotNameTheCgroup() {
        final OomEvent kill = Fixtures.analyzeResource(
                "real-reports/rhel7-dmesg-T-memcg-v1-kubepods-child-sacrificed-then-next-header-8-min-later.log").get(0);

        assertEquals(EventKind.MEMCG_OOM_KILL, kill.kind());
        assertNull(kill.oomMemcg());
        final String verdict = kill.analysis().verdict();
        assertTrue(verdict.contains("because a memory cgroup hit its limit (the log does not name it)"), verdict);
        assertFalse(verdict.contains("(unnamed)"), verdict);
    }
}
