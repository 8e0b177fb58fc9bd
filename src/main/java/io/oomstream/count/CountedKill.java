package io.oomstream.count;

/**
 * What a kill was counted as, kept per event id so that a later emission with another attribution can move it.
 *
 * @param dimensions what it was counted under
 * @param logTime    its log time (epoch ms, clamped), to tell whether a later emission moved it to another window
 * @param countedAt  the record time it was counted at: its log time capped at processing time
 */
public record CountedKill(KillDimensions dimensions, long logTime, long countedAt) {

    /** Whether {@code later}, an emission of the same kill, is counted somewhere else. */
    public boolean movedBy(final CountedKill later, final long windowMillis) {
        return !dimensions.equals(later.dimensions)
                || Math.floorDiv(countedAt, windowMillis) != Math.floorDiv(later.countedAt, windowMillis)
                        && logTime != later.logTime;
    }
}
