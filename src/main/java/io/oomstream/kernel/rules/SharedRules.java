package io.oomstream.kernel.rules;

import static io.oomstream.kernel.LineRule.anyOf;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * Lines printed alike by many eras: the stack dump, show_mem/Mem-Info, zones, buddy lists,
 * swap, memcg usage, task rows, rate-limit notes and the no-victim ends. They prove no era.
 * Whitespace is matched loosely: pastes and some transports collapse the kernel's padding
 * ({@code Free swap = 0kB} with one space).
 */
public final class SharedRules {

    private static final String ZONE = "(?<zone>DMA32|DMA|Normal|HighMem|Movable|Device)";
    /** {@code :\d}: a Mem-Info counter ({@code active_anon:123}) holds one. */
    private static final List<String> DIGIT_AFTER_COLON = List.of(":0", ":1", ":2", ":3", ":4", ":5", ":6", ":7",
            ":8", ":9");
    /** {@code " \d"}: a memory.stat line ({@code anon 123}) holds one. */
    private static final List<String> DIGIT_AFTER_SPACE = List.of(" 0", " 1", " 2", " 3", " 4", " 5", " 6", " 7",
            " 8", " 9");

    public static final List<LineRule> RULES = List.of(
            of("shared.fallback_header", LineKind.TRIGGER, null, "invoked oom-killer",
                    "^(?<comm>.+?) invoked oom-killer: gfp_mask=(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?(?:.*?order=(?<order>-?\\d+))?"),
            of("shared.cpuset", LineKind.CPUSET, null, " mems_allowed=",
                    "^(?<comm>.+?) cpuset=(?<cpuset>\\S*) mems_allowed=(?<mems>\\S+)\\s*$"),
            of("shared.stack_header", LineKind.STACK_HEADER, null, "PID: ",
                    "^CPU: (?<cpu>\\d+) PID: (?<pid>\\d+) Comm: (?<comm>.+?) (?:Kdump: loaded )?(?:Not tainted|Tainted: [A-Z ]*?)\\s*(?<ver>\\d[\\w.+~-]*)"),
            of("shared.stack_header.x86_old", LineKind.STACK_HEADER, null, "comm: ",
                    "^Pid: (?<pid>\\d+),\\s*comm: (?<comm>.+?) (?:Kdump: loaded )?(?:Not tainted|Tainted: [A-Z ]*?)\\s*(?<ver>\\d[\\w.+~-]*)"),
            // Each alternative of the stack regex carries a literal; "R0".."R9" stand for R\d{1,2}.
            anyOf("shared.stack", LineKind.STACK, null, List.of("Hardware name: ", "Call Trace:", "Call trace:",
                    "Workqueue: ", "Code: ", "[<", "<IRQ>", "<EOI>", "<TASK>", "</TASK>", "<NMI>", "</NMI>", "+0x",
                    "RIP:", "RSP:", "RAX:", "RBX:", "RCX:", "RDX:", "RSI:", "RDI:", "RBP:", "R0", "R1", "R2", "R3", "R4",
                    "R5", "R6", "R7", "R8", "R9", "FS:", "GS:", "CS:", "DS:", "ES:", "CR0:", "CR2:", "CR3:", "CR4:",
                    "DR0:", "DR3:", "DR6:"),
                    "^(?:Hardware name: |Call [Tt]race:|Workqueue: |Code: |\\s*\\[<[0-9a-fA-F]+>\\]|\\s*<(?:IRQ|EOI|TASK|/TASK|NMI|/NMI)>"
                            + "|\\s*\\? [\\w.$]+\\+0x|\\s*[\\w.$]+\\+0x[0-9a-f]+/0x[0-9a-f]+"
                            + "|\\s*(?:RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\\d{1,2}|FS|GS|CS|DS|ES|CR0|CR2|CR3|CR4|DR0|DR3|DR6):\\s)"),
            // The stack regex's one alternative without a literal (a raw stack dump row), tried right after it.
            of("shared.stack.hexdump", LineKind.STACK, null, "",
                    "^\\s*(?:[0-9a-f]{16}\\s){2}"),
            of("shared.meminfo", LineKind.MEMINFO_START, null, "Mem-",
                    "^Mem-[Ii]nfo:\\s*$"),
            anyOf("shared.percpu", LineKind.PERCPU, null, List.of(" per-cpu:", ": hi:", " hot:", " cold:"),
                    "^(?:(?:Node \\d+ )?\\w+ per-cpu:|CPU\\s+\\d+: hi:|cpu \\d+ (?:hot|cold):)"),
            of("shared.zone", LineKind.ZONE, null, " free:",
                    "^(?:Node (?<node>\\d+) )?" + ZONE + " free:(?<free>\\d+)kB(?:\\s+boost:\\d+kB)?\\s+min:(?<min>\\d+)kB\\s+low:(?<low>\\d+)kB\\s+high:(?<high>\\d+)kB"),
            anyOf("shared.meminfo_counters", LineKind.MEMINFO_COUNTERS, null, DIGIT_AFTER_COLON,
                    "^\\s*[A-Za-z_]+:\\d+(?:\\s+[A-Za-z_()]+:\\d+)*\\s*$"),
            of("shared.lowmem_reserve", LineKind.LOWMEM_RESERVE, null, "[]:",
                    "^(?:lowmem_reserve|protections)\\[\\]:(?<vals>[\\s\\d]*)$"),
            anyOf("shared.buddy", LineKind.BUDDY, null, List.of("DMA: ", "DMA32: ", "Normal: ", "HighMem: ",
                    "Movable: ", "Device: "),
                    "^(?:Node (?<node>\\d+),? )?" + ZONE + ": (?:(?<blocks>\\d+\\*\\d+kB.*?)\\s*=\\s*(?<total>\\d+)kB|empty)\\s*$"),
            // hugetlb_show_meminfo_node(): "Node %d hugepages_total=%u hugepages_free=%u hugepages_surp=%u hugepages_size=%lukB".
            of("shared.hugepages", LineKind.MEM_SUMMARY, null, "hugepages_total=",
                    "^Node (?<node>\\d+) hugepages_total=(?<total>\\d+)(?:\\s+hugepages_free=(?<free>\\d+))?"
                            + "(?:\\s+hugepages_surp=(?<surp>\\d+))?(?:\\s+hugepages_size=(?<size>\\d+)kB)?"),
            // dump_unreclaimable_slab() (4.15+, when unreclaimable slab outgrows the LRU pages): a title, a column
            // header, then "%-17s %10luKB %10luKB" (name, used, total) per cache.
            of("shared.slab.title", LineKind.MEM_SUMMARY, null, "Unreclaimable slab info",
                    "^Unreclaimable slab info:\\s*$"),
            of("shared.slab.header", LineKind.MEM_SUMMARY, null, "Used",
                    "^Name\\s+Used\\s+Total\\s*$"),
            of("shared.slab.row", LineKind.MEM_SUMMARY, null, "KB",
                    "^(?<name>\\S+)\\s+(?<used>\\d+)KB\\s+(?<total>\\d+)KB\\s*$"),
            anyOf("shared.pagecache", LineKind.MEM_SUMMARY, null, List.of(" total pagecache pages",
                    " pages in swap cache", "Swap cache stats: ", "Swap cache: add "),
                    "^(?:\\d+ total pagecache pages|\\d+ pages in swap cache|Swap cache stats: |Swap cache: add )"),
            of("shared.free_swap", LineKind.FREE_SWAP, null, "Free swap",
                    "^Free swap\\s*[=:]\\s*(?<free>\\d+)kB(?:\\s*/\\s*Total swap\\s*=\\s*(?<total>\\d+)kB)?"),
            of("shared.total_swap", LineKind.TOTAL_SWAP, null, "Total swap",
                    "^Total swap\\s*=\\s*(?<total>\\d+)kB"),
            of("shared.pages_ram", LineKind.PAGES_RAM, null, "pages RAM",
                    "^(?<pages>\\d+) pages RAM\\s*$"),
            of("shared.show_mem_tail", LineKind.SHOW_MEM_TAIL, null, "pages ",
                    "^\\d+ pages (?:reserved|hwpoisoned|cma reserved|pagetables)\\s*$"),
            of("shared.show_mem_other", LineKind.MEM_SUMMARY, null, "pages ",
                    "^\\d+ pages (?:shared|non-shared|HighMem/MovableOnly|HighMem|of HIGHMEM|swap cached)\\s*$"),
            of("shared.memcg.usage", LineKind.MEMCG_USAGE, null, ": usage ",
                    "^(?<which>memory|memory\\+swap|swap|kmem|kmem\\.tcp): usage (?<usage>\\d+)kB, limit (?<limit>\\d+)kB, failcnt (?<failcnt>\\d+)"),
            of("shared.memcg.stats", LineKind.MEMCG_STATS, null, "Memory cgroup stats for ",
                    "^Memory cgroup stats for (?<cg>\\S+?):(?:\\s*(?<stats>.*))?$"),
            of("shared.task_header", LineKind.TASK_HEADER, null, "total_vm",
                    "^\\[\\s*pid\\s*\\]\\s+uid\\s+tgid\\s+total_vm\\s+rss\\s+(?<cols>.*?)\\s*name\\s*$"),
            of("shared.task_row", LineKind.TASK_ROW, null, "]",
                    "^\\[\\s*\\d+\\]\\s+\\d+\\s+\\d+\\s"),
            // oom_kill_process() (2.6.2x-4.x): after the victim, every process of another thread group sharing its mm is
            // killed too, in the same invocation, each named by this line.
            of("shared.sharing", LineKind.GROUP_KILL_NOTICE, null, "sharing same memory",
                    "^(?:[^:]{1,60}: )?Kill process (?<pid>\\d+) \\((?<name>.*)\\) sharing same memory"),
            of("shared.suppressed", LineKind.SUPPRESSED, null, "suppressed",
                    "^(?:\\S+: \\d+ callbacks suppressed|printk: \\d+ messages suppressed\\.?)\\s*$"),
            anyOf("shared.no_killable", LineKind.NO_VICTIM, null, List.of("Out of memory and no killable processes",
                    "Kernel panic - not syncing: ", "OOM request ignored"),
                    "^(?:Out of memory and no killable processes|Kernel panic - not syncing: |OOM request ignored)"),
            // Only inside an open cgroup v2 memory.stat block (the stitcher checks context).
            anyOf("shared.memcg.stat_line", LineKind.MEMCG_STAT_LINE, null, DIGIT_AFTER_SPACE,
                    "^\\s*[a-z][a-z_]* \\d+\\s*$"));

    private SharedRules() {
    }
}
