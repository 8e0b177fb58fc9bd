package io.oomstream.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.DecidingFactor;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.event.VictimRanking;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Why this victim, over reports written from mm/oom_kill.c's printk formats of each era (src/test/resources/explain/rank,
 * one report per era where a rule applies) and the golden kernel logs: the deciding factor, the sentence, and the
 * verdict that carries it. The kernel's own printed scores (golden logs written before this code) are matched exactly.
 */
class VictimRankingFixturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        explain/rank/e3-score-adj-makes-a-small-task-first.log | score_adj | ranked 1st of 6 only because of oom_score_adj +1000 (without it: 2nd)
        explain/rank/e4-score-adj-makes-a-small-task-first.log | score_adj | ranked 1st of 6 only because of oom_score_adj +500 (without it: 2nd)
        explain/rank/e5-score-adj-makes-a-small-task-first.log | score_adj | ranked 1st of 6 only because of oom_score_adj +1000 (without it: 2nd)
        explain/rank/e6-score-adj-makes-a-small-task-first.log | score_adj | ranked 1st of 6 only because of oom_score_adj +1000 (without it: 2nd)
        explain/rank/e3-largest-protected-by-negative-adj.log | protected_larger | the largest process, mysqld (pid 1500, 3.0 GB), had oom_score_adj -998, which protected it, so the kernel took the next one
        explain/rank/e4-largest-protected-by-negative-adj.log | protected_larger | the largest process, mysqld (pid 1500, 3.0 GB), had oom_score_adj -998, which protected it
        explain/rank/e5-largest-protected-by-negative-adj.log | protected_larger | had oom_score_adj -1000, which exempts it, so the kernel took the next one
        explain/rank/e6-largest-protected-by-negative-adj.log | protected_larger | had oom_score_adj -998, which protected it
        explain/rank/e3-root-bonus-spares-the-larger-root-daemon.log | root_bonus | the larger dockerd (pid 900, 2.0 GB) runs as root and the 2.6.36-3.8 (0-1000, root -30) root bonus let it off
        explain/rank/e4b-root-bonus-spares-the-larger-root-daemon.log | root_bonus | runs as root and the 3.14-4.18 (pages, root -3%) root bonus let it off
        explain/rank/e5-tie-between-equal-workers.log | tie | tied with 1 other of the same score (the kernel keeps the first it meets)
        explain/rank/e5-victim-ranks-second-table-disagrees.log | not_first | the kernel's formula ranks it 2nd of 6, behind java (pid 5100)
        explain/rank/e5-victim-row-missing-from-table.log | victim_not_in_table | the ranking cannot be checked: the selected task's row is not in the task table
        explain/rank/e5-no-pages-ram-line-scale-unknown.log | scale_unknown | the ranking cannot be checked: the report prints neither RAM nor the memcg limit
        explain/rank/e2-2.6.27-parent-killed-size-term-only.log | approximate | by the 2.6 heuristic's size term (total_vm, shifted by oom_adj) it ranked 9th of 23; the kernel also weighed children's memory, CPU and run time, which the table does not print
        kernel-logs/e1-2.6.9/rhel4-2.6.9-mysqld-global.log | table_missing | the ranking cannot be checked: the report prints no task table
        kernel-logs/e1-2.6.9/sles10-2.6.16-kill-children.log | child_sacrificed | the kernel selected httpd2-prefork (pid 4410, score 812345) and killed its child httpd2-prefork (pid 4433) instead ('or sacrifice child'); its ranking cannot be checked: the report prints no task table
        kernel-logs/e2-2.6.2x/ubuntu-2.6.27-kill-or-a-child.log | child_sacrificed | the kernel selected gnome-session (pid 3120: by the 2.6 heuristic's size term (total_vm, shifted by oom_adj) it ranked 9th of 23
        kernel-logs/e5-5.x/5.0-summary-then-sacrifice-child.log | child_sacrificed | and killed its child gunicorn (pid 4125) instead ('or sacrifice child')
        """)
    void shouldStateTheDecidingFactorInTheVerdict(final String resource, final String factor, final String fragment) {
        final OomEvent e = onlyKill(resource);
        final VictimRanking r = e.analysis().victimRanking();
        assertNotNull(r, resource);
        assertEquals(factor, r.decidingFactor().json(), r.sentence());
        assertTrue(r.sentence().contains(fragment), r.sentence());
        assertEquals(!r.decidingFactor().unchecked(), e.analysis().verdict().contains(r.sentence()),
                "the verdict repeats what decided, not that it cannot be checked: " + e.analysis().verdict());
        assertEquals(r.decidingFactor().unchecked() || r.sentence().contains("cannot be checked"), r.rank() == null,
                "a rank exactly when it could be checked");
        EventSchema.assertValidEvent(e);
        assertEquals(e, readBack(e), "the event reads back from its JSON with ranking and composition");
    }

    @Test
    void shouldLeaveTheRootBonusOutFrom419SoTheLargerRootDaemonIsTheVictim() {
        final OomEvent e = onlyKill("explain/rank/e5-no-root-bonus-the-larger-root-daemon-dies.log");
        final VictimRanking r = e.analysis().victimRanking();
        assertEquals("dockerd", e.victim().name());
        assertEquals(DecidingFactor.LARGEST, r.decidingFactor());
        assertEquals(1, r.rank());
        assertFalse(r.sentence().contains("root"), r.sentence());
        assertFalse(e.analysis().verdict().contains("ranked"), "the plain 'largest' case adds nothing to the verdict");
    }

    @Test
    void shouldNotRankASelectedTaskTheTableShowsAsExempt() {
        final VictimRanking r = onlyKill("explain/rank/e5-selected-task-shown-exempt-stale-table.log").analysis()
                .victimRanking();
        assertEquals(DecidingFactor.NOT_FIRST, r.decidingFactor());
        assertNull(r.rank());
        assertEquals(5, r.tasksRanked(), "java and the four tasks not exempt");
        assertTrue(r.sentence().contains("as exempt (oom_score_adj -1000), which the kernel never chooses"), r.sentence());
    }

    @Test
    void shouldNameTheSelectedTaskForEveryMemberOfAMemoryOomGroupWalk() {
        final List<OomEvent> events = Fixtures.analyzeResource("kernel-logs/e5-5.x/5.15-memory-oom-group.log");
        assertEquals(DecidingFactor.LARGEST, events.get(0).analysis().victimRanking().decidingFactor());
        for (final OomEvent member : events.subList(1, events.size())) {
            final VictimRanking r = member.analysis().victimRanking();
            assertEquals(DecidingFactor.GROUP_MEMBER, r.decidingFactor(), r.sentence());
            assertTrue(r.sentence().startsWith("the kernel selected worker (pid 9140: ranked 1st of 4"), r.sentence());
            assertTrue(r.sentence().endsWith("as a member of its memory.oom.group"), r.sentence());
        }
    }

    /** Golden logs written before this code: their selection lines' scores are the kernel's, ours must agree. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log | 905
        kernel-logs/e4-rhel7/debian-4.19-tasks-state-pgtables.log | 170
        kernel-logs/e5-5.x/5.0-summary-then-sacrifice-child.log | 235
        """)
    void shouldRecomputeTheScoreTheKernelPrinted(final String resource, final long printed) {
        final VictimRanking r = onlyKill(resource).analysis().victimRanking();
        assertEquals(printed, r.printedScore());
        assertEquals(printed, r.recomputedScore(), r.sentence());
        assertTrue(r.sentence().endsWith("the kernel printed score " + printed + ", recomputed " + printed), r.sentence());
    }

    @Test
    void shouldNotRankAnElidedTableButKeepTheSeedsVerdicts() {
        final OomEvent e = Fixtures.analyzeResource("seeds/000-centos6-httpd-workers-www8321uj.txt").get(2);
        assertEquals(DecidingFactor.TABLE_CUT, e.analysis().victimRanking().decidingFactor());
        assertNull(e.analysis().victimRanking().rank());
        assertEquals(16L, e.analysis().victimRanking().printedScore());
        assertTrue(e.analysis().verdict().contains("httpd processes together held"), e.analysis().verdict());
    }

    @Test
    void shouldGiveNoRankingToEventsWithoutAKernelVictim() {
        for (final OomEvent e : Fixtures.analyzeResource("kernel-logs/alloc-failure/ubuntu-4.15-order3-gfp-names-nodemask.log")) {
            assertNull(e.analysis().victimRanking());
        }
        for (final OomEvent e : Fixtures.analyzeResource("kernel-logs/systemd/earlyoom-userspace-kills.log")) {
            assertNull(e.analysis().victimRanking());
        }
    }

    private static OomEvent readBack(final OomEvent e) {
        try {
            return Json.MAPPER.readValue(Json.write(e), OomEvent.class);
        } catch (final java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static OomEvent onlyKill(final String resource) {
        final List<OomEvent> events = Fixtures.analyzeResource(resource);
        assertEquals(1, events.size(), resource + ": " + events.size() + " events");
        return events.get(0);
    }
}
