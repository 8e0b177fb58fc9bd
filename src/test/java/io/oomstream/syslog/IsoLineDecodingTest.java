package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoLineDecodingTest {

    /** A zone other than UTC proves explicit offsets win and zone-less stamps use the option. */
    private final List<Decoded> results = decodeAll(
            new SyslogDecoder(new DecoderOptions(null, ZoneId.of("Europe/Berlin"))),
            "iso8601-rsyslog-and-short-iso.log", null);

    @Test
    void shouldDecodeRsyslogFileFormatWithColonOffsetAndKernelStamp() {
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.123456Z"), "kernel", null,
                "Out of memory: Killed process 4242 (java)", 8_123_456_789L, null, SourceFormat.ISO8601),
                single(results.get(0)));
    }

    @Test
    void shouldDecodeJournalctlShortIsoWithCompactOffset() {
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00Z"), "kernel", null,
                "oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", null, null,
                SourceFormat.ISO8601), single(results.get(1)));
    }

    @Test
    void shouldApplyNonUtcOffsetAndSplitTag() {
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.500Z"), "systemd", 1,
                "java.service: Failed with result 'oom-kill'.", null, null, SourceFormat.ISO8601),
                single(results.get(2)));
    }

    @Test
    void shouldReadStampWithoutOffsetInZoneOption() {
        assertEquals(new LogLine("host1", at("2024-03-01T11:00:00Z"), "kernel", null, "no offset", null, null,
                SourceFormat.ISO8601), single(results.get(3)));
    }
}
