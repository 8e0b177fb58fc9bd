package io.oomstream.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The callback of every send of one batch of records: a record the broker refuses (or that times out in the
 * producer) is otherwise lost without a word, and whatever reads the topic then sees less than was "sent". After
 * {@code flush()}, {@link #throwIfFailed} says so with the first failure.
 */
public final class CheckedSends implements Callback {

    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    @Override
    public void onCompletion(final RecordMetadata metadata, final Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            failure.compareAndSet(null, exception);
        } else {
            acked.incrementAndGet();
        }
    }

    /** Whether a send has failed so far (a sender may stop at the first). */
    public boolean failed() {
        return failure.get() != null;
    }

    /** Records the broker acknowledged so far. */
    public long acked() {
        return acked.get();
    }

    /**
     * Call after the producer's {@code flush()}: every send has completed by then.
     *
     * @throws IllegalStateException naming the topic, the records acknowledged and lost, and the first failure
     */
    public void throwIfFailed(final String topic) {
        final Exception first = failure.get();
        if (first != null) {
            throw new IllegalStateException("producing to " + topic + " failed: " + failed.get() + " record(s) lost, "
                    + acked.get() + " acknowledged; first failure: " + first.getMessage(), first);
        }
    }
}
