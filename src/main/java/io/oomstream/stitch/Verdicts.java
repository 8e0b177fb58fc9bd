package io.oomstream.stitch;

import io.oomstream.event.Buddy;
import io.oomstream.event.CompositionFinding;
import io.oomstream.event.Consumer;
import io.oomstream.event.DecidingFactor;
import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.event.OomScope;
import io.oomstream.event.Trigger;
import io.oomstream.event.Victim;
import io.oomstream.event.VictimRanking;
import io.oomstream.explain.DecimalText;
import io.oomstream.explain.MemoryComposition;
import java.util.List;

/**
 * Writes the event's verdict: one plain sentence that answers who died, why, who held the
 * memory and what that suggests. Only facts the report shows go in; absent facts are left out.
 */
final class Verdicts {

    private Verdicts() {
    }

    static String of(final OomEvent e, final List<Consumer> top, final Double victimShare, final Boolean swapExhausted,
                     final Boolean fragmented, final Long spanSeconds, final Boolean thrashing) {
        return of(e, top, victimShare, swapExhausted, fragmented, spanSeconds, thrashing, null, List.of(), null, null);
    }

    /**
     * The verdict with the explanations (io.oomstream.explain): why this victim (only when the ranking says more
     * than "the largest" and could be checked, or a child was sacrificed) and what filled memory, the dominant finding first. The swap
     * finding is left to the swap clause below, which every era already had.
     */
    static String of(final OomEvent e, final List<Consumer> top, final Double victimShare, final Boolean swapExhausted,
                     final Boolean fragmented, final Long spanSeconds, final Boolean thrashing,
                     final VictimRanking ranking, final List<CompositionFinding> composition,
                     final String endedWithoutKill, final String killPrefix) {
        final StringBuilder sb = new StringBuilder();
        if (!e.complete() && e.incompleteReason() != null) {
            sb.append("Incomplete report (").append(e.incompleteReason().json()).append("): ");
        }
        sb.append(e.host() == null ? "host not named in the log" : e.host()).append(": ");
        if (e.kind() == EventKind.ALLOC_FAILURE) {
            allocFailure(sb, e, fragmented);
        } else if (e.victim() != null) {
            kill(sb, e, top, victimShare);
            // "Largest" adds nothing to the kill, and "cannot be checked" is said in victim_ranking alone: a
            // table-less era or a rate-limited kill would otherwise repeat it in every verdict.
            if (ranking != null && ranking.decidingFactor() != DecidingFactor.LARGEST
                    && !ranking.decidingFactor().unchecked()) {
                sb.append("; ").append(ranking.sentence());
            }
            if (killPrefix != null && killPrefix.contains("(oom_kill_allocating_task)")) {
                // out_of_memory() with sysctl_oom_kill_allocating_task: current is killed, no task is ranked.
                sb.append("; the kernel chose the task that was allocating when memory ran out "
                        + "(vm.oom_kill_allocating_task=1), not the largest");
            }
        } else if (endedWithoutKill != null) {
            endWithoutKill(sb, endedWithoutKill);
            largestBlock(sb, e.buddy());
        } else if (showsNothingOfTheOomKiller(e)) {
            // Mem-Info, zones and show_mem's page counts end allocation failures too: the lines shown do not say which.
            sb.append("the end of a report whose first lines are not in the log (an OOM report or an allocation "
                    + "failure: its memory lines alone do not tell), and no kill line");
            largestBlock(sb, e.buddy());
        } else {
            sb.append("an OOM report without its kill line");
            largestBlock(sb, e.buddy());
        }
        final List<CompositionFinding> memory = composition.stream()
                .filter(f -> !"swap_exhausted".equals(f.kind())).toList();
        if (!memory.isEmpty()) {
            sb.append("; memory: ").append(memory.get(0).sentence());
            for (int i = 1; i < memory.size(); i++) {
                sb.append(i == 1 ? "; then " : ", ").append(MemoryComposition.shortForm(memory.get(i)));
            }
        }
        if (Boolean.TRUE.equals(swapExhausted)) {
            sb.append("; swap was exhausted");
        } else if (e.swap() != null && e.swap().totalKb() != null && e.swap().totalKb() == 0) {
            sb.append("; no swap was configured");
        }
        if (Boolean.TRUE.equals(thrashing)) {
            sb.append("; the report took ").append(spanSeconds)
                    .append(" s to reach the log, so the host was thrashing and may hang");
        }
        return sb.append('.').toString();
    }

