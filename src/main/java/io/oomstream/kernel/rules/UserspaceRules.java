package io.oomstream.kernel.rules;

import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * Userspace lines about OOM kills. systemd's unit lines attribute a kernel kill to a unit
 * (one kernel kill is logged once per unit up the hierarchy); systemd-oomd and earlyoom kill
 * on their own and are never kernel OOM kills. When journald itself was the victim, systemd
 * logs through /dev/kmsg, so its lines may arrive as kernel lines prefixed {@code systemd[1]: }.
 */
public final class UserspaceRules {

    public static final List<LineRule> RULES = List.of(
            of("systemd.unit_oom", LineKind.UNIT_OOM, null, "killed by the OOM killer",
                    "^(?:systemd\\[\\d+\\]: )?(?<unit>\\S+): A process of this unit has been killed by the OOM killer\\."),
            of("systemd.unit_failed_oom", LineKind.UNIT_FAILED_OOM, null, "'oom-kill'",
                    "^(?:systemd\\[\\d+\\]: )?(?<unit>\\S+): Failed with result 'oom-kill'\\."),
            of("oomd.kill", LineKind.USERSPACE_KILL, null, "Killed /",
                    "^Killed (?<cg>/\\S*) due to (?<why>.+?)\\s*$"),
            of("earlyoom.kill", LineKind.USERSPACE_KILL, null, "to process",
                    "^sending (?<sig>SIGTERM|SIGKILL) to process (?<pid>\\d+) uid (?<uid>\\d+) \"(?<name>.*)\": (?:badness|oom_score) (?<score>-?\\d+), VmRSS (?<rssmib>\\d+) MiB"));

    private UserspaceRules() {
    }
}
