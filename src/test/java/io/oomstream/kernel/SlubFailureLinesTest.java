package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SLUB's slab_out_of_memory() report as people quoted it (src/test/resources/kernel-lines): {@code SLUB: Unable to
 * allocate memory on node -1 (gfp=0x20)} (before 4.6; from then {@code , gfp=0xcc0(GFP_KERNEL)}), a {@code cache:}
 * line and a line per node. It names no process and kills nothing: an allocation failure of its own, whole at its
 * few lines, which the kernel often prints right after a page allocation failure's memory dump (the quoted
 * linux-mm reply's lines, 3.x, cut at whole lines).
 */
class SlubFailureLinesTest {

    @Test
    void shouldReadTheFailureAndItsCacheAndNodeLines() {
        final List<String> lines = List.of(
                Fixtures.read("kernel-lines/slub-allocation-failures-quoted-in-mails-and-issues.txt").split("\n"));
        final String[] masks = {"0x20", null, null, null, "0x2088020", null, null, "0xcc0"};
        for (int i = 0; i < lines.size(); i++) {
            final Classified c = KernelGrammar.classify(lines.get(i), true);
            if (masks[i] != null) {
                assertEquals(LineKind.ALLOC_FAILURE, c.kind(), lines.get(i));
                assertEquals(masks[i], c.group("gfp"), lines.get(i));
                assertNull(c.group("comm"), "SLUB names no process");
            } else {
                assertEquals(LineKind.MEM_SUMMARY, c.kind(), lines.get(i));
            }
        }
        assertEquals("GFP_KERNEL", KernelGrammar.classify(lines.get(7), true).group("flags"));
    }

    @Test
    void shouldMakeTheSlubFailureAnEventOfItsOwnBetweenTwoPageAllocationReports() {
        final List<OomEvent> events = Fixtures.analyzeResource(
                "kernel-lines/slub-failure-after-show-mem-then-page-allocation-failure-mail-quoted.log");

        assertEquals(3, events.size(), events.toString());
        final OomEvent slub = events.get(1);
        assertEquals(EventKind.ALLOC_FAILURE, slub.kind());
        assertTrue(slub.complete(), "the report is its three lines");
        assertEquals(3, slub.lineCount());
        assertEquals("0x2088020", slub.trigger().gfpMask());
        assertNull(slub.trigger().process());
        assertEquals("file_io.00", events.get(2).trigger().process());
        events.forEach(e -> assertNull(e.victim(), "nothing was killed"));
    }
}
