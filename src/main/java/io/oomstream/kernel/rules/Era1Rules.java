package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E1;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E1, Linux 2.6.0 to about 2.6.18 (RHEL4): the header names no trigger process, there is
 * no task dump, and the kill line ends with a period.
 */
public final class Era1Rules {

    public static final List<LineRule> RULES = List.of(
            of("e1.header", LineKind.TRIGGER, E1, "oom-killer: gfp_mask=",
                    "^oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+)(?:, order=(?<order>-?\\d+))?\\s*$"),
            // 2.6.16-18: the selection names the parent; the kill line may name a child.
            of("e1.selection", LineKind.SELECTION, E1, "and children",
                    "^(?<msg>Out of [Mm]emory): Kill process (?<pid>\\d+) \\((?<name>.*)\\) score (?<score>-?\\d+) and children\\.$"),
            // The only E1 kill line: no sizes, trailing period. RHEL5 backports add ", UID U,".
            of("e1.kill", LineKind.KILL, E1, "Killed process",
                    "^(?<msg>[^:]{1,60}): Killed process (?<pid>\\d+)(?:,\\s*UID (?<uid>\\d+),)?\\s*\\((?<name>.*)\\)\\.$"),
            of("e1.free_pages", LineKind.FREE_PAGES, E1, "Free pages:",
                    "^Free pages:\\s*(?<kb>\\d+)kB"),
            of("e1.pages_of_ram", LineKind.PAGES_RAM, E1, "pages of RAM",
                    "^(?<pages>\\d+) pages of RAM\\s*$"),
            of("e1.reserved_pages", LineKind.SHOW_MEM_TAIL, E1, "reserved pages",
                    "^\\d+ reserved pages\\s*$"));

    private Era1Rules() {
    }
}
