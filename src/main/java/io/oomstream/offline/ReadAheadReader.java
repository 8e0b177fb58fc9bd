package io.oomstream.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads lines ahead on a thread of its own, so that {@code analyze} reads, un-gzips and splits lines on one core
 * while the decoder and stitcher work on the other: the work of {@link BufferedReader#readLine()} moves off the
 * thread that decodes. Lines travel in batches (one queue hand-off per thousand lines, not per line); the queue is
 * bounded, so a slow consumer holds at most {@value #QUEUED_BATCHES} batches in memory.
 *
 * <p>Over a {@link Utf8LineReader} the lines travel as their bytes (where they stand in the reader's buffers, which
 * are never written again), and {@link #lineBytes()} shows them so: a line's String is built on the consuming thread
 * only when asked for, and {@code analyze} asks for very few. Over any other reader (UTF-16) they travel as Strings.
 *
 * <p>It is a {@link BufferedReader} for {@link #readLine()} and {@link #close()} only: every line, in order, then
 * null at the end; an {@link IOException} of the source is thrown from {@code readLine()} after the lines read
 * before it, as the source would have thrown it. One consumer thread.
 */
public final class ReadAheadReader extends BufferedReader {

    static final int BATCH_LINES = 1024;
    /** A batch ends early once it holds this many chars (bytes), so one of very long lines stays small. */
    static final int BATCH_CHARS = 1 << 20;
    static final int QUEUED_BATCHES = 16;

    /** The end of the input. */
    private static final Object END = new Object();

    /** Lines as bytes: line {@code i} is {@code buffers[i][from[i], to[i])}. */
    private static final class ByteBatch {
        final byte[][] buffers = new byte[BATCH_LINES][];
        final int[] from = new int[BATCH_LINES];
        final int[] to = new int[BATCH_LINES];
        final boolean[] printable = new boolean[BATCH_LINES];
        final boolean[] ascii = new boolean[BATCH_LINES];
        final boolean[] escapeFree = new boolean[BATCH_LINES];
        int size;
    }

    private final BufferedReader source;
    /** The source's bytes when it shows them (a {@link Utf8LineReader}), else null. */
    private final Utf8LineReader bytesSource;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread reader;
    private String[] batch = new String[0];
    private ByteBatch bytes;
    private int next;
    private boolean ended;
    private volatile boolean closed;
    private final CharsetDecoder decoder = Utf8LineReader.replacingDecoder();
    private final LineBytes lineBytes = new BatchLines();

    public ReadAheadReader(final BufferedReader source) {
        super(Reader.nullReader(), 1);
        this.source = source;
        this.bytesSource = source instanceof Utf8LineReader u ? u : null;
        this.reader = new Thread(bytesSource != null ? this::readAllBytes : this::readAll, "oomstream-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    /** The lines as bytes (over a {@link Utf8LineReader}), or null; the same cursor as {@link #readLine()}. */
    LineBytes lineBytes() {
        return bytesSource != null ? lineBytes : null;
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

    /** {@link #readAll} of a {@link Utf8LineReader}: the lines' places in its buffers, no String built. */
    private void readAllBytes() {
        final Utf8LineReader src = bytesSource;
        ByteBatch b = new ByteBatch();
        Object last = END;
        try {
            long chars = 0;
            while (!closed && src.nextLine()) {
                final int i = b.size++;
                b.buffers[i] = src.lineBuffer();
                b.from[i] = src.lineFrom();
                b.to[i] = src.lineTo();
                b.printable[i] = src.linePrintableAscii();
                b.ascii[i] = src.lineAscii();
                b.escapeFree[i] = src.lineEscapeFree();
                chars += b.to[i] - b.from[i];
                if (b.size == BATCH_LINES || chars >= BATCH_CHARS) {
                    queue.put(b);
                    b = new ByteBatch();
                    chars = 0;
                }
            }
        } catch (final IOException | RuntimeException e) {
            last = e;
        } catch (final InterruptedException e) {
            return; // closed: nobody reads any more
        }
        try {
            if (b.size > 0) {
                queue.put(b);
            }
            queue.put(last);
        } catch (final InterruptedException e) {
            // closed meanwhile
        }
    }

    /** Takes the next batch when the current one is used up; false at the end. */
    private boolean advance() throws IOException {
        if (closed) {
            throw new IOException("reader closed");
        }
        while (next == (bytes != null ? bytes.size : batch.length)) {
            if (ended) {
                return false;
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
                return false;
            }
            if (item instanceof IOException e) {
                ended = true;
                throw e;
            }
            if (item instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            if (item instanceof ByteBatch b) {
                bytes = b;
            } else {
                batch = (String[]) item;
            }
            next = 0;
        }
        return true;
    }

    @Override
    public String readLine() throws IOException {
        if (bytesSource != null) {
            return lineBytes.nextLine() ? lineBytes.lineText() : null;
        }
        if (!advance()) {
            return null;
        }
        final String line = batch[next];
        batch[next++] = null;
        return line;
    }

    /** The byte view: {@code next - 1} is the current line of the current batch. */
    private final class BatchLines implements LineBytes {
        @Override
        public boolean nextLine() throws IOException {
            if (bytes != null && next > 0) {
                bytes.buffers[next - 1] = null; // the consumer is done with it: the buffer may go once all are
            }
            if (!advance()) {
                return false;
            }
            next++;
            return true;
        }

        @Override
        public byte[] lineBuffer() {
            return bytes.buffers[next - 1];
        }

        @Override
        public int lineFrom() {
            return bytes.from[next - 1];
        }

        @Override
        public int lineTo() {
            return bytes.to[next - 1];
        }

        @Override
        public boolean linePrintableAscii() {
            return bytes.printable[next - 1];
        }

        @Override
        public boolean lineEscapeFree() {
            return bytes.escapeFree[next - 1];
        }

        @Override
        public String lineText() throws IOException {
            final int i = next - 1;
            return Utf8LineReader.text(bytes.buffers[i], bytes.from[i], bytes.to[i], bytes.ascii[i], decoder);
        }
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
