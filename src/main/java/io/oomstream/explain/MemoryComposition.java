package io.oomstream.explain;

import static io.oomstream.explain.CompositionThresholds.DIRTY_WRITEBACK;
import static io.oomstream.explain.CompositionThresholds.HUGEPAGES_FREE;
import static io.oomstream.explain.CompositionThresholds.MEMCG_FILE;
import static io.oomstream.explain.CompositionThresholds.MEMCG_KERNEL;
import static io.oomstream.explain.CompositionThresholds.MEMCG_LIMIT_FILLED;
import static io.oomstream.explain.CompositionThresholds.MEMCG_LIMIT_SMALL_VICTIM;
import static io.oomstream.explain.CompositionThresholds.MEMCG_SHMEM;
import static io.oomstream.explain.CompositionThresholds.PAGE_CACHE;
import static io.oomstream.explain.CompositionThresholds.SHMEM;
import static io.oomstream.explain.CompositionThresholds.SWAP_EXHAUSTED;
import static io.oomstream.explain.CompositionThresholds.UNEVICTABLE;
import static io.oomstream.explain.CompositionThresholds.UNRECLAIMABLE_SLAB;

import io.oomstream.event.CompositionFinding;
import io.oomstream.event.EventKind;
import io.oomstream.event.MemcgUsage;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Swap;
import io.oomstream.event.Victim;
import io.oomstream.explain.CompositionThresholds.Threshold;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What filled memory, from the numbers the report prints: Mem-Info counters against RAM for a global OOM, the
 * memory.stat of the cgroup against its usage for a memcg OOM, the hugepages lines, the unreclaimable slab caches,
 * swap, and the victim against the memcg limit. Each finding crossed its {@link CompositionThresholds threshold};
 * the list is ordered dominant first (largest share), swap last: an exhausted swap is where memory went when RAM
 * was full, not what filled it.
 */
public final class MemoryComposition {

    private MemoryComposition() {
    }

    public static List<CompositionFinding> of(final OomEvent e, final ReportFacts facts) {
        final List<CompositionFinding> found = new ArrayList<>();
        if (e.kind() != EventKind.OOM_KILL && e.kind() != EventKind.MEMCG_OOM_KILL) {
            return found; // an allocation failure is about contiguity, not about what filled memory
        }
        final Map<String, Long> mem = e.memInfo() == null ? Map.of() : e.memInfo();
        final Long ram = e.ramKb() == null || e.ramKb() <= 0 ? null : e.ramKb();
        slab(found, mem, ram, facts.unreclaimableSlab());
        ofRam(found, SHMEM, mem.get("shmem_kb"), ram,
                "shmem/tmpfs held %s of RAM (%s), which no kill frees: the OOM will recur after a restart");
        hugepages(found, ram, facts.hugePages());
        final Long dirty = sum(mem.get("dirty_kb"), mem.get("writeback_kb"));
        ofRam(found, DIRTY_WRITEBACK, dirty, ram,
                "dirty and writeback page cache held %s of RAM (%s) that could not be written back in time");
        final Long file = sum(mem.get("active_file_kb"), mem.get("inactive_file_kb"));
        final Long mapped = mem.get("mapped_kb");
        ofRam(found, PAGE_CACHE, file, ram, "page cache held %s of RAM (%s) and was not reclaimed in time"
                + (mapped == null ? "" : ", " + Sizes.of(mapped) + " of the page cache mapped by processes"));
        ofRam(found, UNEVICTABLE, mem.get("unevictable_kb"), ram,
                "unevictable (mlocked) memory held %s of RAM (%s)");
        if (e.kind() == EventKind.MEMCG_OOM_KILL) {
            memcg(found, e.memcg(), facts.memcgStatKb());
            if (e.victim() != null && e.victim().selectedPid() == null
                    && (facts.summaryPid() == null || facts.summaryPid().equals(e.victim().pid()))) {
                memcgLimit(found, e.memcg(), e.victim()); // a group member was not chosen for its size
            }
        }
        found.sort(Comparator.comparingInt((CompositionFinding f) -> f.sharePct() == null ? -1 : f.sharePct()).reversed());
        swap(found, e, facts.memcgStatKb(), facts.memcgSwapIsCombined());
        return found;
    }

