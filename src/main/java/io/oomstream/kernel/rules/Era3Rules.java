package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E3;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E3, 2.6.36 to about 3.7 and RHEL6 (2.6.32-*.el6): {@code oom_adj=, oom_score_adj=} in the
 * header, scores normalised to 0-1000, the {@code or sacrifice child} selection (printed
 * until 5.0), and the RHEL6 kill line {@code Killed process N, UID U, (x) total-vm:...}.
 * Real pastes drop the spaces after commas ({@code Killed process 3878,UID 0,(qemu)}), hence {@code \s*}.
 */
public final class Era3Rules {

    public static final List<LineRule> RULES = List.of(
            of("e3.header", LineKind.TRIGGER, E3, "oom_adj=",
                    "^(?<comm>.+?) invoked oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+), order=(?<order>-?\\d+), oom_adj=(?<oomadj>-?\\d+), oom_score_adj=(?<adj>-?\\d+)"),
            of("e3.selection", LineKind.SELECTION, E3, "or sacrifice child",
                    "^(?<msg>[^:]{1,60}): Kill process (?<pid>\\d+) \\((?<name>.*)\\) score (?<score>-?\\d+) or sacrifice child\\s*$"),
            of("e3.kill.rhel6", LineKind.KILL, E3, "Killed process",
                    "^(?:(?<msg>[^:]{1,60}): )?Killed process (?<pid>\\d+),\\s*UID (?<uid>\\d+),\\s*\\((?<name>.*)\\)\\s*total-vm:(?<vm>\\d+)kB,\\s*anon-rss:(?<anon>\\d+)kB,\\s*file-rss:(?<file>\\d+)kB(?:,\\s*shmem-rss:(?<shmem>\\d+)kB)?"),
            of("e3.kill", LineKind.KILL, E3, "Killed process",
                    "^Killed process (?<pid>\\d+) \\((?<name>.*)\\)\\s*total-vm:(?<vm>\\d+)kB,\\s*anon-rss:(?<anon>\\d+)kB,\\s*file-rss:(?<file>\\d+)kB\\s*$"),
            of("e3.task_header", LineKind.TASK_HEADER, E3, "oom_score_adj",
                    "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\s+(?<cols>cpu\\s+oom_adj\\s+oom_score_adj)\\s+name\\s*$"));

    private Era3Rules() {
    }
}
