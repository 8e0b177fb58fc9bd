package io.oomstream.event;

/** System swap from show_mem ({@code Free swap = ...kB}, {@code Total swap = ...kB}). */
public record Swap(Long freeKb, Long totalKb) {
}
