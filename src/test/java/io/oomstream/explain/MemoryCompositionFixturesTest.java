package io.oomstream.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.CompositionFinding;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What filled memory, over reports written from the kernel's printk formats (show_free_areas, show_mem,
 * hugetlb_show_meminfo, dump_unreclaimable_slab, mem_cgroup_print_oom_meminfo; src/test/resources/explain/composition,
 * one per era where a rule applies): the finding, its sentence and remedy, its place (dominant first), the verdict
 * that names it, and the reports where each rule must stay silent.
 */
class MemoryCompositionFixturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        explain/composition/e4b-4.15-unreclaimable-slab-info.log | unreclaimable_slab | unreclaimable kernel slab held 36% of RAM (5.8 GB), most in kmalloc-2048 (4.9 GB), kmalloc-256 (402.5 MB), kmalloc-64 (371.1 MB)
        explain/composition/e5-unreclaimable-slab-info.log | unreclaimable_slab | most in kmalloc-1k (2.9 GB), skbuff_head_cache (2.0 GB), kmalloc-192 (879.0 MB)
        explain/composition/e6-unreclaimable-slab-info.log | unreclaimable_slab | most in kmalloc-rnd-05-4k (5.6 GB), kmalloc-cg-512 (98.0 MB)
        explain/composition/e4-3.10-slab-unreclaimable-meminfo-only.log | unreclaimable_slab | unreclaimable kernel slab held 33% of RAM (5.3 GB)
        explain/composition/e3-shmem-tmpfs.log | shmem | shmem/tmpfs held 31% of RAM (5.0 GB), which no kill frees: the OOM will recur after a restart
        explain/composition/e5-shmem-tmpfs.log | shmem | shmem/tmpfs held 31% of RAM
        explain/composition/e6-shmem-tmpfs.log | shmem | shmem/tmpfs held 31% of RAM
        explain/composition/e4-hugepages-reserved-free.log | hugepages_free | hugepages reserved but free held 30% of RAM (4.9 GB: 1 of 1 pages of 1048576 kB on node 0, 1980 of 2048 pages of 2048 kB on node 0 unused)
        explain/composition/e5-hugepages-reserved-free.log | hugepages_free | hugepages reserved but free held 37% of RAM (5.9 GB: 3000 of 3072 pages of 2048 kB on node 0 unused)
        explain/composition/e1-2.6.9-dirty-writeback.log | dirty_writeback | dirty and writeback page cache held 11% of RAM (234.4 MB) that could not be written back in time
        explain/composition/e2-2.6.27-dirty-writeback.log | dirty_writeback | dirty and writeback page cache held 12% of RAM (238.3 MB)
        explain/composition/e3-dirty-writeback.log | dirty_writeback | dirty and writeback page cache held 14% of RAM (2.2 GB)
        explain/composition/e6-dirty-writeback.log | dirty_writeback | dirty and writeback page cache held 14% of RAM (2.2 GB)
        explain/composition/e3-slab-unreclaimable-meminfo-only.log | unreclaimable_slab | unreclaimable kernel slab held 33% of RAM (5.3 GB)
        explain/composition/e4-shmem-tmpfs.log | shmem | shmem/tmpfs held 31% of RAM (5.0 GB), which no kill frees
        explain/composition/e6-hugepages-reserved-free.log | hugepages_free | hugepages reserved but free held 31% of RAM (5.0 GB: 3 of 4 pages of 1048576 kB on node 0, 1024 of 1024 pages of 2048 kB on node 0 unused)
        explain/composition/e3-page-cache-not-reclaimed.log | page_cache | page cache held 31% of RAM (5.0 GB) and was not reclaimed in time
        explain/composition/e4-page-cache-not-reclaimed.log | page_cache | page cache held 31% of RAM (5.0 GB) and was not reclaimed in time
        explain/composition/e6-page-cache-not-reclaimed.log | page_cache | page cache held 31% of RAM (5.0 GB) and was not reclaimed in time
        explain/composition/e3-unevictable-mlocked.log | unevictable | unevictable (mlocked) memory held 17% of RAM (2.7 GB)
        explain/composition/e4-unevictable-mlocked.log | unevictable | unevictable (mlocked) memory held 17% of RAM (2.7 GB)
        explain/composition/e5-unevictable-mlocked.log | unevictable | unevictable (mlocked) memory held 17% of RAM (2.7 GB)
        explain/composition/e6-memcg-v2-mostly-file-cache.log | memcg_file | file cache held 72% of the cgroup's usage (740.0 MB of 1.0 GB), dirty 300.0 MB, writeback 40.0 MB
        explain/composition/e4-dirty-writeback.log | dirty_writeback | dirty and writeback page cache held 14% of RAM (2.2 GB) that could not be written back in time
        explain/composition/e5-dirty-writeback.log | dirty_writeback | dirty and writeback page cache held 14% of RAM
        explain/composition/e5-page-cache-not-reclaimed.log | page_cache | page cache held 31% of RAM (5.0 GB) and was not reclaimed in time, 4.2 GB of the page cache mapped by processes
        explain/composition/e6-unevictable-mlocked.log | unevictable | unevictable (mlocked) memory held 17% of RAM (2.7 GB)
        explain/composition/e5-memcg-v2-mostly-file-cache.log | memcg_file | file cache held 72% of the cgroup's usage (740.0 MB of 1.0 GB), dirty 300.0 MB, writeback 40.0 MB
        explain/composition/e4-memcg-v1-mostly-cache.log | memcg_file | file cache held 62% of the cgroup's usage (1.2 GB of 2.0 GB)
        explain/composition/e5-memcg-v2-kernel-parts-before-5.18.log | memcg_kernel | kernel memory (slab, sockets, stacks, page tables) held 68% of the cgroup's usage (696.0 MB)
        explain/composition/e6-memcg-v2-kernel-memory.log | memcg_kernel | held 58% of the cgroup's usage (590.0 MB)
        explain/composition/e4-memcg-v1-kmem.log | memcg_kernel | held 41% of the cgroup's usage (830.1 MB)
        explain/composition/e5-memcg-v2-shmem.log | memcg_file | file cache held 68% of the cgroup's usage (700.0 MB of 1.0 GB)
        kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log | memcg_limit | the victim alone (509.8 MB) filled 100% of the cgroup's limit of 512.0 MB
        kernel-logs/e4-rhel7/rhel7-3.10.0-1062-memcg-v1-kubepods.log | memcg_limit | the victim alone (2.0 GB) filled 100% of the cgroup's limit of 2.0 GB
        explain/composition/e6-memcg-v2-swap-limit-reached-zswap.log | memcg_limit | the victim alone (976.6 MB) filled 95% of the cgroup's limit of 1.0 GB
        """)
    void shouldNameTheDominantFindingFirstInTheVerdict(final String resource, final String kind, final String fragment) {
        final OomEvent e = onlyKill(resource);
        final List<CompositionFinding> found = e.analysis().composition();
        assertNotNull(found, resource);
        final CompositionFinding first = found.get(0);
        assertEquals(kind, first.kind(), found.toString());
        assertTrue(first.sentence().contains(fragment), first.sentence());
        assertFalse(first.remedy().isBlank());
        assertTrue(e.analysis().verdict().contains("; memory: " + first.sentence()), e.analysis().verdict());
        EventSchema.assertValidEvent(e);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"explain/composition/e5-memcg-v2-shmem.log", "explain/composition/e6-memcg-v2-shmem.log"})
    void shouldListEveryFindingDominantFirstAndSwapLast(final String memcgShmem) {
        final List<CompositionFinding> shmem = onlyKill(memcgShmem).analysis().composition();
        assertEquals(List.of("memcg_file", "memcg_shmem", "memcg_limit"), shmem.stream().map(CompositionFinding::kind).toList());
        assertTrue(shmem.get(1).sentence().contains("shmem/tmpfs held 64% of the cgroup's usage (660.0 MB), which no kill frees"));
        assertTrue(onlyKill(memcgShmem).analysis().verdict().endsWith(
                "; then shmem 64% of usage, the victim 23% of the limit."), onlyKill(memcgShmem).analysis().verdict());

        final OomEvent swapped = onlyKill("explain/composition/e6-memcg-v2-swap-limit-reached-zswap.log");
        final List<CompositionFinding> found = swapped.analysis().composition();
        final CompositionFinding last = found.get(found.size() - 1);
        assertEquals("swap_exhausted", last.kind());
        assertEquals("the cgroup's swap limit was reached (512.0 MB of 512.0 MB); zswap held 150.0 MB compressed from 512.0 MB",
                last.sentence());
        assertEquals(CompositionThresholds.SWAP_EXHAUSTED.remedy(), last.remedy());

        final List<CompositionFinding> global = onlyKill("kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log")
                .analysis().composition();
        assertEquals(List.of("swap_exhausted"), global.stream().map(CompositionFinding::kind).toList());
        assertEquals("swap was exhausted (2.0 GB of 2.0 GB used)", global.get(0).sentence());
    }

    @ParameterizedTest(name = "{0} has no {1}")
    @CsvSource(delimiter = '|', textBlock = """
        explain/composition/e5-slab-below-threshold-silent.log | unreclaimable_slab
        explain/composition/e5-hugepages-all-in-use-silent.log | hugepages_free
        kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log | hugepages_free
        kernel-logs/e5-5.x/5.4-global-node-reaper.iso.log | shmem
        kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log | memcg_file
        kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log | memcg_kernel
        kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log | memcg_shmem
        explain/composition/e5-memcg-v2-mostly-file-cache.log | memcg_kernel
        explain/rank/e5-score-adj-makes-a-small-task-first.log | page_cache
        explain/rank/e5-score-adj-makes-a-small-task-first.log | dirty_writeback
        explain/rank/e5-score-adj-makes-a-small-task-first.log | unevictable
        """)
    void shouldStaySilentBelowEachThreshold(final String resource, final String kind) {
        final List<CompositionFinding> found = onlyKill(resource).analysis().composition();
        if (found != null) {
            assertTrue(found.stream().noneMatch(f -> f.kind().equals(kind)), found.toString());
        }
    }

    @Test
    void shouldJudgeNoCompositionWhenNothingCrossedAThreshold() {
        final OomEvent e = onlyKill("kernel-logs/e5-5.x/5.4-global-node-reaper.iso.log");
        assertNull(e.analysis().composition());
        assertFalse(e.analysis().verdict().contains("memory:"), e.analysis().verdict());
    }

    @Test
    void shouldLeaveAnAllocationFailureToTheFragmentationVerdict() {
        // 49% of RAM in page cache: normal for a healthy host whose order-4 allocation failed for lack of contiguity.
        final OomEvent e = Fixtures.analyzeResource(
                "kernel-logs/alloc-failure/debian-5.10-order4-cpuset-mems-warn-alloc-suppressed.log").get(0);
        assertNull(e.analysis().composition());
        assertTrue(e.analysis().verdict().contains("memory is fragmented"), e.analysis().verdict());
    }

    @Test
    void shouldNotJudgeAMemoryOomGroupMembersSizeAgainstTheLimit() {
        final List<OomEvent> events = Fixtures.analyzeResource("kernel-logs/e5-5.x/5.15-memory-oom-group.log");
        assertEquals("memcg_limit", events.get(0).analysis().composition().get(0).kind());
        assertTrue(events.get(0).analysis().composition().get(0).sentence().startsWith("the victim held only 37% of the cgroup's limit"));
        for (final OomEvent member : events.subList(1, events.size())) {
            final List<CompositionFinding> found = member.analysis().composition();
            assertTrue(found == null || found.stream().noneMatch(f -> f.kind().equals("memcg_limit")), String.valueOf(found));
        }
    }

    private static OomEvent onlyKill(final String resource) {
        final List<OomEvent> events = Fixtures.analyzeResource(resource);
        assertEquals(1, events.size(), resource + ": " + events.size() + " events");
        return events.get(0);
    }
}
