package io.oomstream.event;

import java.util.List;

/**
 * One zone's buddy-allocator free lists.
 *
 * @param freeBlocks       free blocks per order, index = order (4kB, 8kB, ... for 4 KiB pages)
 * @param blockSizesKb     the block size printed for each order
 * @param totalKb          the printed total
 * @param largestFreeOrder the highest order with a free block; null when the zone has none
 */
public record Buddy(Integer node, String zone, List<Long> freeBlocks, List<Long> blockSizesKb, Long totalKb,
                    Integer largestFreeOrder) {
}