    /** The longest part of a kernel line quoted in a verdict. */
    private static final int MAX_QUOTED_CHARS = 120;

    /** What the line that ended a report without a kill says happened (oom_kill.c's and panic()'s own words). */
    private static void endWithoutKill(final StringBuilder sb, final String line) {
        final String panic = "Kernel panic - not syncing: ";
        if (line.startsWith(panic)) {
            final String why = line.substring(panic.length()).strip();
            sb.append("the kernel panicked instead of killing (")
                    .append(why.length() > MAX_QUOTED_CHARS ? why.substring(0, MAX_QUOTED_CHARS) + "..." : why)
                    .append("): nothing was killed, and the host stopped");
        } else if (line.startsWith("Out of memory and no killable processes")) {
            sb.append("the OOM killer found no process it could kill, so nothing was killed");
        } else if (line.startsWith("OOM request ignored")) {
            sb.append("the OOM request was ignored (no task was eligible), so nothing was killed");
        } else {
            sb.append("the process chosen was already exiting, so nothing was killed");
        }
    }

    /**
     * A report without its header whose lines only the OOM killer prints are not there either: no trigger, no task
     * table, no memory cgroup lines, no constraint (the summary line).
     */
    private static boolean showsNothingOfTheOomKiller(final OomEvent e) {
        return e.trigger() == null && e.incompleteReason() == IncompleteReason.MISSING_HEADER && e.tasks() == null
                && e.taskCount() == null && e.memcg() == null && e.constraint() == null && e.oomMemcg() == null
                && e.taskMemcg() == null;
    }

    private static void kill(final StringBuilder sb, final OomEvent e, final List<Consumer> top,
                             final Double victimShare) {
        final Victim v = e.victim();
        sb.append("the kernel killed ").append(v.name())
                .append(v.pid() == null ? " (pid not in the log" : " (pid " + v.pid());
        if (v.anonRssKb() != null) {
            sb.append(", ").append(mb(v.anonRssKb())).append(" anon RSS");
        }
        sb.append(')');
        if (e.kind() == EventKind.MEMCG_OOM_KILL) {
            // A cgroup the log does not name is said to be not named, not "(unnamed)": it had a name.
            sb.append(e.oomMemcg() == null ? " because a memory cgroup" : " because memory cgroup " + e.oomMemcg())
                    .append(" hit its limit");
            if (e.memcg() != null && e.memcg().limitKb() != null) {
                sb.append(" of ").append(mb(e.memcg().limitKb()));
            }
            if (e.oomMemcg() == null) {
                sb.append(" (the log does not name it)");
            }
        } else {
            sb.append(outOfWhat(e.oomScope()));
        }
        if (top.isEmpty()) {
            return;
        }
        final Consumer first = top.get(0);
        final String pct = percent(first.share());
        if (first.name().equals(v.name()) && first.processes() > 1) {
            sb.append("; ").append(first.processes()).append(' ').append(first.name())
                    .append(" processes together held ").append(pct).append(" of task memory (")
                    .append(mb(first.rssKb())).append("): too many workers, not one runaway process");
        } else if (victimShare != null && first.share() < 2 * victimShare) {
            sb.append("; the victim itself was among the largest holders (")
                    .append(percent(victimShare)).append(" of task memory)");
        } else {
            sb.append("; but ").append(first.processes()).append(' ').append(first.name())
                    .append(first.processes() == 1 ? " process" : " processes").append(" held ").append(pct)
                    .append(" of task memory (").append(mb(first.rssKb()))
                    .append("), the likely culprit rather than the victim");
        }
    }

