package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.Consumer;
import io.oomstream.event.EventKind;
import io.oomstream.event.OomScope;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A culprit is named only when it clearly dominates (at least {@link Culprit#DOMINANCE_RATIO} times the next holder
 * and more than {@link Culprit#MIN_SHARE_PERCENT}% of task memory); otherwise the verdict says the holders were
 * equal. And the dominant memory composition of the reports is quoted in the incident's 'why'.
 */
class CulpritDominanceTest {

    private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");
    private static final long GB = 1024L * 1024;

    @Test
    void threeEqualVmsHaveNoCulpritAndTheVerdictSaysTheyWereEqual() {
        final Incident i = incident(kill("qemu_vm1", List.of(holder("qemu_vm1", 40 * GB, 0.333),
                holder("qemu_vm2", 40 * GB, 0.333), holder("qemu_vm3", 40 * GB, 0.333)), null));
        assertNull(i.culprit());
        assertTrue(i.verdict().contains("qemu_vm1 (33%), qemu_vm2 (33%) and qemu_vm3 (33%) held about equal shares "
                + "of task memory, so no single process is to blame"), i.verdict());
        assertFalse(i.verdict().contains("culprit"), i.verdict());
    }

    @Test
    void aFractionOfAPercentNeverNamesOne() {
        final Incident i = incident(kill("java", List.of(holder("mysqld", 3_010_000, 0.334),
                holder("java", 3_000_000, 0.333), holder("redis-server", 2_990_000, 0.332)), null));
        assertNull(i.culprit(), "33.4% against 33.3%");
        assertTrue(i.verdict().contains("held about equal shares"), i.verdict());
    }

    @Test
    void manySmallHoldersHaveNoCulprit() {
        final Incident i = incident(kill("php-fpm", List.of(holder("php-fpm", 300_000, 0.12),
                holder("nginx", 100_000, 0.04)), null));
        assertNull(i.culprit(), "3x the next, but only 12% of task memory");
        assertTrue(i.verdict().contains("no process held a large share of task memory (the largest, php-fpm, held "
                + "12%)"), i.verdict());
    }

    @Test
    void aClearlyDominantHolderIsTheCulpritAndThePreventionNamesIt() {
        final Incident i = incident(kill("mysqld", List.of(holder("clamscan", 800_000, 0.80),
                holder("mysqld", 150_000, 0.15)), null));
        assertNotNull(i.culprit());
        assertEquals("clamscan", i.culprit().name());
        assertTrue(i.verdict().contains("yet mysqld was killed: clamscan is the likely culprit; a memory limit on "
                + "clamscan (so that it, not its neighbours, runs out) would have prevented it."), i.verdict());
        GroupAndPodIncidentsTest.assertAtMostThreeSentences(i.verdict());
    }

    @Test
    void exactlyTheRatioStillDominates() {
        assertTrue(Culprit.dominates(List.of(holder("a", 1_500, 0.6), holder("b", 1_000, 0.4))));
        assertFalse(Culprit.dominates(List.of(holder("a", 1_499, 0.6), holder("b", 1_000, 0.4))));
    }

    @Test
    void theDominantCompositionOfTheReportsIsQuotedAsOneClause() {
        // A stubbed value of what EventComposition will read from the event's analysis.
        final String slab = "Unreclaimable slab held 61% of RAM. No kill frees kernel memory.";
        final Incident i = incident(kill("java", List.of(holder("java", 500_000, 0.30),
                holder("sshd", 100_000, 0.06)), slab));
        assertTrue(i.verdict().contains("; Unreclaimable slab held 61% of RAM; No kill frees kernel memory;"),
                i.verdict());
        GroupAndPodIncidentsTest.assertAtMostThreeSentences(i.verdict());
    }

    @Test
    void theIncidentQuotesTheEventsDominantFindingNotTheOthers() {
        final io.oomstream.event.Analysis analysis = new io.oomstream.event.Analysis(List.of(), null, null, null, null,
                null, "v", null, List.of(
                new io.oomstream.event.CompositionFinding("slab_unreclaimable", 61, "unreclaimable slab held 61%", "r1"),
                new io.oomstream.event.CompositionFinding("swap_exhausted", null, "swap was full", "r2")));
        assertEquals("unreclaimable slab held 61%", EventComposition.dominantComposition(
                io.oomstream.event.OomEvent.builder().kind(EventKind.OOM_KILL).analysis(analysis).build()));
    }

    @Test
    void exhaustedSwapIsSaidOnceWhenItIsAlsoTheDominantFinding() {
        final KillSummary s = new KillSummary("e-httpd", "vmhost-01", T0.toString(), EventKind.OOM_KILL, 4242,
                "httpd", null, null, false, 1024L, true, null, 1L, List.of(holder("httpd", 500_000, 0.30),
                holder("sshd", 100_000, 0.06)), null, null, null, null, null, null, null, null, null,
                "swap was exhausted (2.0 GB of 2.0 GB used)", null, OomScope.HOST);
        final Incident i = incident(new Kill(s, null, null, null, false));
        assertEquals(1, i.verdict().split("swap was exhausted", -1).length - 1, i.verdict());
        assertTrue(i.verdict().contains("swap was exhausted (2.0 GB of 2.0 GB used)"), i.verdict());
    }

    @Test
    void anEventWithoutCompositionFindingsGivesNoClause() {
        assertNull(EventComposition.dominantComposition(io.oomstream.event.OomEvent.builder()
                .kind(EventKind.OOM_KILL).build()));
    }

    private static Incident incident(final Kill kill) {
        final IncidentTracker tracker = new IncidentTracker(IncidentSettings.defaults());
        return tracker.onKill(null, kill, T0).emitted().get(0);
    }

    private static Kill kill(final String victim, final List<Consumer> holders, final String composition) {
        final KillSummary s = new KillSummary("e-" + victim, "vmhost-01", T0.toString(), EventKind.OOM_KILL, 4242,
                victim, null, null, false, 1024L, null, null, 1L, holders, null, null, null, null, null, null, null,
                null, null, composition, null, OomScope.HOST);
        return new Kill(s, null, null, null, false);
    }

    private static Consumer holder(final String name, final long rssKb, final double share) {
        return new Consumer(name, 1, rssKb, share);
    }
}
