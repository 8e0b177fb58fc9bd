package io.oomstream.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads lines ahead on a thread of its own, so that {@code analyze} reads, un-gzips, decodes UTF-8 and splits lines
 * on one core while the decoder and stitcher work on the other: the work of {@link BufferedReader#readLine()} moves
 * off the thread that decodes. Lines travel in batches (one queue hand-off per thousand lines, not per line); the
 * queue is bounded, so a slow consumer holds at most {@value #QUEUED_BATCHES} batches in memory.
 *
 * <p>It is a {@link BufferedReader} for {@link #readLine()} and {@link #close()} only: every line, in order, then
 * null at the end; an {@link IOException} of the source is thrown from {@code readLine()} after the lines read
 * before it, as the source would have thrown it. One consumer thread.
 */
public final class ReadAheadReader extends BufferedReader {

    static final int BATCH_LINES = 1024;
    /** A batch ends early once it holds this many chars, so one of very long lines stays small. */
    static final int BATCH_CHARS = 1 << 20;
    static final int QUEUED_BATCHES = 16;

    /** The end of the input. */
    private static final Object END = new Object();

    private final BufferedReader source;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread reader;
    private String[] batch = new String[0];
    private int next;
    private boolean ended;
    private volatile boolean closed;

    public ReadAheadReader(final BufferedReader source) {
        super(Reader.nullReader(), 1);
        this.source = source;
        this.reader = new Thread(this::readAll, "oomstream-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    /** The reader thread: batches of lines, then the end or the failure (after the lines read before it). */
    private void readAll() {
        String[] lines = new String[BATCH_LINES];
        int n = 0;
        Object last = END;
        try {
            long chars = 0;
            String line;
            while (!closed && (line = source.readLine()) != null) {
                lines[n++] = line;
                chars += line.length();
                if (n == BATCH_LINES || chars >= BATCH_CHARS) {
                    queue.put(n == BATCH_LINES ? lines : java.util.Arrays.copyOf(lines, n));
                    lines = new String[BATCH_LINES];
                    n = 0;
                    chars = 0;
                }
            }
        } catch (final IOException | RuntimeException e) {
            last = e;
        } catch (final InterruptedException e) {
            return; // closed: nobody reads any more
        }
        try {
            if (n > 0) {
                queue.put(java.util.Arrays.copyOf(lines, n));
            }
            queue.put(last);
        } catch (final InterruptedException e) {
            // closed meanwhile
        }
    }

    @Override
    public String readLine() throws IOException {
        if (closed) {
            throw new IOException("reader closed");
        }
        while (next == batch.length) {
            if (ended) {
                return null;
            }
            final Object item;
            try {
                item = queue.take();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for input");
            }
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof IOException e) {
                ended = true;
                throw e;
            }
            if (item instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            batch = (String[]) item;
            next = 0;
        }
        final String line = batch[next];
        batch[next++] = null;
        return line;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        reader.interrupt();
        queue.clear();
        source.close();
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException("ReadAheadReader reads lines only");
    }

    @Override
    public int read(final char[] cbuf, final int off, final int len) {
        throw new UnsupportedOperationException("ReadAheadReader reads lines only");
    }
}