    /** A finding in a few words with its share, for the verdict's list after the dominant one. */
    public static String shortForm(final CompositionFinding f) {
        final String pct = f.sharePct() == null ? "" : " " + f.sharePct() + "%";
        return switch (f.kind()) {
            case "unreclaimable_slab" -> "unreclaimable slab" + pct;
            case "shmem" -> "shmem/tmpfs" + pct;
            case "hugepages_free" -> "free hugepages" + pct;
            case "dirty_writeback" -> "dirty/writeback" + pct;
            case "page_cache" -> "page cache" + pct;
            case "unevictable" -> "mlocked" + pct;
            case "memcg_file" -> "file cache" + pct + " of usage";
            case "memcg_kernel" -> "kernel memory" + pct + " of usage";
            case "memcg_shmem" -> "shmem" + pct + " of usage";
            case "memcg_limit" -> "the victim" + pct + " of the limit";
            case "swap_exhausted" -> "swap exhausted";
            default -> f.kind() + pct;
        };
    }

    private static void slab(final List<CompositionFinding> found, final Map<String, Long> mem, final Long ram,
                             final List<SlabCache> caches) {
        final Long slab = mem.get("slab_unreclaimable_kb");
        final Integer pct = pct(slab, ram);
        // The kernel prints the slab caches only when unreclaimable slab exceeds every LRU page: its own verdict.
        final boolean printedByKernel = !caches.isEmpty();
        if (!printedByKernel && (pct == null || pct < UNRECLAIMABLE_SLAB.thresholdPct())) {
            return;
        }
        final StringBuilder sb = new StringBuilder("unreclaimable kernel slab");
        if (slab != null && pct != null) {
            sb.append(" held ").append(pct).append("% of RAM (").append(Sizes.of(slab)).append(')');
        } else {
            sb.append(" outgrew all pageable memory (the kernel printed its caches)");
        }
        if (printedByKernel) {
            final List<SlabCache> top = caches.stream().sorted(Comparator.comparingLong(SlabCache::totalKb).reversed())
                    .limit(CompositionThresholds.TOP_SLAB_CACHES).toList();
            sb.append(", most in ");
            for (int i = 0; i < top.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(top.get(i).name()).append(" (").append(Sizes.of(top.get(i).totalKb()))
                        .append(')');
            }
        }
        found.add(new CompositionFinding(UNRECLAIMABLE_SLAB.kind(), pct, sb.toString(), UNRECLAIMABLE_SLAB.remedy()));
    }

    private static void hugepages(final List<CompositionFinding> found, final Long ram, final List<HugePages> lines) {
        if (lines.isEmpty()) {
            return;
        }
        final long freeKb = lines.stream().mapToLong(HugePages::freeKb).sum();
        final Integer pct = pct(freeKb, ram);
        if (pct == null || pct < HUGEPAGES_FREE.thresholdPct()) {
            return;
        }
        final StringBuilder pools = new StringBuilder();
        for (final HugePages h : lines) {
            if (h.free() > 0) {
                pools.append(pools.length() == 0 ? "" : ", ").append(h.free()).append(" of ").append(h.total())
                        .append(" pages of ").append(h.sizeKb()).append(" kB on node ").append(h.node());
            }
        }
        found.add(new CompositionFinding(HUGEPAGES_FREE.kind(), pct, "hugepages reserved but free held " + pct
                + "% of RAM (" + Sizes.of(freeKb) + ": " + pools + " unused)", HUGEPAGES_FREE.remedy()));
    }

    private static void ofRam(final List<CompositionFinding> found, final Threshold t, final Long kb, final Long ram,
                              final String format) {
        final Integer pct = pct(kb, ram);
        if (pct == null || pct < t.thresholdPct()) {
            return;
        }
        found.add(new CompositionFinding(t.kind(), pct, String.format(format, pct + "%", Sizes.of(kb)), t.remedy()));
    }

    private static void memcg(final List<CompositionFinding> found, final MemcgUsage usage, final Map<String, Long> stat) {
        if (stat.isEmpty()) {
            return;
        }
        final Long base = usage != null && usage.usageKb() != null && usage.usageKb() > 0 ? usage.usageKb()
                : sum(stat.get("anon"), stat.get("file"), stat.get("kernel"));
        final Long file = stat.get("file");
        final Integer filePct = pct(file, base);
        if (filePct != null && filePct >= MEMCG_FILE.thresholdPct()) {
            final Long dirty = stat.get("file_dirty");
            final Long writeback = stat.get("file_writeback");
            found.add(new CompositionFinding(MEMCG_FILE.kind(), filePct, "file cache held " + filePct
                    + "% of the cgroup's usage (" + Sizes.of(file) + " of " + Sizes.of(base) + ")"
                    + (orZero(dirty) + orZero(writeback) == 0 ? "" : ", dirty " + Sizes.of(orZero(dirty))
                    + ", writeback " + Sizes.of(orZero(writeback))), MEMCG_FILE.remedy()));
        }
        final Long kernel = stat.get("kernel");
        final Integer kernelPct = pct(kernel, base);
        if (kernelPct != null && kernelPct >= MEMCG_KERNEL.thresholdPct()) {
            found.add(new CompositionFinding(MEMCG_KERNEL.kind(), kernelPct, "kernel memory (slab, sockets, stacks, "
                    + "page tables) held " + kernelPct + "% of the cgroup's usage (" + Sizes.of(kernel) + ")",
                    MEMCG_KERNEL.remedy()));
        }
        final Long shmem = stat.get("shmem");
        final Integer shmemPct = pct(shmem, base);
        if (shmemPct != null && shmemPct >= MEMCG_SHMEM.thresholdPct()) {
            found.add(new CompositionFinding(MEMCG_SHMEM.kind(), shmemPct, "shmem/tmpfs held " + shmemPct
                    + "% of the cgroup's usage (" + Sizes.of(shmem) + "), which no kill frees", MEMCG_SHMEM.remedy()));
        }
    }

