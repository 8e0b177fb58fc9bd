package io.oomstream.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Paces the commits the reorder stage asks for when it passes on a line that lets the stitcher emit an event (see
 * {@link ReorderProcessor}): at most one per {@link #SPACING} per application instance, so a storm of kills costs a few
 * more transactions a second, not one per kill. Thread-safe: shared by the instance's reorder tasks.
 */
final class CommitRequests {

    /** At most this often; a kill released within it goes with the next commit, as it did before. */
    static final long SPACING_MILLIS = 50;

    private final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE / 2);

    /** Whether a commit may be asked for now (and, if so, counts it as asked). */
    boolean mayAsk(final long wallNow) {
        final long last = lastAt.get();
        return wallNow - last >= SPACING_MILLIS && lastAt.compareAndSet(last, wallNow);
    }
}
