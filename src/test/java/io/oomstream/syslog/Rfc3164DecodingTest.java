package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc3164DecodingTest {

    private static final Instant RECEIVED = at("2024-11-15T00:00:00Z");

    private final SyslogDecoder decoder = new SyslogDecoder();

    @Test
    void shouldStripPaddedKernelStampIntoUptimeAndKeepMessageSpacing() {
        final List<Decoded> results = decodeAll(decoder, "rfc3164-with-uptime.log", RECEIVED);

        assertEquals(new LogLine("www8321uj", at("2024-10-21T18:51:01Z"), "kernel", null,
                "httpd invoked oom-killer: gfp_mask=0x200da, order=0, oom_adj=0, oom_score_adj=0",
                7_934_037_757_829L, null, SourceFormat.RFC3164), single(results.get(0)));
        assertEquals(new LogLine("www8321uj", at("2024-10-21T18:51:01Z"), "kernel", null,
                "Mem-Info:", 61_004_211L, null, SourceFormat.RFC3164), single(results.get(1)));
        // The kernel indents Mem-Info members by one space: only the separator after the stamp goes.
        assertEquals(new LogLine("www8321uj", at("2024-10-21T18:51:01Z"), "kernel", null,
                " active_anon:79945387 inactive_anon:3660742 isolated_anon:0", 61_004_212L, null,
                SourceFormat.RFC3164), single(results.get(2)));
    }

    @Test
    void shouldAcceptLeadingPriAndShortStampFraction() {
        final List<Decoded> results = decodeAll(decoder, "rfc3164-with-uptime.log", RECEIVED);

        assertEquals(new LogLine("www8321uj", at("2024-10-21T18:51:02Z"), "kernel", null,
                "Out of memory: Kill process 13011 (httpd) score 16 or sacrifice child",
                7_934_038_000_001L, null, SourceFormat.RFC3164), single(results.get(3)));
        assertEquals(new LogLine("www8321uj", at("2024-10-21T18:51:02Z"), "kernel", null,
                "Killed process 13011, UID 48, (httpd) total-vm:601480kB, anon-rss:18504kB, file-rss:76kB",
                7_934_038_100_000L, null, SourceFormat.RFC3164), single(results.get(4)));
    }

    @Test
    void shouldLeaveUptimeNullAndBracketsIntactWhenThereIsNoStamp() {
        final List<Decoded> results = decodeAll(decoder, "rfc3164-without-uptime.log", RECEIVED);

        assertEquals(new LogLine("www8321uj", at("2024-10-21T07:09:48Z"), "kernel", null,
                "Out of memory: Kill process 22268 (httpd) score 12 or sacrifice child", null, null,
                SourceFormat.RFC3164), single(results.get(0)));
        // A call-trace address and a task-table pid column look like stamps but are not.
        assertEquals(new LogLine("www8321uj", at("2024-10-21T07:09:48Z"), "kernel", null,
                "[<ffffffff810d05a1>] ? cpuset_print_task_mems_allowed+0x91/0xb0", null, null,
                SourceFormat.RFC3164), single(results.get(1)));
        assertEquals(new LogLine("www8321uj", at("2024-10-21T07:09:48Z"), "kernel", null,
                "[ 1234]     0  1234    12345     6789       0             0 httpd", null, null,
                SourceFormat.RFC3164), single(results.get(2)));
    }

    @Test
    void shouldSplitTagIntoProgramAndPid() {
        final List<Decoded> results = decodeAll(decoder, "rfc3164-without-uptime.log", RECEIVED);

        assertEquals(new LogLine("www8321uj", at("2024-10-21T07:09:50Z"), "httpd", 4242,
                "AH00161: server reached MaxRequestWorkers setting", null, null, SourceFormat.RFC3164),
                single(results.get(3)));
    }

    @Test
    void shouldAcceptUnpaddedDayAndBlankKernelLine() {
        final List<Decoded> results = decodeAll(decoder, "rfc3164-unpadded-day-and-blank-line.log", RECEIVED);

        assertEquals(new LogLine("mail", at("2024-11-02T14:08:46Z"), "kernel", null,
                "oom-killer: gfp_mask=0x1d2", null, null, SourceFormat.RFC3164), single(results.get(0)));
        assertEquals(new LogLine("mail", at("2024-11-02T14:09:52Z"), "kernel", null,
                "", null, null, SourceFormat.RFC3164), single(results.get(2)));
        assertEquals(new LogLine("mail", at("2024-11-02T14:10:47Z"), "kernel", null,
                "Out of Memory: Killed process 22073 (mysqld).", null, null, SourceFormat.RFC3164),
                single(results.get(3)));
        assertEquals(new LogLine("mail", at("2024-11-02T14:11:00Z"), "sshd", 4242,
                "Accepted publickey for root", null, null, SourceFormat.RFC3164), single(results.get(4)));
    }

    @Test
    void shouldStripTrailingCarriageReturn() {
        final LogLine line = single(decoder.decode("Oct 21 18:51:01 host1 kernel: Killed process 1 (a)\r", RECEIVED));

        assertEquals("Killed process 1 (a)", line.message());
    }

    @Test
    void shouldAcceptLowerCaseMonthAndNumericHost() {
        final LogLine line = single(decoder.decode("oct 21 18:51:01 10.0.0.7 kernel: x", RECEIVED));

        assertEquals(new LogLine("10.0.0.7", at("2024-10-21T18:51:01Z"), "kernel", null, "x", null, null,
                SourceFormat.RFC3164), line);
    }

    @Test
    void shouldRejectSyslogPrefixWithoutTag() {
        // Without "tag:" the layout is indistinguishable from arbitrary prefixes; no OOM text, so no line.
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("Oct 21 18:51:01 host1 just some words", RECEIVED)));
    }

    @Test
    void shouldRejectImpossibleClockTime() {
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("Oct 21 25:51:01 host1 kernel: x", RECEIVED)));
    }
}