    private static void memcgLimit(final List<CompositionFinding> found, final MemcgUsage usage, final Victim v) {
        if (usage == null || usage.limitKb() == null || usage.limitKb() <= 0 || v == null) {
            return;
        }
        final Long victimKb = sum(v.anonRssKb(), v.fileRssKb(), v.shmemRssKb());
        final Integer pct = pct(victimKb, usage.limitKb());
        if (pct == null) {
            return;
        }
        final String limit = Sizes.of(usage.limitKb());
        if (pct >= MEMCG_LIMIT_FILLED.thresholdPct()) {
            found.add(new CompositionFinding(MEMCG_LIMIT_FILLED.kind(), pct, "the victim alone (" + Sizes.of(victimKb)
                    + ") filled " + pct + "% of the cgroup's limit of " + limit, MEMCG_LIMIT_FILLED.remedy()));
        } else if (pct < MEMCG_LIMIT_SMALL_VICTIM.thresholdPct()) {
            found.add(new CompositionFinding(MEMCG_LIMIT_SMALL_VICTIM.kind(), pct, "the victim held only " + pct
                    + "% of the cgroup's limit of " + limit + ": the rest was elsewhere in the cgroup (other processes, "
                    + "file cache or kernel memory)", MEMCG_LIMIT_SMALL_VICTIM.remedy()));
        }
    }

    private static void swap(final List<CompositionFinding> found, final OomEvent e, final Map<String, Long> stat,
                             final boolean combined) {
        final String zswap = stat.get("zswap") != null && stat.get("zswap") > 0
                ? "; zswap held " + Sizes.of(stat.get("zswap")) + " compressed"
                + (stat.get("zswapped") == null ? "" : " from " + Sizes.of(stat.get("zswapped"))) : "";
        final Swap s = e.swap();
        if (e.kind() != EventKind.MEMCG_OOM_KILL && s != null && s.totalKb() != null && s.totalKb() > 0
                && s.freeKb() != null && exhausted(s.totalKb() - s.freeKb(), s.totalKb())) {
            final int pct = pct(s.totalKb() - s.freeKb(), s.totalKb());
            found.add(new CompositionFinding(SWAP_EXHAUSTED.kind(), pct, "swap was exhausted ("
                    + Sizes.of(s.totalKb() - s.freeKb()) + " of " + Sizes.of(s.totalKb()) + " used)" + zswap,
                    SWAP_EXHAUSTED.remedy()));
            return;
        }
        final MemcgUsage m = e.memcg();
        if (e.kind() == EventKind.MEMCG_OOM_KILL && m != null && m.swapLimitKb() != null && m.swapLimitKb() > 0
                && m.swapUsageKb() != null && exhausted(m.swapUsageKb(), m.swapLimitKb())) {
            // v2 "swap:" counts swap alone; v1 "memory+swap:" counts memory and swap against one limit.
            final String what = combined ? "memory+swap limit" : "swap limit";
            found.add(new CompositionFinding(SWAP_EXHAUSTED.kind(), pct(m.swapUsageKb(), m.swapLimitKb()),
                    "the cgroup's " + what + " was reached (" + Sizes.of(m.swapUsageKb()) + " of "
                            + Sizes.of(m.swapLimitKb()) + ")" + zswap, SWAP_EXHAUSTED.remedy()));
        }
    }

    private static boolean exhausted(final long used, final long total) {
        return total > 0 && used * 100 >= total * SWAP_EXHAUSTED.thresholdPct();
    }

    private static Integer pct(final Long part, final Long base) {
        if (part == null || part < 0 || base == null || base <= 0) {
            return null;
        }
        return (int) Math.min(100, Math.round(part * 100.0 / base));
    }

    private static Long sum(final Long... parts) {
        Long total = null;
        for (final Long p : parts) {
            if (p != null) {
                total = (total == null ? 0 : total) + p;
            }
        }
        return total;
    }

    private static long orZero(final Long v) {
        return v == null ? 0 : v;
    }
}
