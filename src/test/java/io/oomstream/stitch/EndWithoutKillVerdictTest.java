package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * A report that ends at a line saying why nothing was killed says so in its verdict, in the kernel's words, rather
 * than "an OOM report without its kill line" (which is what a report cut before its kill says). Two real pastes
 * (real-reports/INDEX.md): SONiC's SysRq-f with panic_on_oom=2, and Arch's "Out of memory and no killable processes".
 */
class EndWithoutKillVerdictTest {

    @Test
    void shouldSayTheKernelPanickedWhenPanicOnOomWasSet() {
        final OomEvent e = Fixtures.analyzeResource(
                "real-reports/sonic-3.16-dmesg-sysrq-manual-oom-panic-on-oom-after-shell-prompt.log").get(0);

        assertNull(e.victim());
        assertEquals(IncompleteReason.NO_KILL_LINE, e.incompleteReason());
        final String verdict = e.analysis().verdict();
        assertTrue(verdict.contains("the kernel panicked instead of killing (Out of memory: compulsory panic_on_oom is "
                + "enabled): nothing was killed"), verdict);
    }

    @Test
    void shouldSayNoProcessCouldBeKilled() {
        final OomEvent e = Fixtures.analyzeResource(
                "real-reports/arch-6.17-kernel-prefix-no-killable-processes-then-next-header.log").get(0);

        final String verdict = e.analysis().verdict();
        assertTrue(verdict.contains("the OOM killer found no process it could kill, so nothing was killed"), verdict);
    }
}
