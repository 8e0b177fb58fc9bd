package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.loadgen.OutputFormat;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder's fast path for ordinary lines (lines of programs the kernel grammar never looks at): it must take
 * exactly the records whose full decode is one such line, and leave the decoder's state (year, continuation) as the
 * full decode leaves it.
 */
class OrdinaryLineFastPathTest {

    private static final ProgramFilter FILTER = ProgramFilter.OOM_RELEVANT;
    private static final Instant RECEIVED = Instant.parse("2024-03-02T00:00:00Z");

    private static DecodeResult fast(final String record) {
        return new SyslogDecoder().decode(record, RECEIVED, FILTER);
    }

    @Test
    void shouldPassOverOneLineOfAnOrdinaryProgramWithItsHostAndTime() {
        final String record = "Mar  1 12:00:01 web-0001 sshd[7701]: Accepted publickey for deploy";

        final SyslogOrdinaryLine line = assertInstanceOf(SyslogOrdinaryLine.class, fast(record));

        assertEquals("web-0001", line.host());
        assertEquals(Instant.parse("2024-03-01T12:00:01Z").toEpochMilli(), line.epochMillis());
        assertEquals(new SyslogDecoder().decode(record, RECEIVED).lines().get(0), line.toLogLine());
    }

    @Test
    void shouldKeepSubSecondTimeOfJournalctlPreciseLines() {
        final SyslogOrdinaryLine line = assertInstanceOf(SyslogOrdinaryLine.class,
                fast("Mar 01 12:00:01.250000 host1 CRON[42]: (root) CMD (run-parts)"));

        assertEquals(Instant.parse("2024-03-01T12:00:01.250Z").toEpochMilli(), line.epochMillis());
        assertEquals(SourceFormat.JOURNALCTL, line.format());
    }

    @Test
    void shouldDecodeInFullEveryProgramThatMayMatter() {
        for (final String program : List.of("kernel", "KERNEL", "systemd[1]", "init", "systemd-oomd[510]",
                "earlyoom[77]", "oomd")) {
            final String record = "Mar  1 12:00:01 web-0001 " + program + ": something";
            final Decoded d = assertInstanceOf(Decoded.class, fast(record), program);
            assertEquals(new SyslogDecoder().decode(record, RECEIVED), d, program);
        }
    }

    @Test
    void shouldDecodeInFullOrdinaryRecordsThatHoldMoreThanOneLineOrAStamp() {
        for (final String record : List.of(
                "Mar  1 12:00:01 web-0001 sshd[1]: one#012two",
                "Mar  1 12:00:01 web-0001 sshd[1]: one\\012two",
                "Mar  1 12:00:01 web-0001 sshd[1]: [ 12.345678] stamped",
                "Mar  1 12:00:01 web-0001 sshd[1]: ends with a line end\r",
                "Mar  1 12:00:01 web-0001 ssh\u00e9d[1]: non-ASCII program name",
                "Feb 30 12:00:01 web-0001 sshd[1]: no such date",
                "<13>Mar  1 12:00:01 web-0001 sshd[1]: with PRI#012two")) {
            assertInstanceOf(Decoded.class, fast(record), record);
        }
    }

    @Test
    void shouldPassOverAnOrdinaryLineBehindAPriOrInJsonReadAsText() {
        for (final String record : List.of("<13>Mar  1 12:00:01 web-0001 sshd[1]: with PRI",
                "<13>1 2024-03-01T12:00:01Z web-0001 sshd 1 - - rfc 5424",
                "{\"hostname\":\"web-0001\",\"timestamp\":\"2024-03-01T12:00:01Z\",\"programname\":\"sshd\",\"msg\":\" json\"}")) {
            final OrdinaryLine o = assertInstanceOf(OrdinaryLine.class, fast(record), record);
            assertEquals("web-0001", o.host(), record);
            assertEquals(Instant.parse("2024-03-01T12:00:01Z").toEpochMilli(), o.epochMillis(), record);
        }
    }

    @Test
    void shouldContinueAnOrdinaryLineAsTheFullDecodeDoes() {
        final String first = "Mar 01 12:00:01 host1 nginx[9]: first line";
        final String indented = "                               second line";
        final SyslogDecoder full = new SyslogDecoder();
        final SyslogDecoder withFastPath = new SyslogDecoder();
        full.decode(first, RECEIVED);
        assertInstanceOf(OrdinaryLine.class, withFastPath.decode(first, RECEIVED, FILTER));

        final Decoded expected = full.decode(indented, RECEIVED);
        assertEquals("nginx", expected.lines().get(0).program());
        assertEquals(expected, withFastPath.decode(indented, RECEIVED, FILTER));
    }

    @Test
    void shouldCarryTheYearAcrossNewYearThroughOrdinaryLines() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2023, ZoneOffset.UTC));
        assertInstanceOf(OrdinaryLine.class, decoder.decode("Dec 31 23:59:59 h sshd[1]: bye", null, FILTER));
        final SyslogOrdinaryLine january = assertInstanceOf(SyslogOrdinaryLine.class,
                decoder.decode("Jan  1 00:00:01 h sshd[1]: hello", null, FILTER));
        final Decoded kernel = assertInstanceOf(Decoded.class,
                decoder.decode("Jan  1 00:00:02 h kernel: Out of memory", null, FILTER));

        assertEquals(Instant.parse("2024-01-01T00:00:01Z").toEpochMilli(), january.epochMillis());
        assertEquals(Instant.parse("2024-01-01T00:00:02Z"), kernel.lines().get(0).time());
    }

    /** Every record of a generated fleet log (a third of its hosts write RFC 3164) and of every fixture: the fast path agrees with the full decode. */
    @Test
    void shouldAgreeWithTheFullDecodeOnGeneratedAndFixtureLogs() throws IOException {
        final List<List<String>> inputs = new ArrayList<>(DecoderCorpora.fixtures());
        inputs.add(DecoderCorpora.generated(OutputFormat.MIXED, 3));
        long ordinary = 0;
        for (final List<String> records : inputs) {
            final SyslogDecoder full = new SyslogDecoder();
            final SyslogDecoder withFastPath = new SyslogDecoder();
            for (final String record : records) {
                final Decoded expected = full.decode(record, RECEIVED);
                final DecodeResult actual = withFastPath.decode(record, RECEIVED, FILTER);
                if (actual instanceof OrdinaryLine o) {
                    ordinary++;
                    assertEquals(1, expected.lines().size(), record);
                    final LogLine line = expected.lines().get(0);
                    assertFalse(KernelGrammar.mayMatter(line), record);
                    assertEquals(line.host(), o.host(), record);
                    assertEquals(line.time().toEpochMilli(), o.epochMillis(), record);
                    if (o instanceof SyslogOrdinaryLine s) {
                        assertEquals(line, s.toLogLine(), record);
                    }
                } else {
                    assertEquals(expected, actual, record);
                }
            }
        }
        assertTrue(ordinary > 5_000, "the fast path took " + ordinary + " records");
    }
}
