package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing that filled memory, read from numbers the report prints (thresholds and remedies:
 * io.oomstream.explain.CompositionThresholds, docs/verdicts.md).
 *
 * @param kind     {@code unreclaimable_slab}, {@code shmem}, {@code hugepages_free}, {@code dirty_writeback},
 *                 {@code page_cache}, {@code unevictable}, {@code memcg_file}, {@code memcg_kernel},
 *                 {@code memcg_shmem}, {@code memcg_limit}, {@code swap_exhausted}
 * @param sharePct the share, in percent, of the base the sentence names (RAM, the cgroup's usage or limit, swap)
 * @param sentence what the numbers show
 * @param remedy   one line on what would prevent it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompositionFinding(String kind, Integer sharePct, String sentence, String remedy) {
}
