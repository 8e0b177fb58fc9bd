package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E5;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E5, 5.0 to 5.19: the {@code oom-kill:} summary line (node lists hold commas, so keys are
 * matched in order and anchored on {@code ,task=...,pid=N,uid=N}); from 5.1 the kill line is
 * {@code Out of memory: Killed process ...} with no score; from 5.4 it ends with
 * {@code UID:U pgtables:NkB oom_score_adj:N}.
 */
public final class Era5Rules {

    public static final List<LineRule> RULES = List.of(
            of("e5.header", LineKind.TRIGGER, E5, "invoked oom-killer",
                    "^(?<comm>.+?) invoked oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+)\\((?<flags>[^)]*)\\), order=(?<order>-?\\d+), oom_score_adj=(?<adj>-?\\d+)"),
            // "rest" holds a glued next record: early 5.0 printed this line without its newline.
            of("e5.summary", LineKind.OOM_SUMMARY, E5, "oom-kill:constraint=",
                    "^oom-kill:constraint=(?<constraint>\\w+),nodemask=(?<nodemask>.*?)(?:,cpuset=(?<cpuset>[^,]*),mems_allowed=(?<mems>.*?))?(?:,oom_memcg=(?<oommemcg>[^,]*)|,global_oom)(?:,task_memcg=(?<taskmemcg>[^,]*))?,task=(?<task>.*),pid=\\s*(?<pid>\\d+),uid=\\s*(?<uid>\\d+)(?<rest>.*)$"),
            of("e5.kill.uid", LineKind.KILL, E5, "pgtables:",
                    "^(?:(?<msg>[^:]{1,60}): )?Killed process (?<pid>\\d+) \\((?<name>.*)\\)\\s*total-vm:(?<vm>\\d+)kB,\\s*anon-rss:(?<anon>\\d+)kB,\\s*file-rss:(?<file>\\d+)kB,\\s*shmem-rss:(?<shmem>\\d+)kB,\\s*UID:(?<uid>\\d+) pgtables:(?<pgtables>\\d+)kB oom_score_adj:(?<adj>-?\\d+)"),
            of("e5.kill", LineKind.KILL, E5, "Killed process",
                    "^(?<msg>[^:]{1,60}): Killed process (?<pid>\\d+) \\((?<name>.*)\\)\\s*total-vm:(?<vm>\\d+)kB,\\s*anon-rss:(?<anon>\\d+)kB,\\s*file-rss:(?<file>\\d+)kB(?:,\\s*shmem-rss:(?<shmem>\\d+)kB)?"),
            // __oom_kill_process() when the victim's memory is already gone (the task is exiting): no kill line follows.
            of("e5.victim_exiting", LineKind.VICTIM_EXITING, E5, "is already exiting",
                    "^(?<msg>[^:]{1,60}): OOM victim (?<pid>\\d+) \\((?<name>.*)\\) is already exiting\\. Skip killing the task"));

    private Era5Rules() {
    }
}
