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

    /**
     * SLUB's slab_out_of_memory(): a slab allocation failed. Its report is this line, a {@code cache:} line and a
     * line per node (below), no dump: the stitcher ends it at its first line, and takes those that follow into it.
     */
    public static final String SLUB_FAILURE = "alloc.slub";

    public static final List<LineRule> RULES = List.of(
            of("alloc.failure.5x", LineKind.ALLOC_FAILURE, E5, "page allocation failure",
                    "^(?<comm>.+?): page allocation failure: order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?,\\s*nodemask=(?<nodemask>.*?),\\s*cpuset=(?<cpuset>[^,]*),\\s*mems_allowed=(?<mems>\\S*)\\s*$"),
            of("alloc.failure", LineKind.ALLOC_FAILURE, null, "page allocation failure",
                    "^(?<comm>.+?): page allocation failure[.:]\\s*order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?(?:,\\s*nodemask=(?<nodemask>\\S*))?"),
            of("alloc.stall", LineKind.ALLOC_FAILURE, E4, "page allocation stalls",
                    "^(?<comm>.+?): page allocation stalls for (?<stallms>\\d+)ms, order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?"),
            of("alloc.vmalloc", LineKind.ALLOC_FAILURE, null, "vmalloc",
                    "^(?<comm>.+?): vmalloc(?:: allocation failure| error:)[^\\n]*?mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?"),
            // mm/slub.c slab_out_of_memory(): "SLUB: Unable to allocate memory on node %d, gfp=%#x(%pGg)\n" (older:
            // "... on node %d (gfp=0x%x)\n"), then "  cache: %s, object size: %u, buffer size: %u, default order: %u,
            // min order: %u\n", maybe "  %s debugging increased min order, use slub_debug=O to disable.\n", and
            // "  node %d: slabs: %ld, objs: %ld, free: %ld\n" per node. No process is named, no order of the failing
            // allocation printed (the cache's orders are not it).
            of(SLUB_FAILURE, LineKind.ALLOC_FAILURE, null, "SLUB: Unable to allocate memory",
                    "^SLUB: Unable to allocate memory on node (?<node>-?\\d+)\\s*(?:,\\s*gfp=|\\(gfp=)(?<gfp>0x[0-9a-fA-F]+)"
                            + "(?:\\((?<flags>[^)]*)\\))?\\)?\\s*$"),
            of("alloc.slub.cache", LineKind.MEM_SUMMARY, null, ", object size: ",
                    "^\\s*cache: (?<cache>.+?), object size: (?<objsize>\\d+), buffer size: (?<bufsize>\\d+), "
                            + "default order: (?<deforder>\\d+), min order: (?<minorder>\\d+)\\s*$"),
            of("alloc.slub.debug", LineKind.MEM_SUMMARY, null, "debugging increased min order",
                    "^\\s*\\S+ debugging increased min order, use slub_debug=O to disable\\.?\\s*$"),
            of("alloc.slub.node", LineKind.MEM_SUMMARY, null, ": slabs: ",
                    "^\\s*node (?<node>-?\\d+): slabs: (?<slabs>\\d+), objs: (?<objs>\\d+), free: (?<free>\\d+)\\s*$"),
            of("alloc.vmemmap", LineKind.ALLOC_FAILURE, E5, "vmemmap alloc failure",
                    "^(?<comm>.+?): vmemmap alloc failure: order:(?<order>\\d+),\\s*mode:(?<gfp>0x[0-9a-fA-F]+)(?:\\((?<flags>[^)]*)\\))?"));

    private AllocFailureRules() {
    }
}
