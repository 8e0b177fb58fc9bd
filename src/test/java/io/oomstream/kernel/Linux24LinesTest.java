package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 2.4's two OOM lines, as linux-kernel mails of 2001-2004 quoted them (src/test/resources/kernel-lines): the
 * allocator's one-line failure, {@code printk("__alloc_pages: %lu-order allocation failed (gfp=0x%x/%i)\n")} with
 * the trailing period or {@code from <caller>} of the -ac and -aa trees, and the page-fault path's kill,
 * {@code printk("VM: killing process %s\n", tsk->comm)}, which prints no pid. The last line is one whose head
 * syslogd lost ({@code cation failed (gfp=0x70/1).}, from the same mail as the period): no failure can be read in it.
 */
class Linux24LinesTest {

    private static final List<String> LINES = List.of(
            Fixtures.read("kernel-lines/linux-2.4-alloc-failures-and-fault-kills-quoted-on-lkml.txt").split("\n"));

    @Test
    void shouldReadEachAllocationFailureWithItsOrderAndMaskAndNoProcess() {
        final String[][] expected = {{"0", "0x1d2"}, {"1", "0x1f0"}, {"0", "0x70"}, {"0", "0x20"}, {"0", "0x21"}};
        for (int i = 0; i < expected.length; i++) {
            final Classified c = KernelGrammar.classify(LINES.get(i), true);
            assertEquals(LineKind.ALLOC_FAILURE, c.kind(), LINES.get(i));
            assertEquals(Integer.valueOf(expected[i][0]), c.intGroup("order"), LINES.get(i));
            assertEquals(expected[i][1], c.group("gfp"), LINES.get(i));
            assertNull(c.group("comm"), "2.4 names no process: " + LINES.get(i));
            assertEquals(KernelEra.E1, c.era(), LINES.get(i));
        }
    }

    @Test
    void shouldReadTheFaultPathKillWithItsNameAndNoPid() {
        final String[] names = {"watchdog", "setiathome", "rmap-test"};
        for (int i = 0; i < names.length; i++) {
            final Classified c = KernelGrammar.classify(LINES.get(5 + i), true);
            assertEquals(LineKind.KILL, c.kind(), LINES.get(5 + i));
            assertEquals(names[i], c.group("name"));
            assertNull(c.group("pid"), "the line prints no pid");
            assertNull(c.era(), "printed from 2.2 to 2.6.28 and later on some arches: it proves no era");
        }
    }

    @Test
    void shouldReadNoFailureInALineWhoseHeadWasLost() {
        assertEquals(LineKind.OTHER, KernelGrammar.classify(LINES.get(8), true).kind());
    }
}
