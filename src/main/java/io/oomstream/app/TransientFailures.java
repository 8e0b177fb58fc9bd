package io.oomstream.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.MissingSourceTopicException;

/**
 * Which stream-thread failures a restarted thread gets past. Right after a broker restarts, its metadata can
 * list no topics for a moment; the rebalance then fails with {@link MissingSourceTopicException} although every
 * topic exists (the preflight checked them before start). That failure replaces the thread, up to
 * {@link #MAX_REPLACEMENTS} times within {@link #WINDOW}; a topic that stays missing, and every other failure,
 * still shuts the application down.
 */
final class TransientFailures {

    static final int MAX_REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Deque<Long> replacedAt = new ArrayDeque<>();
    private final LongSupplier nanoClock;

    TransientFailures(final LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Whether the thread that failed with {@code e} should be replaced rather than the application stopped. */
    synchronized boolean replaceThread(final Throwable e) {
        if (!causedByMissingSourceTopic(e)) {
            return false;
        }
        final long now = nanoClock.getAsLong();
        while (!replacedAt.isEmpty() && now - replacedAt.peekFirst() > WINDOW.toNanos()) {
            replacedAt.removeFirst();
        }
        if (replacedAt.size() >= MAX_REPLACEMENTS) {
            return false;
        }
        replacedAt.addLast(now);
        return true;
    }

    private static boolean causedByMissingSourceTopic(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MissingSourceTopicException) {
                return true;
            }
        }
        return false;
    }
}
