package io.oomstream.stitch;

import io.oomstream.event.Analysis;
import io.oomstream.event.CompositionFinding;
import io.oomstream.event.Buddy;
import io.oomstream.event.Consumer;
import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TaskEntry;
import io.oomstream.event.Victim;
import io.oomstream.event.VictimRanking;
import io.oomstream.explain.MemoryComposition;
import io.oomstream.explain.ReportFacts;
import io.oomstream.explain.VictimRanker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a report from its own lines: who held the memory (the victim is often not the
 * culprit), whether swap was gone, whether free memory was there but too fragmented for the
 * failing order, and whether the host was thrashing (a report the kernel prints in
 * milliseconds took many seconds to reach the log).
 */
final class ReportAnalysis {

    /** Swap counts as exhausted below this fraction of the total. */
    static final double SWAP_EXHAUSTED_FRACTION = 0.01;
    /** A report whose lines span this long was written by a host that was thrashing. */
    static final long THRASHING_SPAN_SECONDS = 10;
    static final int TOP_CONSUMERS = 5;

    private ReportAnalysis() {
    }

    static Analysis analyse(final OomEvent e, final List<TaskEntry> table, final Long spanSeconds) {
        return analyse(e, table, spanSeconds, ReportFacts.none(!table.isEmpty()));
    }

    /** The analysis, with the victim's ranking and the memory composition read from {@code facts}. */
    static Analysis analyse(final OomEvent e, final List<TaskEntry> table, final Long spanSeconds,
                            final ReportFacts facts) {
        return analyse(e, table, spanSeconds, facts, null, null);
    }

    /**
     * As above, for a report that ended at {@code endedWithoutKill} (see {@link ReportReader#endedWithoutKill}) and
     * whose selection or kill line began with {@code killPrefix} ({@code Out of memory (oom_kill_allocating_task)}).
     */
    static Analysis analyse(final OomEvent e, final List<TaskEntry> table, final Long spanSeconds,
                            final ReportFacts facts, final String endedWithoutKill, final String killPrefix) {
        final List<Consumer> top = topConsumers(table);
        final long tableRss = table.stream().mapToLong(t -> t.rssKb() == null ? 0 : t.rssKb()).sum();
        final Double victimShare = victimShare(e.victim(), table, tableRss);
        final Boolean swapExhausted = swapExhausted(e);
        final Integer order = e.trigger() == null ? null : e.trigger().order();
        final Boolean fragmented = fragmented(e.buddy(), order);
        final Boolean thrashing = spanSeconds == null ? null : spanSeconds >= THRASHING_SPAN_SECONDS;
        final VictimRanking ranking = VictimRanker.rank(e, table, facts);
        final List<CompositionFinding> composition = MemoryComposition.of(e, facts);
        final String verdict = Verdicts.of(e, top, victimShare, swapExhausted, fragmented, spanSeconds, thrashing,
                ranking, composition, endedWithoutKill, killPrefix);
        return new Analysis(top.isEmpty() ? null : top, victimShare, swapExhausted, fragmented, spanSeconds,
                thrashing, verdict, ranking, composition.isEmpty() ? null : composition);
    }

    static List<Consumer> topConsumers(final List<TaskEntry> table) {
        if (table.isEmpty()) {
            return List.of();
        }
        final Map<String, long[]> byName = new LinkedHashMap<>();
        long total = 0;
        for (final TaskEntry t : table) {
            final long rss = t.rssKb() == null ? 0 : t.rssKb();
            final long[] acc = byName.computeIfAbsent(t.name(), k -> new long[2]);
            acc[0]++;
            acc[1] += rss;
            total += rss;
        }
        final List<Consumer> all = new ArrayList<>();
        for (final Map.Entry<String, long[]> en : byName.entrySet()) {
            final double share = total == 0 ? 0 : round((double) en.getValue()[1] / total);
            all.add(new Consumer(en.getKey(), (int) en.getValue()[0], en.getValue()[1], share));
        }
        all.sort(Comparator.comparingLong(Consumer::rssKb).reversed().thenComparing(Consumer::name));
        return List.copyOf(all.subList(0, Math.min(TOP_CONSUMERS, all.size())));
    }

    private static Double victimShare(final Victim v, final List<TaskEntry> table, final long tableRss) {
        if (v == null || v.pid() == null || tableRss == 0) {
            return null;
        }
        for (final TaskEntry t : table) {
            if (v.pid().equals(t.pid()) && t.rssKb() != null) {
                return round((double) t.rssKb() / tableRss);
            }
        }
        return null;
    }

    private static Boolean swapExhausted(final OomEvent e) {
        if (e.swap() == null || e.swap().freeKb() == null) {
            return null;
        }
        final Long total = e.swap().totalKb();
        if (total == null) {
            return e.swap().freeKb() == 0 ? Boolean.TRUE : null; // E1 prints only "Free swap:"
        }
        return total > 0 && e.swap().freeKb() < total * SWAP_EXHAUSTED_FRACTION;
    }

    /**
     * Free memory present, but no zone has a free block at or above the failing order. Null
     * when the report shows no buddy lists or no order (a SysRq OOM has order -1).
     */
    static Boolean fragmented(final List<Buddy> buddies, final Integer order) {
        if (buddies == null || buddies.isEmpty() || order == null || order < 0) {
            return null;
        }
        long free = 0;
        for (final Buddy b : buddies) {
            free += b.totalKb() == null ? 0 : b.totalKb();
            if (b.largestFreeOrder() != null && b.largestFreeOrder() >= order) {
                return false;
            }
        }
        return free > 0;
    }

    static double round(final double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    static boolean isKill(final OomEvent e) {
        return e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL;
    }
}
