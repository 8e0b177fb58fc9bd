package io.oomstream.stitch;

import io.oomstream.explain.HugePages;
import io.oomstream.explain.SlabCache;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.Numbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report lines the memory-composition verdicts read and the event does not carry: the unreclaimable slab
 * caches, the hugepages lines, the memcg's stats (cgroup v2 memory.stat in bytes, v1 inline stats in KB summed
 * over the subtree) and the v1 {@code kmem:} usage. Kept beside {@link ReportReader}, which copies it for each kill
 * of a memory.oom.group report.
 */
final class MemoryLines {

    private static final Pattern V1_STAT = Pattern.compile("([a-z_]+):(\\d+)KB");
    private static final Pattern RESERVED = Pattern.compile("^\\s*(\\d+) (?:pages )?reserved(?: pages)?\\s*$");
    private static final Pattern V2_STAT = Pattern.compile("^\\s*([a-z][a-z_]*) (\\d+)\\s*$");

    final List<SlabCache> slab = new ArrayList<>();
    final List<HugePages> hugePages = new ArrayList<>();
    /** v2 memory.stat values in bytes, by key, for the first block only. */
    final Map<String, Long> v2Bytes = new LinkedHashMap<>();
    /** v1 inline stats in KB, summed over every cgroup line of the subtree. */
    final Map<String, Long> v1Kb = new LinkedHashMap<>();
    Long kmemUsageKb;
    /** show_mem's {@code N pages reserved}: RAM the kernel never manages (totalram_pages leaves it out). */
    Long reservedPages;
    boolean swapIsCombined;
    private int v2Blocks;

    MemoryLines() {
    }

    MemoryLines copy() {
        final MemoryLines c = new MemoryLines();
        c.slab.addAll(slab);
        c.hugePages.addAll(hugePages);
        c.v2Bytes.putAll(v2Bytes);
        c.v1Kb.putAll(v1Kb);
        c.kmemUsageKb = kmemUsageKb;
        c.reservedPages = reservedPages;
        c.swapIsCombined = swapIsCombined;
        c.v2Blocks = v2Blocks;
        return c;
    }

    void summary(final Classified c) {
        switch (c.rule().id()) {
            case "shared.slab.row" -> {
                final Long used = c.longGroup("used");
                final Long total = c.longGroup("total");
                if (used != null && total != null) {
                    slab.add(new SlabCache(c.group("name"), used, total));
                }
            }
            case "shared.hugepages" -> {
                final Integer node = c.intGroup("node");
                final Long total = c.longGroup("total");
                final Long free = c.longGroup("free");
                final Long size = c.longGroup("size");
                if (node != null && total != null && free != null && size != null) {
                    final Long surp = c.longGroup("surp");
                    hugePages.add(new HugePages(node, total, free, surp == null ? 0 : surp, size));
                }
            }
            default -> {
            }
        }
    }

    void tail(final String message) {
        final Matcher m = RESERVED.matcher(message);
        if (reservedPages == null && m.find()) {
            reservedPages = Numbers.parseLong(m.group(1));
        }
    }

    void usage(final Classified c) {
        final String which = c.group("which");
        if ("kmem".equals(which) && kmemUsageKb == null) {
            kmemUsageKb = c.longGroup("usage");
        } else if ("memory+swap".equals(which)) {
            swapIsCombined = true;
        }
    }

    /** {@code Memory cgroup stats for /x:} with v1 stats inline, or the header of a v2 block. */
    void statsHeader(final Classified c) {
        final String stats = c.group("stats");
        if (stats == null || stats.isBlank()) {
            v2Blocks++;
            return;
        }
        final Matcher m = V1_STAT.matcher(stats);
        while (m.find()) {
            final Long kb = Numbers.parseLong(m.group(2));
            if (kb != null) {
                v1Kb.merge(m.group(1), kb, Long::sum);
            }
        }
    }

    /** One line of a v2 memory.stat block: only the first block's (the OOM cgroup's) are kept. */
    void statLine(final String message) {
        if (v2Blocks != 1) {
            return;
        }
        final Matcher m = V2_STAT.matcher(message);
        if (m.matches()) {
            final Long v = Numbers.parseLong(m.group(2));
            if (v != null) {
                v2Bytes.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), v);
            }
        }
    }

    /** The cgroup's stats in kB under v2 names; see {@link io.oomstream.explain.ReportFacts#memcgStatKb()}. */
    Map<String, Long> memcgStatKb() {
        final Map<String, Long> kb = new LinkedHashMap<>();
        if (!v2Bytes.isEmpty()) {
            for (final String key : List.of("anon", "file", "shmem", "file_dirty", "file_writeback", "zswap",
                    "zswapped", "slab_unreclaimable")) {
                final Long bytes = v2Bytes.get(key);
                if (bytes != null) {
                    kb.put(key, bytes / 1024);
                }
            }
            final Long kernel = v2Bytes.get("kernel");
            if (kernel != null) {
                kb.put("kernel", kernel / 1024);
            } else {
                // Before 5.18 memory.stat has no "kernel" line: its parts are summed ("slab" or its two halves).
                long sum = 0;
                boolean any = false;
                for (final String key : List.of("kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock",
                        "vmalloc")) {
                    final Long v = v2Bytes.get(key);
                    if (v != null) {
                        sum += v;
                        any = true;
                    }
                }
                final Long slabBytes = v2Bytes.containsKey("slab") ? v2Bytes.get("slab")
                        : add(v2Bytes.get("slab_reclaimable"), v2Bytes.get("slab_unreclaimable"));
                if (slabBytes != null) {
                    sum += slabBytes;
                    any = true;
                }
                if (any) {
                    kb.put("kernel", sum / 1024);
                }
            }
            return kb;
        }
        if (!v1Kb.isEmpty()) {
            putIf(kb, "anon", v1Kb.get("rss"));
            putIf(kb, "file", v1Kb.get("cache"));
            putIf(kb, "shmem", v1Kb.get("shmem"));
            putIf(kb, "file_dirty", v1Kb.get("dirty"));
            putIf(kb, "file_writeback", v1Kb.get("writeback"));
            putIf(kb, "kernel", kmemUsageKb);
        }
        return kb;
    }

    private static Long add(final Long a, final Long b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }

    private static void putIf(final Map<String, Long> m, final String k, final Long v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof MemoryLines m && slab.equals(m.slab) && hugePages.equals(m.hugePages)
                && v2Bytes.equals(m.v2Bytes) && v1Kb.equals(m.v1Kb) && Objects.equals(kmemUsageKb, m.kmemUsageKb)
                && Objects.equals(reservedPages, m.reservedPages)
                && swapIsCombined == m.swapIsCombined && v2Blocks == m.v2Blocks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(slab, hugePages, v2Bytes, v1Kb, kmemUsageKb, reservedPages, swapIsCombined, v2Blocks);
    }
}
