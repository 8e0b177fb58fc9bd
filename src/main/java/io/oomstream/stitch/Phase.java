package io.oomstream.stitch;

/** Where a host's open report is in its life. */
public enum Phase {
    /** Lines are arriving; no end seen yet. */
    COLLECTING,
    /** The kill line arrived; waiting briefly for the reaper line and systemd's unit lines. */
    KILLED,
    /** An allocation failure printed its last show_mem line; waiting briefly for the trailing page counts. */
    TAIL,
    /**
     * Emitted incomplete after the idle timeout, lines kept: a thrashing host may still write
     * the rest, and then the event is emitted again, complete, under the same id.
     */
    LINGERING
}
