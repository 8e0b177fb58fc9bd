package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.records;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalctlDecodingTest {

    private static final Instant RECEIVED = at("2024-03-05T00:00:00Z");

    private static LogLine journal(final String time, final String message) {
        return new LogLine("host1", at(time), "kernel", null, message, null, null, SourceFormat.JOURNALCTL);
    }

    /** journalctl -o short-full: weekday, ISO date, time and the zone's abbreviation, which decides the offset. */
    @Test
    void shouldReadShortFullStampsInTheirZone() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "journalctl-short-full.log", RECEIVED);

        final LogLine cet = single(results.get(0));
        assertEquals("host1", cet.host());
        assertEquals("kernel", cet.program());
        assertEquals(at("2024-03-05T08:14:03Z"), cet.time());
        assertEquals("java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
                cet.message());
        assertEquals(at("2024-03-05T08:14:03.447901Z"), single(results.get(1)).time());
    }

    @Test
    void shouldAttachIndentedContinuationLinesToPreviousRecord() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "journalctl-continuation.log", RECEIVED);

        assertEquals(List.of(
                journal("2024-03-01T12:00:00Z", "Mem-Info:"),
                journal("2024-03-01T12:00:00Z", "active_anon:79945387 inactive_anon:3660742 isolated_anon:0"),
                journal("2024-03-01T12:00:00Z", ""),
                journal("2024-03-01T12:00:00Z", "active_file:252 inactive_file:0 isolated_file:0"),
                journal("2024-03-01T12:00:01Z", "Out of memory: Killed process 4242 (java)")),
                results.stream().map(SyslogSamples::single).toList());
    }

    @Test
    void shouldReadAnIndentedPasteOfContinuedLinesAsTheOriginal() {
        // A Markdown code block indents every line by four spaces; a continuation keeps its own indentation beyond.
        final SyslogDecoder original = new SyslogDecoder();
        final SyslogDecoder indented = new SyslogDecoder();
        for (final String record : records("journalctl-continuation.log")) {
            assertEquals(single(original.decode(record, RECEIVED)), single(indented.decode("    " + record, RECEIVED)),
                    record);
        }
        assertEquals(records("journalctl-continuation.log").size(), indented.repairs().get(Repair.INDENT_STRIPPED));
    }

    @Test
    void shouldContinueRfc3164LineAsJournalctl() {
        final SyslogDecoder decoder = new SyslogDecoder();
        decoder.decode("Oct 21 18:51:01 www8321uj kernel: [   61.004211] Mem-Info:", RECEIVED);

        final LogLine line = single(decoder.decode("        active_anon:1", RECEIVED));

        assertEquals(new LogLine("www8321uj", at("2023-10-21T18:51:01Z"), "kernel", null, "active_anon:1",
                61_004_211L, null, SourceFormat.JOURNALCTL), line);
    }

    @Test
    void shouldContinueDmesgLineWithItsStamp() {
        final SyslogDecoder decoder = new SyslogDecoder();
        decoder.decode("[ 8123.456789] Mem-Info:");

        final LogLine line = single(decoder.decode("               active_anon:1"));

        assertEquals(new LogLine(null, null, null, null, "active_anon:1", 8_123_456_789L, null, SourceFormat.DMESG),
                line);
    }

    @Test
    void shouldTreatIndentedLineWithoutContextAsUnknownLayout() {
        final SyslogDecoder decoder = new SyslogDecoder();

        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("      active_anon:1", RECEIVED)));
        assertEquals(new LogLine(null, null, null, null, "Killed process 4242 (java) total-vm:1kB", null, null,
                SourceFormat.UNKNOWN_PREFIX), single(decoder.decode("   Killed process 4242 (java) total-vm:1kB")));
    }

    @Test
    void shouldNotContinueAcrossRejectedRecord() {
        final SyslogDecoder decoder = new SyslogDecoder();
        decoder.decode("Mar 01 12:00:00 host1 kernel: Mem-Info:", RECEIVED);
        decoder.decode("some prose without a layout", RECEIVED);

        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("      active_anon:1", RECEIVED)));
    }

    @Test
    void shouldNotContinueStructuredRecords() {
        final SyslogDecoder decoder = new SyslogDecoder();
        decoder.decode("{\"hostname\":\"host1\",\"msg\":\"Mem-Info:\"}", RECEIVED);

        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("      active_anon:1", RECEIVED)));
    }

    @Test
    void shouldDecodeShortMonotonicWithHostProgramAndUptime() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "journalctl-short-monotonic.log", null);

        assertEquals(new LogLine("host1", null, "kernel", null, "Out of memory: Killed process 4242 (java)",
                8_123_456_789L, null, SourceFormat.JOURNALCTL), single(results.get(0)));
        assertEquals(new LogLine("host1", null, "systemd", 1,
                "java.service: A process of this unit has been killed by the OOM killer.",
                8_123_460_000L, null, SourceFormat.JOURNALCTL), single(results.get(1)));
    }

    @Test
    void shouldKeepMicrosecondsOfShortPrecise() {
        final LogLine line = single(new SyslogDecoder().decode("Mar 01 12:00:00.123456 host1 kernel: x", RECEIVED));

        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.123456Z"), "kernel", null, "x", null, null,
                SourceFormat.JOURNALCTL), line);
    }
}
