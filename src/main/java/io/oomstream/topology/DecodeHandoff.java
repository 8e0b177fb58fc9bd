package io.oomstream.topology;

import io.oomstream.syslog.DecodeResult;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Hands the decode of an input record from {@link OrdinaryRecordFilter} (in the main consumer's poll) to the
 * {@link DecodeProcessor} of its task, so each record is decoded once, by one decoder that saw every record of its
 * partition in order (a decoder carries state from record to record: the line an indented record continues, the
 * year of year-less stamps). Both run on the stream thread that polled: the handoff is per thread, and holds only
 * the records the filter let through that the task has not processed yet (Streams buffers at most
 * {@code buffered.records.per.partition} of them before it pauses the partition). A task that leaves the thread
 * leaves its few entries behind until the partition is read here again (then {@link #reset} or {@link #take}
 * discards them); a partition's entry goes when nothing waits in it.
 */
final class DecodeHandoff {

    private record Handed(long offset, DecodeResult result) {
    }

    private static final ThreadLocal<Map<TopicPartition, ArrayDeque<Handed>>> PENDING =
            ThreadLocal.withInitial(HashMap::new);

    private DecodeHandoff() {
    }

    /** The filter let the record at {@code offset} through; {@code result} is its decode. Offsets come in order. */
    static void put(final TopicPartition partition, final long offset, final DecodeResult result) {
        PENDING.get().computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(new Handed(offset, result));
    }

    /** The partition was read again from another offset (a seek after a rebalance or a failure): forget what waits. */
    static void reset(final TopicPartition partition) {
        PENDING.get().remove(partition);
    }

    /**
     * The decode handed over for this record, or null when there is none (no filter: the processor decodes itself).
     * Entries before {@code offset} belong to records Streams dropped from its buffer unprocessed (the task left this
     * thread); they are discarded.
     */
    static DecodeResult take(final String topic, final int partition, final long offset) {
        final Map<TopicPartition, ArrayDeque<Handed>> pending = PENDING.get();
        if (pending.isEmpty()) {
            return null;
        }
        final TopicPartition tp = new TopicPartition(topic, partition);
        final ArrayDeque<Handed> queue = pending.get(tp);
        if (queue == null) {
            return null;
        }
        while (!queue.isEmpty() && queue.peekFirst().offset() < offset) {
            queue.pollFirst();
        }
        final DecodeResult result = !queue.isEmpty() && queue.peekFirst().offset() == offset
                ? queue.pollFirst().result() : null;
        if (queue.isEmpty()) {
            // Only partitions with records waiting keep an entry: a thread that held many tasks over time holds none.
            pending.remove(tp);
        }
        return result;
    }

    /** Partitions of this thread with a decode waiting (for tests). */
    static int partitionsWaiting() {
        return PENDING.get().size();
    }
}
