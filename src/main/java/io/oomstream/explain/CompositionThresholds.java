package io.oomstream.explain;

import java.util.List;

/**
 * Every threshold of the memory-composition verdicts, each with its one-line remedy: the one place to tune them
 * (docs/verdicts.md lists the same table; {@code CompositionThresholdsDocTest} keeps the two equal).
 */
public final class CompositionThresholds {

    /** A verdict fires when its share reaches {@code thresholdPct} percent of {@code base}. */
    public record Threshold(String kind, int thresholdPct, String base, String remedy) {
    }

    public static final Threshold UNRECLAIMABLE_SLAB = new Threshold("unreclaimable_slab", 20, "RAM",
            "Find the growing cache in /proc/slabinfo (slabtop) and update or unload the driver or feature behind it; "
                    + "killing processes does not free kernel slab.");
    public static final Threshold SHMEM = new Threshold("shmem", 20, "RAM",
            "Size-limit or clean tmpfs mounts (/dev/shm, /run, /tmp) and remove stale shared memory (ipcs -m); "
                    + "only deleting the files frees it, so the OOM recurs after a restart.");
    public static final Threshold HUGEPAGES_FREE = new Threshold("hugepages_free", 10, "RAM",
            "Lower vm.nr_hugepages to what the workload maps, or start the workload meant to use them; "
                    + "reserved huge pages serve nothing else.");
    public static final Threshold DIRTY_WRITEBACK = new Threshold("dirty_writeback", 10, "RAM",
            "Lower vm.dirty_ratio and vm.dirty_background_ratio (or the _bytes settings) so writeback starts earlier, "
                    + "and check the storage for slow writes.");
    public static final Threshold PAGE_CACHE = new Threshold("page_cache", 25, "RAM",
            "Page cache left at OOM time could not be dropped (mapped, locked or under I/O): reduce mmap'd files, "
                    + "or set memory.high on the cache-heavy service so reclaim starts earlier.");
    public static final Threshold UNEVICTABLE = new Threshold("unevictable", 10, "RAM",
            "Find what locks memory (mlock, VmLck in /proc/PID/status, ramfs) and cap it (LimitMEMLOCK=, ulimit -l).");
    public static final Threshold MEMCG_FILE = new Threshold("memcg_file", 50, "the cgroup's usage",
            "Page cache counts against the limit: check file_dirty/file_writeback (slow storage keeps it), "
                    + "raise memory.max, or set memory.high below it so reclaim starts earlier.");
    public static final Threshold MEMCG_KERNEL = new Threshold("memcg_kernel", 30, "the cgroup's usage",
            "Kernel memory charged to the cgroup (slab, sockets, stacks, page tables) outlives a kill: look for "
                    + "socket buffers or huge numbers of files in the container, or raise the limit.");
    public static final Threshold MEMCG_SHMEM = new Threshold("memcg_shmem", 20, "the cgroup's usage",
            "Size-limit the container's tmpfs (emptyDir medium: Memory, /dev/shm); only deleting the files frees it.");
    /** The victim alone filled at least this much of the memcg's limit. */
    public static final Threshold MEMCG_LIMIT_FILLED = new Threshold("memcg_limit", 90, "the cgroup's limit",
            "Raise the limit above the process's real peak, or cap the process below it (heap size, workers).");
    /** The victim held less than this much of the memcg's limit: the cause is elsewhere in the cgroup. */
    public static final Threshold MEMCG_LIMIT_SMALL_VICTIM = new Threshold("memcg_limit", 50, "the cgroup's limit",
            "Look at the cgroup's other processes and its memory.stat rather than the victim, which may not be the cause.");
    /** Swap counts as exhausted when less than 100 - this percent is free (as ReportAnalysis: below 1% free). */
    public static final Threshold SWAP_EXHAUSTED = new Threshold("swap_exhausted", 99, "swap",
            "Add RAM or shrink the working set; more swap (or zram/zswap) only delays the OOM while the host thrashes.");

    /** Every threshold, in the order docs/verdicts.md lists them. */
    public static final List<Threshold> ALL = List.of(UNRECLAIMABLE_SLAB, SHMEM, HUGEPAGES_FREE, DIRTY_WRITEBACK,
            PAGE_CACHE, UNEVICTABLE, SWAP_EXHAUSTED, MEMCG_FILE, MEMCG_KERNEL, MEMCG_SHMEM, MEMCG_LIMIT_FILLED,
            MEMCG_LIMIT_SMALL_VICTIM);

    /** How many caches of {@code Unreclaimable slab info:} a sentence names. */
    public static final int TOP_SLAB_CACHES = 3;

    private CompositionThresholds() {
    }
}
