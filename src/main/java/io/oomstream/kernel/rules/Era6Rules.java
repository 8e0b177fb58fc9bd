package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E6;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E6, 6.x: the same report as 5.4+, plus {@code UID:} on the stack header (about 6.11), the
 * decoded taint line (about 6.12) and, from about 6.8, task tables with rss split into
 * anon/file/shmem (read from the header's columns, never from fixed positions).
 */
public final class Era6Rules {

    public static final List<LineRule> RULES = List.of(
            of("e6.stack_header", LineKind.STACK_HEADER, E6, " UID: ",
                    "^CPU: (?<cpu>\\d+) UID: (?<uid>\\d+) PID: (?<pid>\\d+) Comm: (?<comm>.+?) (?:Kdump: loaded )?(?:Not tainted|Tainted: [A-Z ]*?)\\s*(?<ver>\\d[\\w.+~-]*)"),
            of("e6.taint_decode", LineKind.STACK, E6, "Tainted: [",
                    "^Tainted: \\["),
            of("e6.task_header", LineKind.TASK_HEADER, E6, "rss_anon",
                    "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\s+(?<cols>rss_anon\\s+rss_file\\s+rss_shmem\\s+pgtables_bytes\\s+swapents\\s+oom_score_adj)\\s+name\\s*$"));

    private Era6Rules() {
    }
}
