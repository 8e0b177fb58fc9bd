package io.oomstream.reorder;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what the reorder stage did; read by metrics (as deltas) and by tests. */
public final class ReorderStats {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder overflow = new LongAdder();
    private final LongAdder untimed = new LongAdder();
    private final LongAdder moved = new LongAdder();
    private final LongAdder heldTooLong = new LongAdder();

    void accepted() {
        accepted.increment();
    }

    void late() {
        late.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void overflow() {
        overflow.increment();
    }

    void untimed() {
        untimed.increment();
    }

    void moved() {
        moved.increment();
    }

    void heldTooLong() {
        heldTooLong.increment();
    }

    /** Lines passed on before their wait was over because they were held {@link ReorderConfig#MAX_HOLD}. */
    public long heldTooLongLines() {
        return heldTooLong.sum();
    }

    /** Lines the stage received. */
    public long acceptedLines() {
        return accepted.sum();
    }

    /** Lines that arrived after later lines of their host had been passed on: passed on at once, out of order. */
    public long lateLines() {
        return late.sum();
    }

    /** Exact repeats (same host, place and text) of a line held or passed on within the window: not passed on. */
    public long duplicateLines() {
        return duplicates.sum();
    }

    /** Lines passed on early because their host held more than its cap. */
    public long overflowLines() {
        return overflow.sum();
    }

    /** Lines without a wall-clock time: passed on at once (nothing to order them by). */
    public long untimedLines() {
        return untimed.sum();
    }

    /** Lines that arrived before a line they follow, and were put back in place. */
    public long reorderedLines() {
        return moved.sum();
    }
}
