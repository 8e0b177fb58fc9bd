package io.oomstream.event;

import java.util.List;

/**
 * The task whose allocation invoked the OOM killer (or failed, for an allocation failure).
 *
 * @param process     its comm (at most 15 characters, as the kernel prints it)
 * @param pid         from the stack header ({@code CPU: N PID: P} / {@code Pid: P, comm:}), null when not printed
 * @param gfpMask     the allocation's gfp mask as printed, e.g. {@code 0x201da}
 * @param gfpFlags    decoded flag names (printed names from 4.5; decoded from hex before)
 * @param order       allocation order (2^order pages); -1 for a manual SysRq OOM
 * @param oomScoreAdj the trigger's oom_score_adj (E3+)
 * @param oomAdj      the legacy oom_adj / oomkilladj (E2, E3)
 */
public record Trigger(String process, Integer pid, String gfpMask, List<String> gfpFlags, Integer order,
                      Integer oomScoreAdj, Integer oomAdj) {
}
