package io.oomstream.kernel;

/**
 * What one line is within an OOM report. The stitcher decides report boundaries from this
 * alone; the assembler reads the fields.
 */
public enum LineKind {
    /** {@code X invoked oom-killer: ...} or the E1 {@code oom-killer: gfp_mask=...}: a report starts. */
    TRIGGER(Role.START),
    /** {@code X: page allocation failure ...}, stalls, vmalloc/vmemmap failures: a warning report starts. */
    ALLOC_FAILURE(Role.START),
    /** {@code X cpuset=/ mems_allowed=0}. */
    CPUSET(Role.BODY),
    /** {@code CPU: 1 PID: 2 Comm: x Not tainted 5.15.0 #1} or the old {@code Pid: 2, comm: x ...}. */
    STACK_HEADER(Role.BODY),
    /** Hardware name, Call Trace, frames, registers, Workqueue, Tainted decode lines. */
    STACK(Role.BODY),
    /** {@code Mem-Info:} / {@code Mem-info:}. */
    MEMINFO_START(Role.BODY),
    /** Per-cpu pageset lines. */
    PERCPU(Role.BODY),
    /** {@code active_anon:1 inactive_anon:2 ...} counters in pages. */
    MEMINFO_COUNTERS(Role.BODY),
    /** E1 {@code Free pages:  6120kB (640kB HighMem)}. */
    FREE_PAGES(Role.BODY),
    /** 4.8+ per-node counters {@code Node 0 active_anon:...kB}. */
    NODE_STATS(Role.BODY),
    /** {@code Node 0 DMA32 free:44020kB min:21000kB low:26250kB high:31500kB ...}. */
    ZONE(Role.BODY),
    /** {@code lowmem_reserve[]: 0 2990 3960 3960} (E1: {@code protections[]:}). */
    LOWMEM_RESERVE(Role.BODY),
    /** {@code Node 0 DMA32: 901*4kB (UME) 612*8kB ... = 44020kB} or {@code HighMem: empty}. */
    BUDDY(Role.BODY),
    /** Huge page, page cache and swap cache statistics. */
    MEM_SUMMARY(Role.BODY),
    /** {@code Free swap  = 0kB} (and the E1 i386 {@code Free swap: 0kB}). */
    FREE_SWAP(Role.BODY),
    /** {@code Total swap = 2097144kB}. */
    TOTAL_SWAP(Role.BODY),
    /** {@code 524284 pages RAM} / {@code 65536 pages of RAM}. */
    PAGES_RAM(Role.BODY),
    /** The last lines show_mem prints ({@code pages reserved}, {@code hwpoisoned}, ...); they end an allocation-failure report. */
    SHOW_MEM_TAIL(Role.BODY),
    /** cgroup v1 {@code Task in /a killed as a result of limit of /b}. */
    MEMCG_TASK_IN(Role.BODY),
    /** {@code memory: usage 524288kB, limit 524288kB, failcnt 1587} and the swap/kmem siblings. */
    MEMCG_USAGE(Role.BODY),
    /** {@code Memory cgroup stats for /x: ...} (v1 inline stats or the v2 block header). */
    MEMCG_STATS(Role.BODY),
    /** One {@code key value} line of the cgroup v2 memory.stat block. */
    MEMCG_STAT_LINE(Role.BODY),
    /** {@code Tasks state (memory values in pages):}. */
    TASKS_STATE(Role.BODY),
    /** The task table's column header. */
    TASK_HEADER(Role.BODY),
    /** One task table row. */
    TASK_ROW(Role.BODY),
    /** {@code Tasks in /x are going to be killed due to memory.oom.group set}, {@code Kill process N (x) sharing same memory}. */
    GROUP_KILL_NOTICE(Role.BODY),
    /** 5.0+ {@code oom-kill:constraint=...,task=x,pid=N,uid=N}. */
    OOM_SUMMARY(Role.TAIL),
    /** {@code Out of memory: Kill process N (x) score S or sacrifice child} (the selected, not necessarily the killed). */
    SELECTION(Role.TAIL),
    /** {@code Killed process N (x) ...}: the kill. */
    KILL(Role.END),
    /** {@code oom_reaper: reaped process N (x), now anon-rss:0kB ...}. */
    REAPER(Role.AFTER),
    /** {@code Out of memory and no killable processes...} / {@code Kernel panic - not syncing: ...}. */
    NO_VICTIM(Role.END),
    /**
     * {@code Memory cgroup out of memory: OOM victim N (x) is already exiting. Skip killing the task}: the process
     * chosen (or, in a memory.oom.group walk, the member reached) had no memory left to kill. Nothing was killed.
     */
    VICTIM_EXITING(Role.END),
    /** {@code oom_kill_process: 3 callbacks suppressed}: metadata, neither start nor end. */
    SUPPRESSED(Role.META),
    /** A blank kernel line (E1 prints {@code printk("\n")} inside Mem-Info). */
    BLANK(Role.META),
    /** systemd: {@code X.service: A process of this unit has been killed by the OOM killer.}. */
    UNIT_OOM(Role.USERSPACE),
    /** systemd: {@code X.service: Failed with result 'oom-kill'.}. */
    UNIT_FAILED_OOM(Role.USERSPACE),
    /** systemd-oomd or earlyoom killed something: a real kill, never a kernel OOM kill. */
    USERSPACE_KILL(Role.USERSPACE),
    /** Anything else: interleaved noise, skipped without closing a report. */
    OTHER(Role.NOISE);

    /** How a kind takes part in a report's life. */
    public enum Role {
        /** Opens a report (closing the host's open one). */
        START,
        /** Belongs inside a report; opens a header-less report when none is open. */
        BODY,
        /** Belongs near the end (summary, selection); opens a header-less tail when none is open. */
        TAIL,
        /** Ends the report (the kill). */
        END,
        /** Arrives after the end and belongs to an earlier kill (matched by pid). */
        AFTER,
        /** Metadata: never starts or ends anything. */
        META,
        /** A userspace line that refers to a kill. */
        USERSPACE,
        /** Not part of any report. */
        NOISE
    }

    private final Role role;

    LineKind(final Role role) {
        this.role = role;
    }

    public Role role() {
        return role;
    }
}
