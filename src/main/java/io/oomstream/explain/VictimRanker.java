package io.oomstream.explain;

import io.oomstream.event.DecidingFactor;
import io.oomstream.event.EventKind;
import io.oomstream.event.MemcgUsage;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TaskEntry;
import io.oomstream.event.Victim;
import io.oomstream.event.VictimRanking;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores every task of a report's table the way that kernel's oom_badness() did ({@link BadnessFormula}), ranks
 * them, and says what decided the choice: the victim's size, its oom_score_adj, a larger task's protection, the
 * root bonus, a child sacrificed for its parent, or a memory.oom.group walk. A table that is missing or cut cannot
 * be checked, and the sentence says so rather than ranking what is left.
 */
public final class VictimRanker {

    private VictimRanker() {
    }

    /** One scored row. */
    private record Scored(TaskEntry task, long points, boolean eligible, long full, long withoutAdj, int adj) {
    }

    /** The ranking of a kernel kill's victim; null for events without a kernel victim. */
    public static VictimRanking rank(final OomEvent e, final List<TaskEntry> table, final ReportFacts facts) {
        final Victim v = e.victim();
        if (v == null || v.pid() == null || !(e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL)) {
            return null;
        }
        final BadnessFormula formula = BadnessFormula.of(e.kernelEra(), e.kernelVersion());
        final Long printed = v.selectedPid() != null ? v.selectedScore() : v.score();
        if (table.isEmpty() || formula == null) {
            return unchecked(v, DecidingFactor.TABLE_MISSING, printed, "the report prints no task table");
        }
        if (!facts.tableWhole()) {
            return unchecked(v, DecidingFactor.TABLE_CUT, printed, "the task table is cut or elided");
        }
        final int selectedPid = selectedPid(v, facts);
        final Scale scale = Scale.of(e, facts);
        final boolean anyAdj = table.stream().anyMatch(t -> t.oomScoreAdj() != null && t.oomScoreAdj() != 0);
        final boolean totalMatters = formula == BadnessFormula.NORMALISED_1000
                || formula == BadnessFormula.PAGES_ROOT_ADJ_30 || (formula.scaled() && anyAdj);
        if (scale.totalPages() == null && totalMatters) {
            return unchecked(v, DecidingFactor.SCALE_UNKNOWN, printed,
                    "the report prints neither RAM nor the memcg limit that the score is scaled by");
        }
        final long total = scale.totalPages() == null ? 1 : scale.totalPages();
        final List<Scored> scored = score(table, facts, formula, total);
        final Scored selected = scored.stream().filter(s -> s.task().pid() != null && s.task().pid() == selectedPid)
                .findFirst().orElse(null);
        if (selected == null) {
            return unchecked(v, DecidingFactor.VICTIM_NOT_IN_TABLE, printed,
                    "the selected task's row is not in the task table");
        }
        final List<Scored> eligible = scored.stream().filter(Scored::eligible).toList();
        if (!selected.eligible()) {
            // The kernel never chooses oom_score_adj -1000 (or oom_adj -17): the row is from another moment.
            return new VictimRanking(null, eligible.isEmpty() ? null : eligible.size(), null, printed,
                    DecidingFactor.NOT_FIRST, "the table shows the selected task as exempt (oom_score_adj "
                    + selected.adj() + "), which the kernel never chooses: the table changed while it printed");
        }
        final int rank = 1 + (int) eligible.stream().filter(s -> s.full() > selected.full()).count();
        // Without totalpages only the 2.6 raw badness can be restated; every later scale divides by it.
        final Long recomputed = scale.totalPages() == null && formula != BadnessFormula.LEGACY_TOTAL_VM
                ? null : formula.printed(selected.full(), total);
        final StringBuilder sb = new StringBuilder();
        DecidingFactor factor = formula == BadnessFormula.LEGACY_TOTAL_VM
                ? legacy(sb, rank, eligible.size())
                : decide(sb, selected, rank, eligible, scored, formula, Math.max(1, facts.pageKb()));
        if (selectedPid != v.pid()) {
            final boolean child = v.selectedPid() != null;
            sb.insert(0, "the kernel selected " + selected.task().name() + " (pid " + selectedPid + ": ");
            sb.append(") and killed ").append(child ? "its child " : "").append(v.name()).append(" (pid ")
                    .append(v.pid()).append(child ? ") instead ('or sacrifice child')" : ") as a member of its memory.oom.group");
            factor = child ? DecidingFactor.CHILD_SACRIFICED : DecidingFactor.GROUP_MEMBER;
        }
        caveats(sb, formula, table, scale, anyAdj);
        if (printed != null && recomputed != null) {
            sb.append("; the kernel printed score ").append(printed).append(", recomputed ").append(recomputed);
        }
        return new VictimRanking(rank, eligible.size(), recomputed, printed, factor, sb.toString());
    }

