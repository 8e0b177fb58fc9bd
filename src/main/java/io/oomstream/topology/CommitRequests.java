package io.oomstream.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commits the reorder stage asks for, so that an event does not wait for the commit interval twice more than it
 * must (BENCHMARKS.md, "The reorder stage's cost"). Under exactly-once a record is visible downstream only once its
 * stream thread's transaction commits, every {@code commit.interval.ms} (250 ms):
 * <ul>
 *   <li>the progress mark that frees a held kill line is visible only after its decode task's next commit, so a
 *       decode task whose mark passes the time the instance's first held report end may go asks for a commit at once
 *       ({@link #earliestHeldReportEnd});</li>
 *   <li>the reorder task releases lines just after that commit (when the mark arrives), and the event the kill line
 *       completes would wait almost a whole interval for the next one, so releasing a report's end asks too.</li>
 * </ul>
 * At most one request of each of the two kinds per {@link #SPACING_MILLIS} per application instance, so a storm of
 * kills costs a few more transactions a second, not one per kill. Two kinds, paced apart: the release follows the
 * mark's commit by a poll of the stream thread (tens of ms), and paced together the release's request was refused
 * then, so its event waited for the next commit interval, the commit the mark's request had just saved. Only the
 * instance's own decode tasks hear of its held kills: with several instances, a mark from another one commits on its
 * schedule. Thread-safe: one per instance, shared by its tasks.
 */
final class CommitRequests {

    /** At most this often; a kill released within it goes with the next commit, as it did before. */
    static final long SPACING_MILLIS = 50;

    private final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong lastMarkAt = new AtomicLong(Long.MIN_VALUE / 2);
    /** Per reorder task, when its earliest-arrived held report end may go (input clock), if it holds one. */
    private final Map<String, Long> heldReportEnds = new ConcurrentHashMap<>();

    /** Whether a commit may be asked for now after a report's end was released (and, if so, counts it as asked). */
    boolean mayAsk(final long wallNow) {
        return mayAsk(lastAt, wallNow);
    }

    /** Whether a decode task whose mark may free a held report end may ask for a commit now (counted if so). */
    boolean mayAskForMark(final long wallNow) {
        return mayAsk(lastMarkAt, wallNow);
    }

    private static boolean mayAsk(final AtomicLong lastAt, final long wallNow) {
        final long last = lastAt.get();
        return wallNow - last >= SPACING_MILLIS && lastAt.compareAndSet(last, wallNow);
    }

    /**
     * Reorder task {@code task}'s first held report end may go once the input's clock reaches {@code due}
     * ({@link Long#MAX_VALUE}: it holds none).
     */
    void heldReportEnd(final String task, final long due) {
        if (due == Long.MAX_VALUE) {
            heldReportEnds.remove(task);
        } else {
            heldReportEnds.put(task, due);
        }
    }

    /** The earliest time on the input's clock at which a held report end of this instance may go (MAX_VALUE: none). */
    long earliestHeldReportEnd() {
        long earliest = Long.MAX_VALUE;
        for (final long due : heldReportEnds.values()) {
            earliest = Math.min(earliest, due);
        }
        return earliest;
    }
}
