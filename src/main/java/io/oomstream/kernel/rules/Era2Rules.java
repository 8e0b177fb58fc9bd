package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E2;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E2, about 2.6.19 to 2.6.35: the header names its trigger and prints {@code oomkilladj=};
 * the score is raw badness (unbounded); the kill line carries no sizes.
 */
public final class Era2Rules {

    public static final List<LineRule> RULES = List.of(
            of("e2.header", LineKind.TRIGGER, E2, "oomkilladj=",
                    "^(?<comm>.+?) invoked oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+), order=(?<order>-?\\d+), oomkilladj=(?<oomadj>-?\\d+)"),
            of("e2.selection", LineKind.SELECTION, E2, "or a child",
                    "^(?<msg>[^:]{1,60}): kill process (?<pid>\\d+) \\((?<name>.*)\\) score (?<score>-?\\d+) or a child\\s*$"),
            of("e2.kill", LineKind.KILL, E2, "Killed process",
                    "^Killed process (?<pid>\\d+) \\((?<name>.*)\\)\\s*$"),
            of("e2.task_header", LineKind.TASK_HEADER, E2, "oom_adj",
                    "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\s+(?<cols>cpu\\s+oom_adj)\\s+name\\s*$"));

    private Era2Rules() {
    }
}
