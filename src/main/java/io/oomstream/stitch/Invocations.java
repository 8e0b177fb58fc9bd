package io.oomstream.stitch;

import io.oomstream.event.OomEvent;

/**
 * Marks the kills of one OOM-killer invocation that killed several processes. With memory.oom.group set
 * (4.19+, mm/oom_kill.c: {@code mem_cgroup_get_oom_group} then {@code mem_cgroup_scan_tasks(oom_group,
 * oom_kill_memcg_member)}) one invocation kills the chosen victim and then every member of the cgroup, each with a
 * kill line of its own; the stitcher makes one event per kill ({@link GroupKills}). They share an
 * {@code invocation_id}, the event id of the invocation's first kill (so deterministic, like {@link EventIds}: a
 * replay gives the same), and each carries its {@code invocation_rank}: 1 for the process the kernel chose, then
 * in the order the kernel killed them. Older kernels (2.6.2x-4.x) likewise kill every process sharing the victim's mm,
 * each named by {@code Kill process N (x) sharing same memory}: the same marks. A kill alone in its invocation
 * carries neither.
 */
final class Invocations {

    private Invocations() {
    }

    /** {@code e} marked with its invocation, or unchanged when the report is not a group kill (or the pid unknown). */
    static OomEvent mark(final HostState s, final OomEvent e) {
        if (!s.groupKill || s.groupReportId == null || s.groupVictims == null || s.killPid == null) {
            return e;
        }
        final int rank = s.groupVictims.indexOf(s.killPid) + 1;
        return rank == 0 ? e : e.toBuilder().invocationId(s.groupReportId).invocationRank(rank).build();
    }
}
