package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The line repairs that real pastes needed (src/test/resources/real-reports): a Markdown fence glued to a line, a kill
 * line's sizes written with thousands separators, and a host a person blanked out with dots.
 */
class PastedLineRepairsTest {

    @Test
    void shouldDropAFenceGluedToALineButLeaveAFenceLineAlone() {
        assertEquals("[Sun Mar 30 08:24:00 2025] [   7899]     0  7899",
                CodeFences.strip("```[Sun Mar 30 08:24:00 2025] [   7899]     0  7899"));
        assertEquals("UID:0 pgtables:38964kB oom_score_adj:0", CodeFences.strip("UID:0 pgtables:38964kB oom_score_adj:0```"));
        final String fence = "```";
        assertSame(fence, CodeFences.strip(fence));
        final String infoString = "```text";
        assertSame(infoString, CodeFences.strip(infoString));
        final String inName = "Killed process 42 (a```b) total-vm:1kB";
        assertSame(inName, CodeFences.strip(inName));
    }

    @Test
    void shouldDropTheCommasInsideAKillLinesSizesKeepingEveryDigit() {
        assertEquals("Out of memory: Killed process 7899 (python) total-vm:26184840kB, anon-rss:15370088kB, file-rss:0kB",
                DigitGrouping.strip(
                        "Out of memory: Killed process 7899 (python) total-vm:26,184,840kB, anon-rss:153,700,88kB, file-rss:0kB"));
        // Commas between fields, in a name, or in a number that is no size in kB stay.
        final String plain = "Killed process 11726, UID 498, (mysqld) total-vm:7823732kB, anon-rss:2539268kB";
        assertSame(plain, DigitGrouping.strip(plain));
        final String notKb = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0-1,pid=1,2kB";
        assertSame(notKb, DigitGrouping.strip(notKb));
        final String counter = "pgscan:3,739,026,161";
        assertSame(counter, DigitGrouping.strip(counter));
    }

    @Test
    void shouldTakeAnEllipsisForAHiddenHostNotForAMachine() {
        assertNull(ElidedHost.of("x ... y", 2, 5));
        assertNull(ElidedHost.of("x \u2026 y", 2, 3));
        assertEquals("web-1", ElidedHost.of("x web-1 y", 2, 7));
        assertEquals(".", ElidedHost.of("x . y", 2, 3), "one dot is no ellipsis");
        assertEquals("a...b", ElidedHost.of("a...b", 0, 5));
    }

    @Test
    void shouldTakeAHostMaskedWithAsterisksForAHiddenHost() {
        assertNull(ElidedHost.of("x n4.c1.*** y", 2, 11), "coroot/coroot#330 masked the cluster's domain");
        assertNull(ElidedHost.of("x *** y", 2, 5));
        assertEquals("n4.c1.example", ElidedHost.of("x n4.c1.example y", 2, 15));
    }

    @Test
    void shouldReadAJournalctlLineWhoseHostWasBlankedOutWithoutAHost() {
        final Decoded d = new SyslogDecoder().decode(
                "Aug 30 06:58:55.050705 ... kernel: Out of memory: Killed process 461754 (pt_main_thread)",
                java.time.Instant.parse("2026-09-01T00:00:00Z"));
        assertEquals(1, d.lines().size());
        assertNull(d.lines().get(0).host());
        assertEquals("kernel", d.lines().get(0).program());
    }
}