    private static int selectedPid(final Victim v, final ReportFacts facts) {
        if (v.selectedPid() != null) {
            return v.selectedPid();
        }
        return facts.summaryPid() != null ? facts.summaryPid() : v.pid();
    }

    /**
     * No rank. A sacrificed child is still said (the selection line shows it without any table): that is why this
     * process died, so it is the deciding factor, and the ranking of its parent is what cannot be checked.
     */
    private static VictimRanking unchecked(final Victim v, final DecidingFactor factor, final Long printed,
                                           final String why) {
        if (v.selectedPid() != null) {
            return new VictimRanking(null, null, null, printed, DecidingFactor.CHILD_SACRIFICED, "the kernel selected "
                    + v.selectedName() + " (pid " + v.selectedPid() + (printed == null ? "" : ", score " + printed)
                    + ") and killed its child " + v.name() + " (pid " + v.pid() + ") instead ('or sacrifice child'); "
                    + "its ranking cannot be checked: " + why);
        }
        return new VictimRanking(null, null, null, printed, factor, "the ranking cannot be checked: " + why);
    }

    private static List<Scored> score(final List<TaskEntry> table, final ReportFacts facts,
                                      final BadnessFormula formula, final long total) {
        final List<Scored> out = new ArrayList<>(table.size());
        final long page = Math.max(1, facts.pageKb());
        for (int i = 0; i < table.size(); i++) {
            final TaskEntry t = table.get(i);
            final Integer legacyAdj = i < facts.legacyOomAdj().size() ? facts.legacyOomAdj().get(i) : null;
            final long points = formula == BadnessFormula.LEGACY_TOTAL_VM
                    ? kb(t.totalVmKb()) / page
                    : (kb(t.rssKb()) + kb(t.swapentsKb()) + kb(t.pgtablesKb())) / page;
            final int adj = t.oomScoreAdj() == null ? 0 : t.oomScoreAdj();
            final boolean root = t.uid() != null && t.uid() == 0;
            out.add(new Scored(t, points, formula.eligible(t.oomScoreAdj(), legacyAdj),
                    formula.score(points, adj, legacyAdj, root, total, true),
                    formula.score(points, adj, legacyAdj, root, total, false), adj));
        }
        return out;
    }

    private static DecidingFactor legacy(final StringBuilder sb, final int rank, final int of) {
        sb.append("by the 2.6 heuristic's size term (total_vm, shifted by oom_adj) it ranked ").append(ordinal(rank))
                .append(" of ").append(of).append("; the kernel also weighed children's memory, CPU and run time, "
                        + "which the table does not print");
        return DecidingFactor.APPROXIMATE;
    }

