package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.ok;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Records of log stores and their exports ({@code log-store-records-and-exports.json}, each shape from the tool's own
 * documentation or source): Splunk's search export, GELF, Loki's {@code logcli -o jsonl} and push API, Cloud Logging
 * LogEntries, a CloudWatch Logs subscription record. Every one was dead-lettered before ("no message field"). A whole
 * syslog line is read as that line (its host and time win over the store's); a message only keeps the record's time
 * and the host a field or label names, never a collector's or an instance id taken for one.
 */
class LogStoreRecordsDecodingTest {

    private static final Instant RECEIVED = at("2027-03-01T00:00:00Z");
    private static final String KILL = "Out of memory: Killed process 4242 (java) total-vm:8388608kB, "
            + "anon-rss:4194304kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8400kB oom_score_adj:0";
    private static final String UNIT_KILLED = "java.service: A process of this unit has been killed by the OOM killer.";

    private final List<Decoded> records = decodeAll(new SyslogDecoder(), "log-store-records-and-exports.json", RECEIVED);

    @Test
    void shouldReadTheRawLineOfASplunkSearchExportNotTheIndexersHost() {
        assertEquals(new LogLine("web-40", at("2026-12-07T11:32:11Z"), "kernel", null, KILL, 8_123_456_789L, null,
                SourceFormat.RFC3164), single(records.get(0)));
    }

    @Test
    void shouldReadGelfsShortMessageAsTheLineItCarriesAndPreferTheFullMessage() {
        assertEquals(new LogLine("web-41", at("2026-12-07T11:32:12Z"), "systemd", 1, UNIT_KILLED, null, null,
                SourceFormat.RFC3164), single(records.get(1)));
        // short_message is the summary, full_message the text; GELF's host is the sender; _SYSLOG_IDENTIFIER the program.
        assertEquals(new LogLine("web-42", at("2026-12-07T11:32:11.500Z"), "kernel", null, KILL, null, null,
                SourceFormat.JSON_LOG_STORE), single(records.get(2)));
    }

    @Test
    void shouldReadLogcliJsonlAndALogEntrysTextPayloadAsTheirLines() {
        assertEquals(new LogLine("web-43", at("2026-12-07T11:32:11Z"), "kernel", null, KILL, 8_123_456_789L, null,
                SourceFormat.RFC3164), single(records.get(3)));
        assertEquals(new LogLine("web-44", at("2026-12-07T11:32:11Z"), "kernel", null, KILL, 8_123_456_789L, null,
                SourceFormat.RFC3164), single(records.get(4)));
    }

    @Test
    void shouldKeepALogEntrysJsonPayloadMessageWithItsTimeAndNoHostWhereNoneIsNamed() {
        assertEquals(new LogLine(null, at("2026-12-07T11:32:11.512Z"), null, null, KILL, null, null,
                SourceFormat.JSON_LOG_STORE), single(records.get(5)));
    }

    @Test
    void shouldReadEveryEventOfACloudWatchSubscriptionRecord() {
        assertEquals(List.of(
                new LogLine("web-45", at("2026-12-07T11:32:11Z"), "kernel", null, KILL, 8_123_456_789L, null,
                        SourceFormat.RFC3164),
                new LogLine("web-45", at("2026-12-07T11:32:12Z"), "systemd", 1, UNIT_KILLED, null, null,
                        SourceFormat.RFC3164)), ok(records.get(6)));
    }

    @Test
    void shouldReadEveryValueOfALokiPushWithItsStreamsHostLabel() {
        assertEquals(List.of(
                new LogLine("web-46", at("2026-12-07T11:32:11.512443Z"), null, null, KILL, null, null,
                        SourceFormat.JSON_LOG_STORE),
                new LogLine("web-46", at("2026-12-07T11:32:12.250Z"), null, null, UNIT_KILLED, null, null,
                        SourceFormat.JSON_LOG_STORE)), ok(records.get(7)));
    }

    @Test
    void shouldRefuseARecordOfEventsWithoutAMessage() {
        final Decoded d = new SyslogDecoder().decode("{\"logEvents\":[{\"id\":\"1\",\"timestamp\":1796643134884}]}",
                RECEIVED);
        assertFalse(d.isOk());
        assertEquals("JSON record holds no log event with a message", d.error());
    }
}
