package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JSON as the common shippers put it on Kafka, record shapes taken from each tool's documented output: Filebeat and
 * Elastic Agent (ECS: nested {@code host}, {@code log.syslog.*}, {@code process.*}; the filestream and journald
 * inputs, the syslog processor), Logstash (file input with ECS, syslog input with and without ECS), Vector (journald,
 * syslog and file sources), Fluent Bit (systemd input, tail input without a parser), syslog-ng (format-json). A
 * shipper that does not parse sends the whole syslog line in its message: the line is read, and its host and time
 * win over the shipper's.
 */
class ShipperJsonDecodingTest {

    /** When the records were received: far from the lines' own times, so a time taken from it would show. */
    private static final Instant RECEIVED = at("2027-03-01T00:00:00Z");
    private static final String KILL_4242 = "Out of memory: Killed process 4242 (java) total-vm:8388608kB, "
            + "anon-rss:4194304kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8400kB oom_score_adj:0";
    private static final String UNIT_KILLED = "java.service: A process of this unit has been killed by the OOM killer.";
    private static final String BOOT = "124c781146e841ae8d9b4590df8b9231";

    private final List<Decoded> ecs = decodeAll(new SyslogDecoder(), "filebeat-and-logstash-ecs.json", RECEIVED);

    @Test
    void shouldReadTheWholeSyslogLineAFilebeatFilestreamRecordCarriesWithTheLinesHostAndTime() {
        // host.name is the central syslog server that read /var/log/remote/web-7.log; @timestamp when it read it.
        assertEquals(new LogLine("web-7", at("2026-12-07T11:32:11Z"), "kernel", null, KILL_4242, 8_123_456_789L, null,
                SourceFormat.RFC3164), single(ecs.get(0)));
        assertEquals(new LogLine("web-8", at("2026-12-07T11:32:12.250118Z"), "systemd", 1, UNIT_KILLED, null, null,
                SourceFormat.ISO8601), single(ecs.get(1)));
    }

    @Test
    void shouldInferTheYearOfAWholeLinesStampFromTheRecordsTimeNotFromWhenItWasReceived() {
        assertEquals(at("2026-12-31T23:59:59Z"), single(ecs.get(2)).time());
    }

    @Test
    void shouldReadTheSyslogFieldsFilebeatsSyslogProcessorAndJournaldInputWrite() {
        assertEquals(new LogLine("web-9", at("2026-12-07T11:32:13Z"), "systemd", 1,
                "java.service: Failed with result 'oom-kill'.", null, null, SourceFormat.JSON_ECS), single(ecs.get(3)));
        assertEquals(new LogLine("web-10", at("2026-12-07T11:32:11.512Z"), "kernel", null,
                "Out of memory: Killed process 5151 (postgres) total-vm:2097152kB, anon-rss:1048576kB, file-rss:0kB, "
                        + "shmem-rss:0kB, UID:26 pgtables:2100kB oom_score_adj:0",
                null, "fa3c2e3080dc4cd5be5cb5a43e140d51", SourceFormat.JSON_ECS), single(ecs.get(4)));
    }

    @Test
    void shouldTakeTheKernelUptimeFilebeatsJournaldInputLeavesInJournaldCustom() {
        assertEquals(new LogLine("web-14", at("2026-12-07T11:32:11.512Z"), "kernel", null,
                "Out of memory: Killed process 5151 (postgres) total-vm:2097152kB, anon-rss:1048576kB, file-rss:0kB, "
                        + "shmem-rss:0kB, UID:26 pgtables:2100kB oom_score_adj:0",
                8_123_456_789L, "fa3c2e3080dc4cd5be5cb5a43e140d51", SourceFormat.JSON_ECS), single(ecs.get(8)));
    }

    @Test
    void shouldReadLogstashsEcsRecordsFromItsFileAndSyslogInputs() {
        final LogLine file = single(ecs.get(5));
        assertEquals(List.of("web-11", at("2026-12-07T11:32:11Z"), "kernel", 777_000_123L),
                List.of(file.host(), file.time(), file.program(), file.uptimeMicros()));
        assertEquals(new LogLine("web-12", at("2026-12-07T11:32:11Z"), "kernel", null,
                "Out of memory: Killed process 7171 (node) total-vm:1048576kB, anon-rss:524288kB, file-rss:0kB, "
                        + "shmem-rss:0kB, UID:1000 pgtables:1100kB oom_score_adj:0",
                4_321_000_001L, null, SourceFormat.JSON_ECS), single(ecs.get(6)));
    }

    @Test
    void shouldKeepAMessageThatIsNoSyslogLineAsTheMessageOfTheRecordsHost() {
        assertEquals(new LogLine("web-13", at("2026-12-07T11:32:16Z"), null, null, "worker 3 restarted after a signal",
                null, null, SourceFormat.JSON_ECS), single(ecs.get(7)));
    }

