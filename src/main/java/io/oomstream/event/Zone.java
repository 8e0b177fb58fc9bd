package io.oomstream.event;

import java.util.List;

/**
 * One memory zone's free memory and watermarks, in kB, with the lowmem_reserve line that
 * follows it (in pages, as printed).
 */
public record Zone(Integer node, String zone, Long freeKb, Long minKb, Long lowKb, Long highKb,
                   List<Long> lowmemReserve) {
}
