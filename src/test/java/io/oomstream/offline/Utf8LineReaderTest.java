package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8LineReader} gives exactly the lines of the reader {@code analyze} used before it (a BufferedReader over
 * an InputStreamReader whose UTF-8 decoder replaces malformed input): every line end (LF, CR, CRLF, a CRLF split
 * between two reads, none at the end), multi-byte and malformed UTF-8 (cut by a line end too), lines longer than
 * its buffer, and streams that hand out one byte per read.
 */
class Utf8LineReaderTest {

    private static List<String> expected(final byte[] bytes) throws IOException {
        final List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> actual(final InputStream in) throws IOException {
        final List<String> lines = new ArrayList<>();
        try (BufferedReader r = new Utf8LineReader(in)) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** A stream that returns at most one byte per read: every line end and sequence falls across refills. */
    private static InputStream oneByteAtATime(final byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(final byte[] b, final int off, final int len) {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    private static void assertSameLines(final byte[] bytes) throws IOException {
        final List<String> want = expected(bytes);
        assertEquals(want, actual(new ByteArrayInputStream(bytes)));
        assertEquals(want, actual(oneByteAtATime(bytes)));
    }

    private static byte[] utf8(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lineEndsAsBufferedReaderSeesThem() throws IOException {
        for (final String text : List.of("", "a", "a\n", "a\n\n", "\n", "\r", "\r\n", "a\rb", "a\r\nb\r\n", "a\r\rb",
                "a\n\rb", "a\r", "a\r\n\n", "Mar  1 00:00:00 h kernel: x\r\nMar  1 00:00:01 h kernel: y")) {
            assertSameLines(utf8(text));
        }
    }

    @Test
    void multiByteAndMalformedUtf8() throws IOException {
        assertSameLines(utf8("lun. janv. 6 03:14:15 2025 Mär \u00a0 \u4e2d\u6587 \ud83d\ude00\n"));
        assertSameLines(new byte[] {'a', (byte) 0xe2, (byte) 0x82, '\n', 'b'});
        assertSameLines(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, '\r', '\n', (byte) 0xff, 'c'});
        assertSameLines(new byte[] {(byte) 0xe0, (byte) 0x80, 'x', (byte) 0xc3});
        assertSameLines(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'});
    }

    @Test
    void linesLongerThanTheBuffer() throws IOException {
        final String longLine = "x".repeat(200_000) + "\u00e9" + "y".repeat(70_000);
        assertSameLines(utf8("short\n" + longLine + "\r\n" + longLine));
    }

    @Test
    void randomBytesFromLineEndsAndUtf8Pieces() throws IOException {
        final byte[] alphabet = {'a', ' ', '\n', '\r', (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac,
            (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0xff, (byte) 0xed, (byte) 0xa0};
        final Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            final byte[] bytes = new byte[random.nextInt(60)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertSameLines(bytes);
        }
    }

    /**
     * What the reader vouches of a line (the decoder then skips looking): printable ASCII exactly when every byte is
     * 0x20-0x7e, and, for such a line, free of escapes exactly when no byte is {@code #} or a backslash. Lines of
     * random length built from the bytes each test singles out, so that each falls at every place in an eight-byte
     * word.
     */
    @Test
    void vouchesForPrintableAndEscapeFreeLinesExactly() throws IOException {
        final byte[] alphabet = {'a', 'Z', ' ', '~', '0', '#', '\\', 0x1f, 0x7f, (byte) 0x80, (byte) 0xff, 0x00, '\t',
            0x1b, '"', '[', '$', '"' + 1, '#' + 1, '#' - 1, '\\' + 1, '\\' - 1};
        final Random random = new Random(11);
        final List<byte[]> lines = new ArrayList<>();
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = 0; k < 20_000; k++) {
            final byte[] line = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < line.length; i++) {
                // Mostly plain letters: a single special byte decides the line's flags.
                line[i] = random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + i % 26);
            }
            lines.add(line);
            out.write(line, 0, line.length);
            out.write('\n');
        }
        try (Utf8LineReader r = new Utf8LineReader(new ByteArrayInputStream(out.toByteArray()))) {
            for (final byte[] line : lines) {
                assertEquals(true, r.nextLine());
                boolean printable = true;
                boolean escapeFree = true;
                for (final byte c : line) {
                    printable &= c >= 0x20 && c <= 0x7e;
                    escapeFree &= c != '#' && c != '\\';
                }
                final String shown = new String(line, StandardCharsets.ISO_8859_1);
                assertEquals(printable, r.linePrintableAscii(), shown);
                if (printable) {
                    assertEquals(escapeFree, r.lineEscapeFree(), shown);
                }
            }
            assertEquals(false, r.nextLine());
        }
    }
}
