package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OrdinaryBytes}' JSON scan reads a string eight bytes at a time and every marked byte of a word in turn, and
 * compares field names eight bytes at a time. The records here put what that can get wrong at every offset of the
 * word (each message is read again with 1 to 7 bytes put before it): escaped quotes, slashes and backslashes, an
 * escape across two words, {@code \\]} (a byte marked only by the borrow after a backslash); and a {@code #} in a field
 * name, names of every length read (up to the 17 bytes of {@code SYSLOG_IDENTIFIER}), names one byte off a name it
 * reads.
 * {@code OrdinaryBytesDifferentialTest} compares the same fixtures with the full decode; this test also asks that the
 * ordinary ones take the fast path, so a scan that gave up on them would fail here.
 */
class JsonScanWordEdgesTest {

    private static final Instant RECEIVED = Instant.parse("2024-03-02T00:00:00Z");

    private static List<String> records(final String name) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/syslog", name), StandardCharsets.UTF_8);
    }

    /**
     * The record with {@code shift} bytes put at the start of its message: the scan reads a string in words from the
     * string's start, so every byte of the message moves by {@code shift} within its word.
     */
    private static String shifted(final String record, final int shift) {
        for (final String field : List.of("\"msg\":\"", "\"MESSAGE\":\"", "\"message\":\"")) {
            final int at = record.indexOf(field);
            if (at >= 0) {
                final int value = at + field.length();
                return record.substring(0, value) + "~".repeat(shift) + record.substring(value);
            }
        }
        throw new IllegalArgumentException("no message: " + record);
    }

    @Test
    void shouldTakeEveryOrdinaryRecordFromItsBytesAtEveryOffsetOfTheWord() throws IOException {
        int taken = 0;
        for (final String record : records("rsyslog-json-escapes-at-word-edges.json")) {
            for (int shift = 0; shift < Long.BYTES; shift++) {
                final String r = shifted(record, shift);
                final Decoded full = new SyslogDecoder().decode(r, RECEIVED);
                assertTrue(full.isOk() && full.lines().size() == 1, r);
                final LogLine line = full.lines().get(0);
                final DecodeResult fast = new SyslogDecoder().decode(r.getBytes(StandardCharsets.UTF_8), RECEIVED,
                        ProgramFilter.OOM_REPORT_LINES);
                final BytesOrdinaryLine ordinary = assertInstanceOf(BytesOrdinaryLine.class, fast, r);
                assertEquals(line.host(), ordinary.host(), r);
                assertEquals(line.time().toEpochMilli(), ordinary.epochMillis(), r);
                assertEquals(KernelGrammar.mayMatter(line), ordinary.ofProgramThatMayMatter(), r);
                taken++;
            }
        }
        assertEquals(10 * Long.BYTES, taken);
    }

    @Test
    void shouldNotReadAFieldNamedOneByteOffAsTheProgram() throws IOException {
        for (final String record : records("rsyslog-json-field-names-one-byte-off.json")) {
            // Read as named, the program is sshd and the line would be ordinary; the record has no program field,
            // and its line is a kill line.
            final Decoded full = new SyslogDecoder().decode(record, RECEIVED);
            final LogLine line = full.lines().get(0);
            assertNotEquals("sshd", line.program(), record);
            assertNotEquals(LineKind.OTHER, KernelGrammar.classify(line).kind(), record);
            final DecodeResult fast = new SyslogDecoder().decode(record.getBytes(StandardCharsets.UTF_8), RECEIVED,
                    ProgramFilter.OOM_REPORT_LINES);
            assertFalse(fast instanceof OrdinaryLine, record);
            assertEquals(full, fast, record);
        }
    }
}
