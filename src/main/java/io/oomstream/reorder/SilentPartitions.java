package io.oomstream.reorder;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which input partitions have stopped reporting their progress to a reorder task, and whether that lets the stage's
 * longest hold ({@link ReorderConfig#MAX_HOLD}) apply ({@link ReorderBuffer#clockMayStall}).
 *
 * <p>A partition goes silent when its decode task stops: its instance died, or the task is moving in a rebalance.
 * While the records it was given are still unread (the group's committed offset behind the partition's end), its new
 * owner will read them again and send their lines on: those lines come before lines held now, so the hold must not
 * end. A failover takes at least the consumer's session timeout (45 s by default) and the restore of the moved tasks'
 * stores, longer than any fixed bound short enough to matter; passing held lines on at {@code MAX_HOLD} let a host's
 * kill line out before the lines of its report that the dead instance had not read, and the stitcher then made an event
 * of the kill-time lines alone. Only a silent partition with nothing left to read (or whose offsets are not known:
 * the broker does not answer) lets the hold end, so a stage whose clock cannot move still passes its lines on.
 * Kafka-free: the caller says when marks came and what the broker says is unread.
 */
public final class SilentPartitions {

    /** {@link #holdMayEnd}: watch the partitions heard from, not a known count of them. */
    public static final int HEARD_ONLY = -1;
    /** A partition whose marks stopped this long ago is silent (marks come every 100 ms). */
    public static final long SILENT_MILLIS = 5_000;

    /** Per input partition, this process's wall clock when its last mark came. */
    private final Map<Integer, Long> heardAt = new HashMap<>();

    /** A mark of {@code partition} came at {@code wallNow}. */
    public void heard(final int partition, final long wallNow) {
        heardAt.put(partition, wallNow);
    }

    /** Forgets every mark (the task reads its input again from its committed offset). */
    public void clear() {
        heardAt.clear();
    }

    /**
     * Whether the longest hold may end held lines' wait now: some watched partition is silent (or not heard from at
     * all), and none of the silent ones is known to have records still unread.
     *
     * @param partitions the input partitions this task waits for, 0 to partitions - 1 (0: not known, nothing is known
     *                   of the input and the hold may end); {@link #HEARD_ONLY}: those heard from (input keyed by host,
     *                   the task's own partition)
     * @param unread     whether the broker says input partition {@code p} has records the group has not read
     */
    public boolean holdMayEnd(final int partitions, final long wallNow, final IntPredicate unread) {
        if (partitions == 0 || (partitions == HEARD_ONLY && heardAt.isEmpty())) {
            return true;
        }
        final Collection<Integer> watched = partitions == HEARD_ONLY ? List.copyOf(heardAt.keySet())
                : IntStream.range(0, partitions).boxed().toList();
        boolean silent = false;
        for (final int p : watched) {
            final Long at = heardAt.get(p);
            if (at == null || wallNow - at >= SILENT_MILLIS) {
                if (unread.test(p)) {
                    return false; // its lines are still to come, after its failover
                }
                silent = true;
            }
        }
        return silent;
    }
}
