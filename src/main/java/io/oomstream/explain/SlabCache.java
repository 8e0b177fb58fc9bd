package io.oomstream.explain;

/** One row of {@code Unreclaimable slab info:} ({@code %-17s %10luKB %10luKB}: name, used, total). */
public record SlabCache(String name, long usedKb, long totalKb) {
}
