package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A kill is put down to the host only where its report says so. Real pastes (src/test/resources/real-reports): a
 * RHEL 7 memcg storm whose first kill line was copied without the line before it, and a 5.x global report with its
 * {@code constraint=CONSTRAINT_NONE}. Before, every kernel kill that was not shown to be a cgroup's read "because the
 * host ran out of memory", and its incident "the host itself ran out of memory (no cgroup limit was hit)".
 */
class OomScopeVerdictTest {

    private static final String FIRST_KILL_LINE_ALONE = "real-reports/rhel7-3.10-syslog-memcg-kill-pairs-sacrifice-child.log";
    private static final String GLOBAL = "real-reports/5.x-dmesg-global-oom-kill-summary-kill-reaper-next-header.log";

    @Test
    void aKillLineAloneSaysTheLogDoesNotShowWhatRanOut() {
        final CommandRun r = CommandRun.of("analyze", "--quiet", "--format", "text",
                Fixtures.RESOURCES.resolve(FIRST_KILL_LINE_ALONE).toString());
        assertEquals(0, r.exitCode(), r.stderr());
        final String text = r.stdout().replaceAll("\\s+", " ");
        assertTrue(text.contains("the kernel killed memcg_test_1 (pid 42452, 96 kB anon RSS) (the lines that say "
                + "whether the host or a cgroup limit ran out are not in the log)"), r.stdout());
        assertFalse(text.contains("host ran out of memory"), r.stdout());
        assertFalse(text.contains("host itself ran out"), r.stdout());
    }

    @Test
    void aGlobalReportSaysTheHostRanOut() {
        final CommandRun r = CommandRun.of("analyze", "--quiet", "--format", "text",
                Fixtures.RESOURCES.resolve(GLOBAL).toString());
        assertEquals(0, r.exitCode(), r.stderr());
        final String text = r.stdout().replaceAll("\\s+", " ");
        assertTrue(text.contains("because the host ran out of memory"), r.stdout());
        assertTrue(text.contains("The host itself ran out of memory (no cgroup limit was hit)"), r.stdout());
    }
}