    /** Why a kernel kill that is not a memory cgroup's was made, as far as the report shows it. */
    private static String outOfWhat(final String oomScope) {
        if (OomScope.HOST.equals(oomScope)) {
            return " because the host ran out of memory";
        }
        if (OomScope.CPUSET.equals(oomScope)) {
            return " because the memory nodes of its cpuset ran out";
        }
        if (OomScope.MEMORY_POLICY.equals(oomScope)) {
            return " because the memory nodes its memory policy allows ran out";
        }
        return " (the lines that say whether the host or a cgroup limit ran out are not in the log)";
    }

    private static void allocFailure(final StringBuilder sb, final OomEvent e, final Boolean fragmented) {
        final Trigger t = e.trigger();
        final Integer order = t == null ? null : t.order();
        sb.append(t == null || t.process() == null ? "a task" : t.process()).append(" failed ");
        if (order != null) {
            sb.append("an order-").append(order).append(" (").append(4L << Math.max(0, Math.min(order, 20)))
                    .append(" kB contiguous) ").append(isAtomic(t) ? "atomic allocation" : "allocation");
        } else {
            // A vmalloc failure prints no order ("python3 failed an allocation", never "a allocation").
            sb.append(isAtomic(t) ? "an atomic allocation" : "an allocation");
        }
        if (t != null && t.gfpMask() != null) {
            sb.append(" (mode ").append(t.gfpMask()).append(')');
        }
        sb.append(" and nothing was killed");
        if (Boolean.TRUE.equals(fragmented)) {
            sb.append("; free memory was there but no free block of order ").append(order)
                    .append(" or more: memory is fragmented, so compaction or fewer high-order allocations would help");
        } else if (Boolean.FALSE.equals(fragmented)) {
            sb.append("; free blocks of that order existed, so the failure is a watermark or cpuset limit, not fragmentation");
        } else if (order != null && order > 0) {
            sb.append("; a failure above order 0 means fragmentation (free memory not contiguous), not exhaustion")
                    .append(e.buddy() == null ? ", though this report shows no buddy lists to confirm it" : "");
        } else if (order != null) {
            sb.append("; at order 0 this means no free page was left at all");
        }
    }

    private static boolean isAtomic(final Trigger t) {
        if (t == null || t.gfpFlags() == null) {
            return false;
        }
        final List<String> f = t.gfpFlags();
        if (f.contains("GFP_ATOMIC") || f.contains("GFP_NOWAIT")) {
            return true;
        }
        return f.contains("__GFP_HIGH") && !f.contains("__GFP_WAIT") && !f.contains("__GFP_DIRECT_RECLAIM")
                && !f.contains("__GFP_RECLAIM") && !f.stream().anyMatch(n -> n.startsWith("GFP_"));
    }

    /** For a fragment without an order: how much of the free memory sits in blocks of 8 kB or less. */
    private static void largestBlock(final StringBuilder sb, final List<Buddy> buddies) {
        if (buddies == null) {
            return;
        }
        long free = 0;
        long small = 0;
        for (final Buddy b : buddies) {
            free += b.totalKb() == null ? 0 : b.totalKb();
            for (int order = 0; order < Math.min(2, b.freeBlocks().size()); order++) {
                final Long n = b.freeBlocks().get(order);
                final Long size = b.blockSizesKb().get(order);
                small += n == null || size == null ? 0 : n * size;
            }
        }
        sb.append("; its buddy lists show ").append(mb(free)).append(" free");
        if (free > 0) {
            final double share = (double) small / free;
            sb.append(", ").append(percent(share)).append(" of it in blocks of one or two pages");
            if (share >= 0.9) {
                sb.append(": memory is badly fragmented and higher-order allocations will fail");
            }
        }
    }

    static String mb(final long kb) {
        // Under 1 MB as the kernel printed it: a 28 kB victim (an OpenWrt router's) is not "0.0 MB".
        return kb >= 0 && kb < 1024 ? kb + " kB" : DecimalText.size(kb);
    }

    private static String percent(final double share) {
        return DecimalText.percent(share);
    }
}
