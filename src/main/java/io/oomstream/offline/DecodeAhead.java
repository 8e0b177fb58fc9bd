package io.oomstream.offline;

import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.RecordJoiner;
import io.oomstream.syslog.SyslogDecoder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decodes one input's records on a thread of its own ({@link RecordJoiner} over a {@link SyslogDecoder}: layouts,
 * paste repairs, learned prefixes; then the grammar's class of each line that may matter, {@link LineClasses}), so that {@code analyze} decodes on one core while the stitcher works on the
 * other. Decoding is sequential in that thread and the stitcher takes the decoded records in input order, so the
 * result is exactly that of decoding and stitching on one thread: the decoder's state (years, continuations, the
 * learned prefix, the joiner's held record) never depends on the stitcher.
 *
 * <p>Records travel in batches (one queue hand-off per {@value #BATCH_RECORDS} records); the queue is bounded, so a
 * slow stitcher holds at most {@value #QUEUED_BATCHES} batches in memory. A failure of the input is thrown from
 * {@link #next()} after the records decoded before it. The joiner, its decoder and the progress listener belong to
 * the decoding thread until {@link #next()} has returned null (the end of the input): read the repair counts then.
 * One consumer thread.
 */
final class DecodeAhead implements AutoCloseable {

    static final int BATCH_RECORDS = 1024;
    static final int QUEUED_BATCHES = 16;

    /** The end of the input. */
    private static final Object END = new Object();

    /** Decoded records, in input order: {@code records[i]} decoded to {@code results[i]}. */
    static final class Batch {
        final String[] records = new String[BATCH_RECORDS];
        final DecodeResult[] results = new DecodeResult[BATCH_RECORDS];
        /**
         * {@link LineClasses#of} each result (the stitcher's classification, done on the decoding thread), or null
         * when the batch was handed over unclassified and the stitching thread classifies its lines.
         */
        Object[] classes;
        int size;

        boolean isFull() {
            return size == BATCH_RECORDS;
        }
    }

    private final RecordFeed source;
    private final RecordJoiner joiner;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private boolean ended;
    private volatile boolean closed;

    /**
     * @param source the input's records, feeding {@code joiner} (and telling its progress listener), possibly with
     *               records already read: from here on it belongs to the decoding thread
     * @param joiner the input's joiner over its decoder (it holds back one record): from here on it belongs to the
     *               decoding thread
     */
    DecodeAhead(final RecordFeed source, final RecordJoiner joiner) {
        this.source = source;
        this.joiner = joiner;
        this.thread = new Thread(this::decodeAll, "oomstream-decode");
        thread.setDaemon(true);
        thread.start();
    }

    /** The decoding thread: batches of decoded records, then the end or the failure (after the records before it). */
    private void decodeAll() {
        final Batch[] current = {new Batch()};
        final RecordJoiner.Sink sink = (record, result) -> {
            Batch b = current[0];
            if (b.isFull()) {
                put(b);
                b = new Batch();
                current[0] = b;
            }
            b.records[b.size] = record;
            b.results[b.size] = result;
            b.size++;
        };
        Object last = END;
        try {
            while (!closed && source.next(sink)) {
                // each record went to the sink, or is held by the joiner
            }
            joiner.finish(sink);
        } catch (final InterruptedIOException | Interrupted e) {
            return; // closed: nobody reads any more
        } catch (final IOException | RuntimeException | Error e) {
            last = e;
        }
        try {
            if (current[0].size > 0) {
                put(current[0]);
            }
            queue.put(last);
        } catch (final InterruptedException | Interrupted e) {
            // closed meanwhile
        }
    }

    /**
     * Hands a batch over, classified here when the stitcher is behind (half the queue or more waiting): classifying
     * a line costs the same on either thread, so it goes to whichever of the two has time, and both cores stay busy.
     */
    private void put(final Batch b) {
        if (queue.size() >= QUEUED_BATCHES / 2) {
            final Object[] classes = new Object[b.size];
            for (int i = 0; i < b.size; i++) {
                classes[i] = LineClasses.of(b.results[i]);
            }
            b.classes = classes;
        }
        try {
            queue.put(b);
        } catch (final InterruptedException e) {
            throw new Interrupted();
        }
    }

    /** The consumer closed this while the decoding thread waited to hand a batch over. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super(null, null, false, false);
        }
    }

    /** The next batch of decoded records (never empty), or null at the end of the input. */
    Batch next() throws IOException {
        if (ended) {
            return null;
        }
        if (closed) {
            throw new IOException("decoder closed");
        }
        final Object item;
        try {
            item = queue.take();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for decoded records");
        }
        if (item instanceof Batch b) {
            return b;
        }
        ended = true;
        if (item == END) {
            return null;
        }
        if (item instanceof IOException e) {
            throw e;
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) item;
    }

    /** Batches waiting for the consumer (for tests). */
    int queued() {
        return queue.size();
    }

    /** Stops the decoding thread (when the consumer gives up before the end); the source is not closed here. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        queue.clear();
    }
}
