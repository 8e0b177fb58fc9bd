package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One decoder's stream of JSON records from one shipper's template (rsyslog omkafka), and records that share its
 * bytes up to a point and then differ: a trailing byte after the object, a duplicate field, a raw tab or non-ASCII
 * byte in a value, a missing brace, an escaped quote that makes a value run on, a number or an object where a string
 * stood, each followed by the template again; then the same names with spaces after the colons and commas, and with
 * one more field. Each record the fast path ({@link OrdinaryBytes}) calls ordinary must be one line of the same host
 * and time by the full decode of a fresh decoder, and exactly the ordinary ones must take the fast path: a scanner
 * that carried anything from one record to the next (a cached layout of the record before was tried in session 12
 * and measured no cheaper) fails here when what it carried does not fit. {@code OrdinaryBytesDifferentialTest} also
 * compares the fixture with the full decode.
 */
class JsonTemplateDeviationsTest {

    private static final Instant RECEIVED = Instant.parse("2024-03-02T00:00:00Z");

    /** Hosts of the records the fast path must call ordinary; every other one it must leave to the full decode. */
    private static final Set<String> FAST = Set.of("web-01", "web-02.dc1.example.com", "web-04", "web-08", "web-10",
            "web-12", "web-13", "web-14", "web-18", "web-20", "web-21", "web-23", "web-24", "web-26", "web-28");

    @Test
    void shouldReadEachRecordOfOneStreamAsTheFullDecodeReadsIt() throws IOException {
        final List<String> records = Files.readAllLines(
                Path.of("src/test/resources/syslog/rsyslog-json-one-template-and-its-deviations.json"),
                StandardCharsets.UTF_8);
        final SyslogDecoder stream = new SyslogDecoder();
        final List<String> fast = new ArrayList<>();
        for (final String record : records) {
            final DecodeResult result = stream.decode(record.getBytes(StandardCharsets.UTF_8), RECEIVED,
                    ProgramFilter.OOM_REPORT_LINES);
            final Decoded full = new SyslogDecoder().decode(record, RECEIVED);
            if (!(result instanceof BytesOrdinaryLine ordinary)) {
                assertFalse(FAST.contains(host(record)), () -> "left to the full decode: " + record);
                continue;
            }
            fast.add(ordinary.host());
            assertTrue(full.isOk() && full.lines().size() == 1, record);
            final LogLine line = full.lines().get(0);
            assertEquals(line.host(), ordinary.host(), record);
            assertEquals(line.time().toEpochMilli(), ordinary.epochMillis(), record);
            assertEquals(KernelGrammar.mayMatter(line), ordinary.ofProgramThatMayMatter(), record);
            assertTrue(KernelGrammar.reportLineClass(line) == null, record);
        }
        assertEquals(FAST, Set.copyOf(fast));
    }

    @Test
    void shouldLeaveARecordToTheFullDecodeWhenOnlyItsLastBytesDifferFromTheRecordBefore() {
        final SyslogDecoder stream = new SyslogDecoder();
        final String template = "{\"hostname\":\"a\",\"programname\":\"sshd\",\"msg\":\"Accepted publickey\"}";
        assertInstanceOf(BytesOrdinaryLine.class, decode(stream, template));
        for (final String tail : List.of("} ", "}}", "}x", "", "\"", ",\"programname\":\"kernel\"}")) {
            final String record = template.substring(0, template.length() - 1) + tail;
            final DecodeResult result = decode(stream, record);
            assertFalse(result instanceof BytesOrdinaryLine && !record.equals(template + " "), record);
            assertInstanceOf(BytesOrdinaryLine.class, decode(stream, template), "after " + record);
        }
    }

    private static DecodeResult decode(final SyslogDecoder decoder, final String record) {
        return decoder.decode(record.getBytes(StandardCharsets.UTF_8), RECEIVED, ProgramFilter.OOM_REPORT_LINES);
    }

    private static String host(final String record) {
        final int at = record.indexOf('"', record.indexOf(':') + 1) + 1;
        return record.substring(at, record.indexOf('"', at));
    }
}
