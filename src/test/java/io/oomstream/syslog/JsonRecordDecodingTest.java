package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.ok;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordDecodingTest {

    private static final Instant RECEIVED = at("2024-03-05T00:00:00Z");
    private static final String BOOT = "0f6c9b8d3a2e4b7c9d1e2f3a4b5c6d7e";

    private final SyslogDecoder decoder = new SyslogDecoder();

    @Test
    void shouldReadAJournalEntryPrettyPrintedAsOneRecordAsItsCompactForm() throws Exception {
        // journalctl -o json-pretty (or jq .) pasted into a message, sent as one record: the fields on lines of their own.
        final ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final List<String> compact = SyslogSamples.records("journald-export.json");
        final List<Decoded> expected = decodeAll(new SyslogDecoder(), "journald-export.json", RECEIVED);
        final SyslogDecoder prettyDecoder = new SyslogDecoder();
        for (int i = 0; i < compact.size(); i++) {
            final String record = pretty.writeValueAsString(pretty.readTree(compact.get(i)));
            assertTrue(record.contains("\n  \"MESSAGE\""), record);
            assertEquals(expected.get(i).lines(), prettyDecoder.decode(record, RECEIVED).lines(), record);
        }
    }

    @Test
    void shouldDecodeRsyslogOmkafkaWithProgramnameAndStampInMsg() {
        final List<Decoded> results = decodeAll(decoder, "rsyslog-omkafka.json", RECEIVED);

        // procid "-" is the nil value; msg's leading space (left by rsyslog after the tag) is dropped.
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.123456Z"), "kernel", null,
                "Out of memory: Killed process 4242 (java)", 8_123_456_789L, null, SourceFormat.JSON_RSYSLOG),
                single(results.get(0)));
    }

    @Test
    void shouldSplitRsyslogTagFieldIntoProgramAndPid() {
        final List<Decoded> results = decodeAll(decoder, "rsyslog-omkafka.json", RECEIVED);

        assertEquals(new LogLine("host2", at("2024-03-01T12:00:01Z"), "systemd", 1,
                "java.service: Failed with result 'oom-kill'.", null, null, SourceFormat.JSON_RSYSLOG),
                single(results.get(1)));
    }

    @Test
    void shouldSplitJsonNewlinesAndDropTrailingEmptyPiece() {
        final List<Decoded> results = decodeAll(decoder, "rsyslog-omkafka.json", RECEIVED);

        assertEquals(List.of(
                new LogLine("host3", at("2024-03-01T12:00:02Z"), "kernel", 77, "Mem-Info:", null, null,
                        SourceFormat.JSON_RSYSLOG),
                new LogLine("host3", at("2024-03-01T12:00:02Z"), "kernel", 77, " active_anon:1", null, null,
                        SourceFormat.JSON_RSYSLOG)),
                ok(results.get(2)));
    }

    @Test
    void shouldInferYearOfSyslogStyleTimestampField() {
        final List<Decoded> results = decodeAll(decoder, "rsyslog-omkafka.json", RECEIVED);

        assertEquals(List.of(
                new LogLine("host4", at("2024-03-01T12:00:03Z"), "kernel", null, "Tasks state:", null, null,
                        SourceFormat.JSON_RSYSLOG),
                new LogLine("host4", at("2024-03-01T12:00:03Z"), "kernel", null, "[    1] a", null, null,
                        SourceFormat.JSON_RSYSLOG)),
                ok(results.get(3)));
    }

    @Test
    void shouldDecodeFluentBitWithEveryTimeAndPidShape() {
        final List<Decoded> results = decodeAll(decoder, "fluentbit.json", RECEIVED);

        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00Z"), "kernel", null,
                "Out of memory: Killed process 4242 (java)", 8_123_456_789L, null, SourceFormat.JSON_FLUENTBIT),
                single(results.get(0)));
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:01.250Z"), "systemd", 1,
                "java.service: A process of this unit has been killed by the OOM killer.", null, null,
                SourceFormat.JSON_FLUENTBIT), single(results.get(1)));
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:02.500Z"), "systemd", 1,
                "java.service: Failed with result 'oom-kill'.", null, null, SourceFormat.JSON_FLUENTBIT),
                single(results.get(2)));
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:03.123Z"), "kernel", null,
                "oom_reaper: reaped process 4242 (java)", null, null, SourceFormat.JSON_FLUENTBIT),
                single(results.get(3)));
    }

    @Test
    void shouldDecodeJournaldExportWithSourceMonotonicUptimeAndBootId() {
        final List<Decoded> results = decodeAll(decoder, "journald-export.json", RECEIVED);

        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.123456Z"), "kernel", null,
                "Out of memory: Killed process 4242 (java) total-vm:123kB", 8_123_456_789L, BOOT,
                SourceFormat.JSON_JOURNALD), single(results.get(0)));
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.200Z"), "systemd", 1,
                "java.service: A process of this unit has been killed by the OOM killer.", null, BOOT,
                SourceFormat.JSON_JOURNALD), single(results.get(1)));
    }

    @Test
    void shouldDecodeJournaldByteArrayMessageAsUtf8() {
        final List<Decoded> results = decodeAll(decoder, "journald-export.json", RECEIVED);

        // The trailing 0xFF is not UTF-8 and becomes U+FFFD rather than failing the record.
        assertEquals(List.of(
                new LogLine("host1", at("2024-03-01T12:00:00.300Z"), "kernel", null, "Mem-Info:", 8_123_500_000L,
                        BOOT, SourceFormat.JSON_JOURNALD),
                new LogLine("host1", at("2024-03-01T12:00:00.300Z"), "kernel", null, " active_anon:1\uFFFD",
                        8_123_500_000L, BOOT, SourceFormat.JSON_JOURNALD)),
                ok(results.get(2)));
    }

    @Test
    void shouldPreferStampInJournaldMessageAndUseSyslogPid() {
        final List<Decoded> results = decodeAll(decoder, "journald-export.json", RECEIVED);

        assertEquals(List.of(
                new LogLine("host1", at("2024-03-01T12:00:00.400Z"), "myapp", 321, "stamped by the app",
                        42_000_001L, null, SourceFormat.JSON_JOURNALD),
                new LogLine("host1", at("2024-03-01T12:00:00.400Z"), "myapp", 321, "second",
                        42_000_001L, null, SourceFormat.JSON_JOURNALD)),
                ok(results.get(3)));
    }

    @Test
    void shouldReportInvalidJsonWithShortReason() {
        final List<Decoded> results = decodeAll(decoder, "invalid.json", RECEIVED);

        assertEquals("invalid JSON: Unexpected end-of-input: was expecting closing quote for a string value",
                error(results.get(0)));
        assertEquals("invalid JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate "
                + "Object entries", error(results.get(1)));
        final String trailing = error(results.get(2));
        assertTrue(trailing.startsWith("invalid JSON: Trailing token"), trailing);
        assertFalse(trailing.contains("com.fasterxml"), trailing);
    }

    @Test
    void shouldRejectJsonWithoutTextMessage() {
        final List<Decoded> results = decodeAll(decoder, "invalid.json", RECEIVED);

        assertEquals("JSON record has no message field (msg, message or MESSAGE)", error(results.get(3)));
        assertEquals("JSON message field is not text", error(results.get(4)));
        assertEquals("JSON record has no message field (msg, message or MESSAGE)",
                error(decoder.decode("{\"_HOSTNAME\":\"h\",\"__REALTIME_TIMESTAMP\":\"1\"}")));
    }

    @Test
    void shouldRejectJournaldByteArrayWithNonByteValue() {
        assertEquals("journald MESSAGE array holds a non-byte value at index 1",
                error(decoder.decode("{\"MESSAGE\":[104,300]}")));
    }

    @Test
    void shouldLeaveAbsurdNumbersNullInsteadOfFailing() {
        assertEquals(new LogLine(null, null, null, null, "x", null, null, SourceFormat.JSON_RSYSLOG),
                single(decoder.decode("{\"msg\":\"x\",\"timestamp\":1e400,\"procid\":99999999999}")));
        assertEquals(new LogLine(null, null, null, null, "x", null, null, SourceFormat.JSON_JOURNALD),
                single(decoder.decode("{\"MESSAGE\":\"x\",\"__REALTIME_TIMESTAMP\":\"99999999999999999999999\","
                        + "\"_SOURCE_MONOTONIC_TIMESTAMP\":\"-5\",\"_PID\":\"-1\"}")));
        assertEquals(new LogLine(null, null, "k", null, "m", null, null, SourceFormat.JSON_FLUENTBIT),
                single(decoder.decode("{\"time\":\"2024-13-45T99:00:00Z\",\"ident\":\"k\",\"pid\":1.5,\"message\":\"m\"}")));
    }

    @Test
    void shouldRejectDeeplyNestedJson() {
        final String error = error(decoder.decode("{\"a\":".repeat(1000)));

        assertTrue(error.startsWith("invalid JSON: Document nesting depth"), error);
    }

    @Test
    void shouldDetectJsonAfterLeadingWhitespace() {
        assertEquals(new LogLine("h", null, null, null, "x", null, null, SourceFormat.JSON_RSYSLOG),
                single(decoder.decode("  \t{\"host\":\"h\",\"msg\":\"x\"}")));
    }
}