    private static DecidingFactor decide(final StringBuilder sb, final Scored sel, final int rank,
                                         final List<Scored> eligible, final List<Scored> all,
                                         final BadnessFormula formula, final long pageKb) {
        final int of = eligible.size();
        if (rank > 1) {
            final Scored top = eligible.stream().max((a, b) -> Long.compare(a.full(), b.full())).orElseThrow();
            sb.append("the kernel's formula ranks it ").append(ordinal(rank)).append(" of ").append(of)
                    .append(", behind ").append(top.task().name()).append(" (pid ").append(top.task().pid())
                    .append("): the table may have changed while it printed, or the tasks ahead were already exiting");
            return DecidingFactor.NOT_FIRST;
        }
        final int rankWithoutAdj = 1 + (int) eligible.stream().filter(s -> s.withoutAdj() > sel.withoutAdj()).count();
        if (sel.adj() > 0 && rankWithoutAdj > 1) {
            sb.append("ranked 1st of ").append(of).append(" only because of oom_score_adj ").append(signed(sel.adj()))
                    .append(" (without it: ").append(ordinal(rankWithoutAdj)).append(')');
            return DecidingFactor.SCORE_ADJ;
        }
        final Scored largest = all.stream().max((a, b) -> Long.compare(a.points(), b.points())).orElseThrow();
        if (largest.points() > sel.points() && largest != sel) {
            final String who = largest.task().name() + " (pid " + largest.task().pid() + ", "
                    + Sizes.of(largest.points() * pageKb) + ")";
            if (largest.adj() == sel.adj() && formula != BadnessFormula.PAGES && largest.task().uid() != null
                    && largest.task().uid() == 0 && largest.eligible()) {
                sb.append("ranked 1st of ").append(of).append(": the larger ").append(who)
                        .append(" runs as root and the ").append(formula.label()).append(" root bonus let it off");
                return DecidingFactor.ROOT_BONUS;
            }
            sb.append("ranked 1st of ").append(of).append(": the largest process, ").append(who).append(", had oom_score_adj ")
                    .append(signed(largest.adj())).append(largest.eligible() ? ", which protected it" : ", which exempts it")
                    .append(", so the kernel took the next one");
            return DecidingFactor.PROTECTED_LARGER;
        }
        final long ties = eligible.stream().filter(s -> s != sel && s.full() == sel.full()).count();
        if (ties > 0) {
            sb.append("ranked 1st of ").append(of).append(", tied with ").append(ties).append(ties == 1 ? " other" : " others")
                    .append(" of the same score (the kernel keeps the first it meets)");
            return DecidingFactor.TIE;
        }
        sb.append("ranked 1st of ").append(of).append(" by its own memory (rss + swap + page tables: ")
                .append(Sizes.of(sel.points() * pageKb)).append(')');
        return DecidingFactor.LARGEST;
    }

    private static void caveats(final StringBuilder sb, final BadnessFormula formula, final List<TaskEntry> table,
                                final Scale scale, final boolean anyAdj) {
        if (formula != BadnessFormula.LEGACY_TOTAL_VM
                && table.stream().allMatch(t -> t.swapentsKb() == null && t.pgtablesKb() == null)) {
            sb.append(" (the table prints no swap or page-table column, so rss alone was scored)");
        }
        if (anyAdj && formula.scaled() && !scale.exact()) {
            sb.append(" (oom_score_adj scaled by an estimate: ").append(scale.estimateNote()).append(')');
        }
    }

    private static long kb(final Long v) {
        return v == null ? 0 : v;
    }

    private static String signed(final int adj) {
        return adj > 0 ? "+" + adj : Integer.toString(adj);
    }

    static String ordinal(final int n) {
        final int mod100 = n % 100;
        final String suffix = mod100 >= 11 && mod100 <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    /**
     * The kernel's totalpages: RAM + swap for a global OOM; for a memcg OOM its limit plus the swap it may use.
     * A memcg report never prints the host's swap, so a memcg that may swap gets an estimate.
     */
    record Scale(Long totalPages, boolean exact, String estimateNote) {

        static Scale of(final OomEvent e, final ReportFacts facts) {
            final long page = Math.max(1, facts.pageKb());
            final boolean swapIsCombined = facts.memcgSwapIsCombined();
            if (e.kind() == EventKind.MEMCG_OOM_KILL) {
                final MemcgUsage m = e.memcg();
                if (m == null || m.limitKb() == null) {
                    return new Scale(null, false, "no memcg limit printed");
                }
                final long limit = m.limitKb();
                final Long swapLimit = m.swapLimitKb();
                if (swapIsCombined) {
                    if (swapLimit != null && swapLimit <= limit) {
                        return new Scale(limit / page, true, "");
                    }
                    return new Scale((swapLimit == null ? limit : swapLimit) / page, false,
                            "the memcg may swap and the report does not print the host's swap");
                }
                if (swapLimit != null && swapLimit == 0) {
                    return new Scale(limit / page, true, "");
                }
                return new Scale((limit + (swapLimit == null ? 0 : swapLimit)) / page, false,
                        "the memcg may swap and the report does not print the host's swap");
            }
            if (e.ramKb() == null) {
                return new Scale(null, false, "no RAM printed");
            }
            // totalram_pages: RAM the kernel manages, without the reserved pages show_mem counts apart.
            final long managedPages = e.ramKb() / page - (facts.reservedPages() == null ? 0 : facts.reservedPages());
            final Long swapKb = e.swap() == null ? null : e.swap().totalKb();
            return new Scale(managedPages + (swapKb == null ? 0 : swapKb / page), swapKb != null,
                    "the report does not print total swap");
        }
    }
}
