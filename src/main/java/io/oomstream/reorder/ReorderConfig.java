package io.oomstream.reorder;

import java.time.Duration;

/**
 * The reorder stage's bounds.
 *
 * @param window          a line is held until the host's own lines are this much newer (event time), or until it has
 *                        been held this long (wall clock, for a host that went quiet); a line that arrives after
 *                        lines this much newer were passed on is late (still passed on, counted)
 * @param maxLinesPerHost lines held per host at most; beyond it the oldest is passed on (counted)
 */
public record ReorderConfig(Duration window, int maxLinesPerHost) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_LINES_PER_HOST = 50_000;
    /**
     * Event time alone never releases a line held for less than this (or the window, if shorter). Lines of one moment
     * that a producer spread over partitions reach the stage through different stream threads, each committing its
     * batch on its own schedule; while the application catches up, a batch spans seconds of log time, and the first
     * thread's lines would otherwise push the host's time past the window before the others' lines arrive.
     */
    public static final Duration SETTLE = Duration.ofSeconds(1);

    /**
     * No line is held longer than this on the process's wall clock (from when this process took it, or read it back
     * from the store) while the input's clock may be stuck: an input partition that stopped reporting its progress
     * with nothing left to read in it (or the broker's offsets not known) holds its host's lines this long at most.
     * A partition that reports, however far behind, is waited for, and so is a silent one with records still unread,
     * whose task is failing over ({@link SilentPartitions}); the per-host cap bounds the memory.
     */
    public static final Duration MAX_HOLD = Duration.ofSeconds(30);

    public static ReorderConfig defaults() {
        return new ReorderConfig(DEFAULT_WINDOW, DEFAULT_MAX_LINES_PER_HOST);
    }

    public ReorderConfig {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("reorder window must be positive, was " + window);
        }
        if (maxLinesPerHost < 1) {
            throw new IllegalArgumentException("max lines per host must be at least 1, was " + maxLinesPerHost);
        }
    }

    long windowMillis() {
        return window.toMillis();
    }

    long settleMillis() {
        return Math.min(SETTLE.toMillis(), window.toMillis());
    }
}
