package io.oomstream.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a UTF-8 byte stream, exactly as {@code new BufferedReader(new InputStreamReader(in, UTF-8 decoder
 * that replaces malformed input))} reads them, for a fraction of the work: lines are split on the bytes (a line ends
 * at {@code \n}, {@code \r} or {@code \r\n}, as {@link BufferedReader#readLine()} ends it), eight bytes at a time
 * while they are printable ASCII, and a line becomes a String only when asked ({@link LineBytes}: {@code analyze}
 * asks for very few). An all-ASCII line becomes its String by a plain copy instead of decoding bytes to chars and
 * then compressing the chars back to bytes. A line with other bytes is decoded on its own with the same replacing
 * decoder: CR and LF never occur inside a UTF-8 sequence, and a malformed sequence cut by the line end is replaced
 * by one U+FFFD either way (the stream decoder ends it at the line end too).
 *
 * <p>Bytes once shown are never overwritten: the buffer is only appended to, and a full one is replaced by a new one
 * (the unfinished line copied over), so a line may keep referring to its bytes ({@link LineBytes}).
 *
 * <p>A {@link BufferedReader} for {@link #readLine()} and {@link #close()} only. Not thread-safe.
 */
public final class Utf8LineReader extends BufferedReader implements LineBytes {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long HASHES = 0x2323232323232323L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    /** Bytes below {@code \r} + 1: the only ones a line end can be, once a line is known not to be printable ASCII. */
    private static final long BELOW_CR = 0x0E0E0E0E0E0E0E0EL;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private boolean eof;
    /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that line end. */
    private boolean skipLf;
    /** The current line ({@link LineBytes}). */
    private byte[] lineBuf;
    private int lineFrom;
    private int lineTo;
    private boolean linePrintable;
    private boolean lineAscii;
    private boolean lineEscapeFree;

    public Utf8LineReader(final InputStream in) {
        super(Reader.nullReader(), 1);
        this.in = in;
    }

    @Override
    public String readLine() throws IOException {
        return nextLine() ? lineText() : null;
    }

    @Override
    public boolean nextLine() throws IOException {
        int scanFrom = pos;
        boolean printable = true;
        // No '#' or '\\' seen: no #012-style escape can be in the line (the decoder then need not look for one).
        boolean escapeFree = true;
        // The bytes of the line scanned so far, or-ed: a high bit set once one of them is not ASCII.
        long ored = 0;
        while (true) {
            if (skipLf && pos < limit) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    scanFrom = pos;
                }
            }
            final byte[] b = buf;
            final int end = limit;
            final int lastWord = end - Long.BYTES;
            int i = scanFrom;
            while (i < end) {
                final int stop;
                if (printable) {
                    // Printable ASCII has no byte below 0x20 (line ends among them), none of 0x7f and none above.
                    long look = 0;
                    while (i <= lastWord && (look = mayNeedLook((long) LONGS.get(b, i))) == 0) {
                        i += Long.BYTES;
                    }
                    if (look != 0) {
                        // Straight to the first byte to look at (the lowest flagged byte is exact, see mayNeedLook;
                        // those before it need nothing), and only that one by the loop below: the line end, most
                        // often, or a '#' or backslash, after which the words go on.
                        i += Long.numberOfTrailingZeros(look) >>> 3;
                        stop = i + 1;
                    } else {
                        stop = end; // the tail, shorter than a word
                    }
                } else {
                    while (i <= lastWord) {
                        final long w = (long) LONGS.get(b, i);
                        ored |= w;
                        if (((w - BELOW_CR) & ~w & HIGHS) != 0) {
                            break;
                        }
                        i += Long.BYTES;
                    }
                    stop = Math.min(end, i + Long.BYTES);
                }
                // The byte or word that stopped the loop (or the tail before the limit), byte by byte.
                for (; i < stop; i++) {
                    final byte c = b[i];
                    if (c == '\n' || c == '\r') {
                        setLine(pos, i, printable, (ored & HIGHS) == 0, escapeFree);
                        pos = i + 1;
                        skipLf = c == '\r';
                        return true;
                    }
                    if (c < 0x20 || c == 0x7f) {
                        printable = false; // a negative byte (not ASCII) too
                    } else if (c == '#' || c == '\\') {
                        escapeFree = false;
                    }
                    ored |= c;
                }
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                setLine(pos, limit, printable, (ored & HIGHS) == 0, escapeFree);
                pos = limit;
                return true;
            }
            // Refilling keeps the line's bytes; those scanned are not scanned again.
            scanFrom = limit - pos;
            fill();
            scanFrom += pos;
        }
    }

    /**
     * Non-zero when the word may hold a byte that is not printable ASCII (below 0x20, 0x7f, or with its high bit set),
     * or a {@code #} or backslash. Exact as to whether there is one (a borrow only flags bytes above a flagged one).
     */
    private static long mayNeedLook(final long w) {
        // Below 0x20: the subtraction borrows; 0x7f and above: adding one sets the high bit (or it was set). A '#' or
        // backslash xor-ed away is a zero byte, and subtracting one from it borrows. The usual zero-byte test also
        // masks with the complement (a byte of 0x81 and above minus one keeps its high bit): not needed here, since
        // a byte with its high bit set is flagged by {@code w} already. So a word of printable ASCII without '#' or
        // backslash gives zero (no byte borrows or carries), and any other word does not.
        return ((w - SPACES) | (w + ONES) | w | ((w ^ HASHES) - ONES) | ((w ^ BACKSLASHES) - ONES)) & HIGHS;
    }

    private void setLine(final int from, final int to, final boolean printable, final boolean ascii,
                         final boolean escapeFree) {
        lineBuf = buf;
        lineFrom = from;
        lineTo = to;
        linePrintable = printable;
        lineAscii = ascii;
        lineEscapeFree = escapeFree;
    }

    /**
     * Reads more after the unfinished line: into the same buffer while it has room, else into a new one (twice as
     * large for a line longer than the buffer) with the unfinished line copied over. Lines shown before are never
     * overwritten.
     */
    private void fill() throws IOException {
        if (limit == buf.length) {
            final int kept = limit - pos;
            final byte[] next = new byte[Math.max(BUFFER_BYTES, kept * 2)];
            System.arraycopy(buf, pos, next, 0, kept);
            buf = next;
            pos = 0;
            limit = kept;
        }
        final int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    @Override
    public byte[] lineBuffer() {
        return lineBuf;
    }

    @Override
    public int lineFrom() {
        return lineFrom;
    }

    @Override
    public int lineTo() {
        return lineTo;
    }

    @Override
    public boolean linePrintableAscii() {
        return linePrintable;
    }

    @Override
    public boolean lineEscapeFree() {
        return lineEscapeFree;
    }

    /** The current line: copied when it is all ASCII, else decoded, malformed input replaced. */
    @Override
    public String lineText() throws CharacterCodingException {
        return text(lineBuf, lineFrom, lineTo, lineAscii, decoder);
    }

    /** The line in {@code b[from, to)}: copied when it is all ASCII, else decoded by {@code decoder} (replacing). */
    private static String text(final byte[] b, final int from, final int to, final boolean ascii, final CharsetDecoder decoder)
            throws CharacterCodingException {
        if (ascii) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        decoder.reset();
        return decoder.decode(ByteBuffer.wrap(b, from, to - from)).toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException("Utf8LineReader reads lines only");
    }

    @Override
    public int read(final char[] cbuf, final int off, final int len) {
        throw new UnsupportedOperationException("Utf8LineReader reads lines only");
    }
}
