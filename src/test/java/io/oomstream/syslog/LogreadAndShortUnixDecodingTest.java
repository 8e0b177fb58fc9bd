package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two line layouts of real tools, written as the tools print them: OpenWrt's {@code logread} (ubox log/logread.c:
 * {@code "%s %s.%s%s %s\n"} of ctime, facility.level, {@code " kernel:"}, message) and {@code journalctl -o
 * short-unix} ({@code "%10"PRI_USEC".%06"PRI_USEC} before host and tag).
 */
class LogreadAndShortUnixDecodingTest {

    /** Long after the lines were written: a year inferred from it instead of read from the line would show. */
    private static final Instant RECEIVED = at("2026-12-31T12:00:00Z");
    private static final String KILL = "Out of memory: Killed process 2710 (uhttpd) total-vm:5472kB, anon-rss:2048kB, "
            + "file-rss:1024kB, shmem-rss:0kB, UID:0 pgtables:28kB oom_score_adj:0";

    @Test
    void shouldReadLogreadsYearAndProgramAndGiveNoHostForALineThatNamesNone() {
        final List<Decoded> lines = decodeAll(new SyslogDecoder(), "openwrt-logread.log", RECEIVED);
        // The year was read as a BusyBox line's host ("2024"), the time's year inferred from when it was received.
        assertEquals(new LogLine(null, at("2024-02-16T21:07:41Z"), "dnsmasq", 1423,
                "query[A] openwrt.org from 192.168.1.157", null, null, SourceFormat.RFC3164), single(lines.get(0)));
        assertEquals(new LogLine(null, at("2024-02-16T21:07:43Z"), "kernel", null, KILL, 8_123_461_002L, null,
                SourceFormat.RFC3164), single(lines.get(2)));
        assertEquals("procd", single(lines.get(3)).program());
    }

    @Test
    void shouldReadShortUnixsEpochTimeAndTheHostBehindIt() {
        final List<Decoded> lines = decodeAll(new SyslogDecoder(), "journalctl-short-unix.log", RECEIVED);
        assertEquals(new LogLine("router-2", at("2024-02-16T21:07:43.461002Z"), "kernel", null, KILL, null, null,
                SourceFormat.ISO8601), single(lines.get(1)));
        // The systemd line had no layout at all: it was lost, not only its host and time.
        assertEquals(new LogLine("router-2", at("2024-02-16T21:07:44.002117Z"), "systemd", 1,
                "uhttpd.service: A process of this unit has been killed by the OOM killer.", null, null,
                SourceFormat.ISO8601), single(lines.get(2)));
    }
}
