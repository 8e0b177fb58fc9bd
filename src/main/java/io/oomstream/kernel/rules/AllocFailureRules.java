package io.oomstream.kernel.rules;

import static io.oomstream.kernel.KernelEra.E4;
import static io.oomstream.kernel.KernelEra.E5;
import static io.oomstream.kernel.LineRule.of;

import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.LineRule;
import java.util.List;

/**
 * Page-allocation failures and their relatives (warn_alloc): not kills, no victim and no
 * end marker; the body is a stack dump and show_mem. 2.6 prints a period before
 * {@code order:}; 5.x appends {@code ,cpuset=...,mems_allowed=...}.
 */
public final class AllocFailureRules {

    public static final List<LineRule> RULES = List.of(
            of("alloc.failure.5x", LineKind.ALLOC_FAILURE, E5, "page allocation failure",
                    "^(?<comm>.+?): page allocation failure: order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?,\\s*nodemask=(?<nodemask>.*?),\\s*cpuset=(?<cpuset>[^,]*),\\s*mems_allowed=(?<mems>\\S*)\\s*$"),
            of("alloc.failure", LineKind.ALLOC_FAILURE, null, "page allocation failure",
                    "^(?<comm>.+?): page allocation failure[.:]\\s*order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?(?:,\\s*nodemask=(?<nodemask>\\S*))?"),
            of("alloc.stall", LineKind.ALLOC_FAILURE, E4, "page allocation stalls",
                    "^(?<comm>.+?): page allocation stalls for (?<stallms>\\d+)ms, order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?"),
            of("alloc.vmalloc", LineKind.ALLOC_FAILURE, null, "vmalloc",
                    "^(?<comm>.+?): vmalloc(?:: allocation failure| error:)[^\\n]*?mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?"),
            of("alloc.vmemmap", LineKind.ALLOC_FAILURE, E5, "vmemmap alloc failure",
                    "^(?<comm>.+?): vmemmap alloc failure: order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?"));

    private AllocFailureRules() {
    }
}
