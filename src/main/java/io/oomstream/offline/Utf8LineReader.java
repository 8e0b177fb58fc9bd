package io.oomstream.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a UTF-8 byte stream, exactly as {@code new BufferedReader(new InputStreamReader(in, UTF-8 decoder
 * that replaces malformed input))} reads them, for about half the work: lines are split on the bytes (a line ends
 * at {@code \n}, {@code \r} or {@code \r\n}, as {@link BufferedReader#readLine()} ends it), and an all-ASCII line
 * (nearly every line of a log) becomes its String by a plain copy instead of decoding bytes to chars and then
 * compressing the chars back to bytes. A line with other bytes is decoded on its own with the same replacing
 * decoder: CR and LF never occur inside a UTF-8 sequence, and a malformed sequence cut by the line end is replaced
 * by one U+FFFD either way (the stream decoder ends it at the line end too).
 *
 * <p>A {@link BufferedReader} for {@link #readLine()} and {@link #close()} only. Not thread-safe.
 */
public final class Utf8LineReader extends BufferedReader {

    private static final int BUFFER_BYTES = 1 << 16;

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

    public Utf8LineReader(final InputStream in) {
        super(Reader.nullReader(), 1);
        this.in = in;
    }

    @Override
    public String readLine() throws IOException {
        int scanFrom = pos;
        // The bytes of the line scanned so far, or-ed: negative once one of them is not ASCII.
        int bytesOred = 0;
        while (true) {
            if (skipLf && pos < limit) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    scanFrom = pos;
                }
            }
            for (int i = scanFrom; i < limit; i++) {
                final byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    final String line = line(pos, i, bytesOred < 0);
                    pos = i + 1;
                    skipLf = b == '\r';
                    return line;
                }
                bytesOred |= b;
            }
            if (eof) {
                if (pos == limit) {
                    return null;
                }
                final String line = line(pos, limit, bytesOred < 0);
                pos = limit;
                return line;
            }
            // Refilling moves the line's bytes to the start of the buffer; those scanned are not scanned again.
            scanFrom = limit - pos;
            fill();
        }
    }

    /** Keeps the unfinished line at the start of the buffer (growing it for a line longer than the buffer) and reads more. */
    private void fill() throws IOException {
        final int kept = limit - pos;
        if (kept == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, kept);
        }
        pos = 0;
        limit = kept;
        final int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** The line in {@code buf[from, to)}: copied when it is all ASCII, else decoded, malformed input replaced. */
    private String line(final int from, final int to, final boolean nonAscii) throws CharacterCodingException {
        if (!nonAscii) {
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
        decoder.reset();
        return decoder.decode(ByteBuffer.wrap(buf, from, to - from)).toString();
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
