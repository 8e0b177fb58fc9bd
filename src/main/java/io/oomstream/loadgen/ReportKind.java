package io.oomstream.loadgen;

import io.oomstream.kernel.KernelEra;

/**
 * The report shapes the generator writes, one or more per kernel era
 * (../shared/reference/oom-formats.md sections 3 to 10).
 */
public enum ReportKind {
    /** 2.6.9: {@code oom-killer: gfp_mask=0x1d2}, per-cpu lists, {@code Out of Memory: Killed process N (x).}; no table. */
    E1_GLOBAL(KernelEra.E1, false),
    /** 2.6.27: {@code oomkilladj=} header, {@code cpu oom_adj} table, {@code kill process ... or a child}. */
    E2_GLOBAL(KernelEra.E2, false),
    /** RHEL6 2.6.32: {@code oom_adj=, oom_score_adj=} header, {@code Killed process N, UID U, (x) total-vm:}. */
    E3_RHEL6(KernelEra.E3, false),
    /** Upstream 3.2: the same report with the upstream {@code Killed process N (x) total-vm:} line. */
    E3_UPSTREAM(KernelEra.E3, false),
    /** RHEL7 3.10: {@code nr_ptes swapents} table, {@code shmem-rss}, an optional reaper line. */
    E4_RHEL7(KernelEra.E4, false),
    /** 4.19: flag names and {@code nodemask=} in the header, {@code Tasks state} and {@code pgtables_bytes}. */
    E4_TASKS_STATE(KernelEra.E4, false),
    /** RHEL7 cgroup v1 memcg OOM (kubepods): {@code Task in ... killed as a result of limit of ...}, v1 stats. */
    E4_MEMCG_V1(KernelEra.E4, true),
    /** 5.x global OOM: {@code oom-kill:} summary, 5.4+ kill line with UID and pgtables, reaper. */
    E5_GLOBAL(KernelEra.E5, false),
    /** 5.x cgroup v2 memcg OOM: {@code memory:}/{@code swap:} usage and the multi-line memory.stat block. */
    E5_MEMCG_V2(KernelEra.E5, true),
    /** 5.x cgroup v2 with memory.oom.group: one report, several {@code Memory cgroup out of memory: Killed process} lines. */
    E5_OOM_GROUP(KernelEra.E5, true),
    /** 6.x global OOM: {@code UID:} on the stack header, decoded taint line, rss split into anon/file/shmem. */
    E6_GLOBAL(KernelEra.E6, false),
    /** 6.x cgroup v2 memcg OOM with the rss-split table. */
    E6_MEMCG_V2(KernelEra.E6, true),
    /** A page allocation failure (warn_alloc): stack and show_mem, no table, no kill; worded as the host's era prints it. */
    ALLOC_FAILURE(null, false);

    private final KernelEra era;
    private final boolean memcg;

    ReportKind(final KernelEra era, final boolean memcg) {
        this.era = era;
        this.memcg = memcg;
    }

    /** The era whose wording the report uses; null for {@link #ALLOC_FAILURE}, which takes its host's era. */
    public KernelEra era() {
        return era;
    }

    /** True for memory-cgroup OOM reports (events of kind {@code memcg_oom_kill}). */
    public boolean memcg() {
        return memcg;
    }

    /** True when the report ends in at least one kernel kill. */
    public boolean kills() {
        return this != ALLOC_FAILURE;
    }

    /** True when the report prints show_mem (Mem-Info), i.e. it can be cut after it into a truncated report. */
    public boolean globalMemInfo() {
        return !memcg;
    }
}
