package io.oomstream.explain;

import java.util.List;
import java.util.Map;

/**
 * What the reasoning needs from a report beyond the event's own fields: lines the event does not carry.
 *
 * @param unreclaimableSlab    the rows of {@code Unreclaimable slab info:} (4.15+, printed when unreclaimable slab
 *                             exceeds the LRU pages); empty when not printed
 * @param hugePages            the per-node hugepages lines; empty when not printed
 * @param memcgStatKb          the OOM cgroup's stats in kB under the cgroup v2 names ({@code anon}, {@code file},
 *                             {@code kernel}, {@code shmem}, {@code file_dirty}, {@code file_writeback},
 *                             {@code zswap}, {@code zswapped}); v1 stats are summed over the subtree and renamed
 *                             ({@code rss} to anon, {@code cache} to file, the {@code kmem:} usage to kernel)
 * @param memcgSwapIsCombined  the memcg's swap line is v1's {@code memory+swap:} (a combined limit), not v2's
 *                             {@code swap:} (a swap-only limit)
 * @param legacyOomAdj         per task row (in table order), the old {@code oom_adj} column; empty when not printed
 * @param summaryPid           the pid the 5.x {@code oom-kill:} summary names (the task the kernel selected)
 * @param tableWhole           the task table was printed whole (no gap, no cut, no elision)
 * @param pageKb               the page size in kB (4 unless the buddy lists show otherwise)
 * @param reservedPages        show_mem's {@code N pages reserved} (the kernel's totalram_pages is RAM minus these)
 */
public record ReportFacts(List<SlabCache> unreclaimableSlab, List<HugePages> hugePages, Map<String, Long> memcgStatKb,
                          boolean memcgSwapIsCombined, List<Integer> legacyOomAdj, Integer summaryPid,
                          boolean tableWhole, long pageKb, Long reservedPages) {

    /** Facts of a report that printed none of the extra lines. */
    public static ReportFacts none(final boolean tableWhole) {
        return new ReportFacts(List.of(), List.of(), Map.of(), false, List.of(), null, tableWhole, 4, null);
    }
}