    @Test
    void shouldReadVectorsJournaldSyslogAndFileSources() {
        final List<Decoded> vector = decodeAll(new SyslogDecoder(), "vector-journald-syslog-file.json", RECEIVED);
        // Vector's journald source renames MESSAGE and _HOSTNAME to message and host.
        assertEquals(new LogLine("web-20", at("2026-12-07T11:32:11.512443Z"), "kernel", null, KILL_4242,
                8_123_456_789L, BOOT, SourceFormat.JSON_JOURNALD), single(vector.get(0)));
        assertEquals(new LogLine("web-21", at("2026-12-07T11:32:11Z"), "kernel", null, KILL_4242, 8_123_456_789L, null,
                SourceFormat.JSON_RSYSLOG), single(vector.get(1)));
        // The file source: host is the collector's, the line names web-22.
        assertEquals(new LogLine("web-22", at("2026-12-07T11:32:11Z"), "kernel", null, KILL_4242, 8_123_456_789L, null,
                SourceFormat.RFC3164), single(vector.get(2)));
    }

    @Test
    void shouldReadFluentBitsSystemdInputTimedByItsOutputAndItsTailInputWithoutAParser() {
        final List<Decoded> fluent = decodeAll(new SyslogDecoder(), "fluentbit-systemd-and-tail.json", RECEIVED);
        // The systemd input has no __REALTIME_TIMESTAMP: the kafka output's @timestamp, stdout's date (a double).
        assertEquals(new LogLine("web-30", at("2026-12-07T11:32:11.512443Z"), "kernel", null, KILL_4242,
                8_123_456_789L, BOOT, SourceFormat.JSON_JOURNALD), single(fluent.get(0)));
        assertEquals(new LogLine("web-30", at("2026-12-07T11:32:12.250Z"), "systemd", 1, UNIT_KILLED, null, BOOT,
                SourceFormat.JSON_JOURNALD), single(fluent.get(1)));
        assertEquals(new LogLine("web-31", at("2026-12-07T11:32:11Z"), "kernel", null, KILL_4242, 8_123_456_789L, null,
                SourceFormat.RFC3164), single(fluent.get(2)));
        // A dmesg -T line tailed: its time is the line's; no host anywhere, so none.
        assertEquals(new LogLine(null, at("2026-12-07T11:32:11Z"), null, null, KILL_4242, null, null,
                SourceFormat.DMESG), single(fluent.get(3)));
    }

    @Test
    void shouldReadFluentBitsSystemdInputWithLowercaseOrStripUnderscoresOn() {
        final List<Decoded> fluent = decodeAll(new SyslogDecoder(), "fluentbit-systemd-and-tail.json", RECEIVED);
        // Lowercase On: _HOSTNAME is _hostname, MESSAGE message; the host was lost before.
        assertEquals(new LogLine("web-32", at("2026-12-07T11:32:11.512443Z"), "kernel", null, KILL_4242,
                8_123_456_789L, BOOT, SourceFormat.JSON_JOURNALD), single(fluent.get(4)));
        // Strip_Underscores On: _PID is PID, _HOSTNAME HOSTNAME; both: pid, hostname.
        assertEquals(new LogLine("web-33", at("2026-12-07T11:32:12.250Z"), "systemd", 1, UNIT_KILLED, null, BOOT,
                SourceFormat.JSON_JOURNALD), single(fluent.get(5)));
        assertEquals(new LogLine("web-34", at("2026-12-07T11:32:12.250Z"), "systemd", 1, UNIT_KILLED, null, BOOT,
                SourceFormat.JSON_JOURNALD), single(fluent.get(6)));
    }

    @Test
    void shouldReadSyslogNgsFormatJsonWhoseMessageFieldIsNamedAsJournaldsIs() {
        // MESSAGE made it a journal entry: host, time and program were lost, the systemd line taken for the kernel's.
        final List<Decoded> ng = decodeAll(new SyslogDecoder(), "syslog-ng-format-json.json", RECEIVED);
        assertEquals(new LogLine("web-50", at("2026-12-07T11:32:11Z"), "kernel", null, KILL_4242, 8_123_456_789L, null,
                SourceFormat.JSON_RSYSLOG), single(ng.get(0)));
        assertEquals(new LogLine("web-50", at("2026-12-07T11:32:12Z"), "systemd", 1, UNIT_KILLED, null, null,
                SourceFormat.JSON_RSYSLOG), single(ng.get(1)));
    }

    @Test
    void shouldTakeTheHostLogstashsSyslogInputParsedNotTheSendersAddress() {
        final List<Decoded> legacy = decodeAll(new SyslogDecoder(), "logstash-syslog-input-legacy.json", RECEIVED);
        assertEquals(new LogLine("web-40", at("2026-12-07T11:32:11Z"), "kernel", null, KILL_4242, 8_123_456_789L, null,
                SourceFormat.JSON_RSYSLOG), single(legacy.get(0)));
        assertEquals(new LogLine("web-40", at("2026-12-07T11:32:12Z"), "systemd", 1, UNIT_KILLED, null, null,
                SourceFormat.JSON_RSYSLOG), single(legacy.get(1)));
    }
}
