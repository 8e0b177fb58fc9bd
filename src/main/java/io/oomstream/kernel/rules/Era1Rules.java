package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E1;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * E1, Linux 2.6.0 to about 2.6.18 (RHEL4), and 2.4 before it: the header names no trigger process, there is
 * no task dump, and the kill line ends with a period. 2.4 printed an allocation failure as one line of its own.
 */
public final class Era1Rules {

    /**
     * The 2.4 allocation failure: the line is the whole report (2.4 prints no dump with it), so the stitcher ends
     * the report at it rather than wait for a dump that never comes.
     */
    public static final String ONE_LINE_ALLOC_FAILURE = "e1.alloc_failure";

    public static final List<LineRule> RULES = List.of(
            of("e1.header", LineKind.TRIGGER, E1, "oom-killer: gfp_mask=",
                    "^oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+)(?:, order=(?<order>-?\\d+))?\\s*$"),
            // 2.6.16-18: the selection names the parent; the kill line may name a child.
            of("e1.selection", LineKind.SELECTION, E1, "and children",
                    "^(?<msg>Out of [Mm]emory): Kill process (?<pid>\\d+) \\((?<name>.*)\\) score (?<score>-?\\d+) and children\\.$"),
            // The only E1 kill line: no sizes, trailing period. RHEL5 backports add ", UID U,".
            of("e1.kill", LineKind.KILL, E1, "Killed process",
                    "^(?<msg>[^:]{1,60}): Killed process (?<pid>\\d+)(?:,\\s*UID (?<uid>\\d+),)?\\s*\\((?<name>.*)\\)\\.$"),
            // 2.4's arch page-fault handlers (do_page_fault's out_of_memory label), 2.2 to 2.6.28 on x86 and longer on
            // other arches, until pagefault_out_of_memory() replaced it: printk("VM: killing process %s\n", comm).
            // The faulting process itself is killed, no report around it, no pid printed. Printed over so many
            // kernels that it proves no era.
            of("e1.fault_kill", LineKind.KILL, null, "VM: killing process",
                    "^VM: killing process (?<name>.+?)\\s*$"),
            // 2.4 __alloc_pages(): printk("__alloc_pages: %lu-order allocation failed (gfp=0x%x/%i)\n", order,
            // gfp_mask, !!(current->flags & PF_MEMALLOC)); -ac and -aa trees end it with "." or " from <caller>".
            // No process is named. 2.6 prints "page allocation failure" instead.
            of(ONE_LINE_ALLOC_FAILURE, LineKind.ALLOC_FAILURE, E1, "-order allocation failed",
                    "^__alloc_pages: (?<order>\\d+)-order allocation failed(?: \\(gfp=(?<gfp>0x[0-9a-fA-F]+)/\\d+\\))?"
                            + "\\.?(?: from [0-9a-fA-F]+)?\\s*$"),
            of("e1.free_pages", LineKind.FREE_PAGES, E1, "Free pages:",
                    "^Free pages:\\s*(?<kb>\\d+)kB"),
            of("e1.pages_of_ram", LineKind.PAGES_RAM, E1, "pages of RAM",
                    "^(?<pages>\\d+) pages of RAM\\s*$"),
            of("e1.reserved_pages", LineKind.SHOW_MEM_TAIL, E1, "reserved pages",
                    "^\\d+ reserved pages\\s*$"));

    private Era1Rules() {
    }
}
