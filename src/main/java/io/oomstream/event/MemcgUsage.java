package io.oomstream.event;

/**
 * The memory cgroup's counters from a memcg OOM ({@code memory: usage ...kB, limit ...kB, failcnt N}).
 * A limit of 9007199254740988 kB (or more) means unlimited and is written as null.
 */
public record MemcgUsage(Long usageKb, Long limitKb, Long failcnt, Long swapUsageKb, Long swapLimitKb) {
}
