package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E4;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E4, about 3.8 to 4.20 and RHEL7 (3.10.0-*.el7): {@code oom_score_adj=} alone in the header
 * (gfp flag names from 4.5, {@code nodemask=} 4.8-4.20, sometimes two spaces before
 * {@code order=}), shmem-rss on the kill line, the oom_reaper, memcg {@code Task in ...}, and
 * task tables whose page-table columns changed four times.
 */
public final class Era4Rules {

    public static final List<LineRule> RULES = List.of(
            of("e4.header.nodemask", LineKind.TRIGGER, E4, "nodemask=",
                    "^(?<comm>.+?) invoked oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?, nodemask=(?<nodemask>\\S*?),\\s+order=(?<order>-?\\d+), oom_score_adj=(?<adj>-?\\d+)"),
            of("e4.header", LineKind.TRIGGER, E4, "invoked oom-killer",
                    "^(?<comm>.+?) invoked oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+), order=(?<order>-?\\d+), oom_score_adj=(?<adj>-?\\d+)"),
            // Late RHEL7 (3.10.0-9xx/1160): ", UID U," after the name.
            of("e4.kill.rhel7", LineKind.KILL, E4, "Killed process",
                    "^(?:(?<msg>[^:]{1,60}): )?Killed process (?<pid>\\d+) \\((?<name>.*)\\),\\s*UID (?<uid>\\d+),\\s*total-vm:(?<vm>\\d+)kB,\\s*anon-rss:(?<anon>\\d+)kB,\\s*file-rss:(?<file>\\d+)kB(?:,\\s*shmem-rss:(?<shmem>\\d+)kB)?"),
            of("e4.kill", LineKind.KILL, E4, "shmem-rss:",
                    "^Killed process (?<pid>\\d+) \\((?<name>.*)\\)\\s*total-vm:(?<vm>\\d+)kB,\\s*anon-rss:(?<anon>\\d+)kB,\\s*file-rss:(?<file>\\d+)kB,\\s*shmem-rss:(?<shmem>\\d+)kB\\s*$"),
            of("e4.reaper", LineKind.REAPER, E4, "oom_reaper: reaped",
                    "^oom_reaper: reaped process (?<pid>\\d+) \\((?<name>.*)\\), now anon-rss:(?<anon>\\d+)kB, file-rss:(?<file>\\d+)kB, shmem-rss:(?<shmem>\\d+)kB"),
            of("e4.reaper.unable", LineKind.REAPER, E4, "oom_reaper: unable",
                    "^oom_reaper: unable to reap pid:(?<pid>\\d+) \\((?<name>.*)\\)"),
            of("e4.memcg.task_in", LineKind.MEMCG_TASK_IN, E4, "killed as a result of limit of",
                    "^Task in (?<task>\\S+) killed as a result of limit of (?<limit>\\S+)"),
            of("e4.tasks_state", LineKind.TASKS_STATE, E4, "Tasks state",
                    "^Tasks state \\(memory values in pages\\):"),
            of("e4.task_header", LineKind.TASK_HEADER, E4, "swapents",
                    "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\s+(?<cols>(?:nr_ptes\\s+(?:nr_pmds\\s+)?(?:nr_puds\\s+)?|pgtables_bytes\\s+)swapents\\s+oom_score_adj)\\s+name\\s*$"),
            of("e4.node_stats", LineKind.NODE_STATS, E4, "active_anon:",
                    "^Node (?<node>\\d+) active_anon:"),
            // mem_cgroup_print_oom_group(), since 4.19 (memory.oom.group came with cgroup v2's 4.19 release): every
            // further kill line of this invocation kills a member of that cgroup (the first victim again, too).
            of("e4.oom_group", LineKind.GROUP_KILL_NOTICE, E4, "memory.oom.group",
                    "^Tasks in (?<cg>\\S+) are going to be killed due to memory\\.oom\\.group set"));

    private Era4Rules() {
    }
}
