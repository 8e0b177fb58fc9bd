package io.oomstream.reorder;

/**
 * How long a line must wait for the lines it follows, as the input has shown it: the largest arrival disorder seen
 * recently (a line arriving X ms after a line of its host that it precedes shows disorder X), plus a margin, never
 * more than the window. Until the input has shown its disorder for a while (after a start or restart) the wait is the
 * whole window, so a shuffled input is not cut at its start.
 *
 * <p>The maximum decays: it is kept per minute of arrival time over the last {@link #MEMORY_BUCKETS} minutes, so a
 * burst of disorder keeps the wait long for those minutes and then lets it fall back. A disorder larger than the
 * wait shows up as late lines (passed on, counted); it is recorded too, so the wait grows at once.
 *
 * <p>One per application instance, shared by its reorder tasks (each sees a fraction of the input; together they
 * learn it sooner): thread-safe. Times are on the clock arrivals are measured on (epoch ms).
 */
public final class ArrivalDisorder {

    /** Lines that could have shown disorder (they arrived while their host had lines held) before the wait adapts. */
    public static final long WARM_UP_LINES = 1_000;
    /** Added to the largest disorder seen: at least this much (clock granularity, batching of appends). */
    public static final long MARGIN_MILLIS = 200;
    static final long BUCKET_MILLIS = 60_000;
    static final int MEMORY_BUCKETS = 5;

    private final long windowMillis;
    private final long warmUpMillis;
    private final long[] bucketStart = new long[MEMORY_BUCKETS];
    private final long[] bucketMax = new long[MEMORY_BUCKETS];
    private long firstArrival = Long.MIN_VALUE;
    private long latestArrival = Long.MIN_VALUE;
    private long evidence;
    /** The wait as last computed (read without the lock on the hot path). */
    private volatile long waitMillis;

    /**
     * @param window the longest wait, and the wait until the input has shown its disorder; the warm-up also lasts at
     *               least two windows of arrival time
     */
    public ArrivalDisorder(final java.time.Duration window) {
        this.windowMillis = window.toMillis();
        this.warmUpMillis = 2 * windowMillis;
        this.waitMillis = windowMillis;
        java.util.Arrays.fill(bucketStart, Long.MIN_VALUE);
    }

    /**
     * Notes one line's arrival.
     *
     * @param arrivedAt      when it arrived
     * @param couldShow      whether its host had lines held (a line arriving then could have shown disorder)
     * @param disorderMillis how long after a line it precedes it arrived, 0 when it follows every line before it
     */
    public synchronized void observe(final long arrivedAt, final boolean couldShow, final long disorderMillis) {
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivedAt;
        }
        if (arrivedAt > latestArrival) {
            latestArrival = arrivedAt;
        }
        if (couldShow) {
            evidence++;
        }
        if (disorderMillis > 0) {
            final long start = Math.floorDiv(arrivedAt, BUCKET_MILLIS) * BUCKET_MILLIS;
            final int i = (int) Math.floorMod(Math.floorDiv(arrivedAt, BUCKET_MILLIS), (long) MEMORY_BUCKETS);
            if (bucketStart[i] != start) {
                if (bucketStart[i] > start) {
                    return; // older than the memory: it no longer counts
                }
                bucketStart[i] = start;
                bucketMax[i] = 0;
            }
            bucketMax[i] = Math.max(bucketMax[i], disorderMillis);
        }
        waitMillis = compute();
    }

    /** How long a line waits now (ms). */
    public long waitMillis() {
        return waitMillis;
    }

    /** Whether the input has shown its disorder for long enough that the wait follows it. */
    public synchronized boolean warm() {
        return evidence >= WARM_UP_LINES && latestArrival - firstArrival >= warmUpMillis;
    }

    /** The largest disorder seen over the last minutes (ms). */
    public synchronized long recentMaxMillis() {
        final long oldest = Math.floorDiv(latestArrival, BUCKET_MILLIS) * BUCKET_MILLIS
                - (MEMORY_BUCKETS - 1) * BUCKET_MILLIS;
        long max = 0;
        for (int i = 0; i < MEMORY_BUCKETS; i++) {
            if (bucketStart[i] != Long.MIN_VALUE && bucketStart[i] >= oldest) {
                max = Math.max(max, bucketMax[i]);
            }
        }
        return max;
    }

    private long compute() {
        if (!warm()) {
            return windowMillis;
        }
        final long seen = recentMaxMillis();
        // A quarter on top: the largest of a sample understates the largest of the input.
        return Math.min(windowMillis, seen + seen / 4 + MARGIN_MILLIS);
    }
}
