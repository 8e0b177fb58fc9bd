package io.oomstream.topology;

import java.util.Map;

/**
 * When the input last grew, from successive answers on its partitions' end offsets, and so whether a progress mark
 * may still free anything in the reorder stage ({@link InputEnds#markMayFree}). The stage waits on its clock at most
 * two windows for anything (a line at most one window, a quiet host is forgotten after two), so marks that reach the
 * input's last growth plus two windows and a margin free everything there is: after them, marks on a quiet input
 * would only keep the by-host repartition topic growing forever and its consumer group never at its end. Growth on
 * any partition brings them back, on every partition: the stage's clock is the least of them all. Thread-safe.
 */
final class InputGrowth {

    /** Added to the stage's longest wait: clocks, appends batched, an answer that took long. */
    static final long MARGIN_MILLIS = 1_000;

    private final long quietMillis;
    private Map<Integer, Long> lastEnds;
    /** When an answer first showed the input grown (the first answer counts); {@link Long#MAX_VALUE}: no answer. */
    private long grewAt = Long.MAX_VALUE;

    /** @param windowMillis the reorder stage's window ({@code oomstream.reorder.window.ms}) */
    InputGrowth(final long windowMillis) {
        this.quietMillis = 2 * windowMillis + MARGIN_MILLIS;
    }

    /**
     * An answer came at {@code answeredAt} (this process's clock): every record it counts was appended before then.
     *
     * @param ends each partition's end offset
     */
    synchronized void answered(final Map<Integer, Long> ends, final long answeredAt) {
        if (grew(lastEnds, ends)) {
            grewAt = answeredAt;
        }
        lastEnds = Map.copyOf(ends);
    }

    /** Whether a mark at {@code progress} may free a line or a host: before the quiet time, or no answer yet. */
    synchronized boolean markMayFree(final long progress) {
        return grewAt == Long.MAX_VALUE || progress < grewAt + quietMillis;
    }

    /**
     * Forgets the answers (no task uses the ends any more, or a task starts): nothing is known until the next one,
     * which counts as growth, so marks go for another quiet time.
     */
    synchronized void reset() {
        lastEnds = null;
        grewAt = Long.MAX_VALUE;
    }

    private static boolean grew(final Map<Integer, Long> before, final Map<Integer, Long> now) {
        if (before == null) {
            return true;
        }
        for (final Map.Entry<Integer, Long> e : now.entrySet()) {
            final Long was = before.get(e.getKey());
            if (was == null || e.getValue() > was) {
                return true;
            }
        }
        return false;
    }
}
