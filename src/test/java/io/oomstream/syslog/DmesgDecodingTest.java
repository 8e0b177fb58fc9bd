package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.ok;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmesgDecodingTest {

    private static LogLine dmesg(final String message, final Long uptimeMicros) {
        return new LogLine(null, null, null, null, message, uptimeMicros, null, SourceFormat.DMESG);
    }

    @Test
    void shouldDecodePlainDmesgWithoutHostTimeOrProgram() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg.log", null);

        assertEquals(dmesg("java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
                8_123_456_789L), single(results.get(0)));
        assertEquals(dmesg("Linux version 6.1.0", 0L), single(results.get(1)));
    }

    @Test
    void shouldNotMistakeTwoWordKernelMessageForJournalctlHostAndTag() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg.log", null);

        assertEquals(dmesg("Call Trace:", 8_123_456_792L), single(results.get(2)));
    }

    @Test
    void shouldKeepTaskTableRowAfterStampWhole() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg.log", null);

        assertEquals(dmesg("[   4242]  1000  4242  1234567   456789  4096000        0             0 java",
                8_123_456_794L), single(results.get(3)));
    }

    @Test
    void shouldReadDmesgWallClockStampInZoneOption() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(null, ZoneId.of("Europe/Berlin")));
        final List<Decoded> results = decodeAll(decoder, "dmesg-variants.log", null);

        assertEquals(new LogLine(null, at("2024-03-05T08:14:02Z"), null, null,
                "Out of memory: Killed process 4242 (java)", null, null, SourceFormat.DMESG), single(results.get(0)));
    }

    /**
     * util-linux {@code dmesg --time-format iso}: a comma before the microseconds and no host. Read as rsyslog's ISO
     * layout, "usb 1-1: new ..." took "usb" for a host, and the OOM lines had no layout (host and time both lost).
     */
    @Test
    void shouldReadDmesgTimeFormatIsoAsDmesgWithItsTime() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg-time-format-iso.log", null);

        assertEquals(new LogLine(null, at("2024-03-05T08:14:02.118342Z"), null, null,
                "usb 1-1: new high-speed USB device number 2 using xhci_hcd", null, null, SourceFormat.DMESG),
                single(results.get(0)));
        assertEquals(new LogLine(null, at("2024-03-05T08:14:03.447157Z"), null, null,
                "java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0", null, null,
                SourceFormat.DMESG), single(results.get(1)));
        assertEquals(at("2024-03-05T08:14:03.447901Z"), single(results.get(2)).time());
    }

    @Test
    void shouldDropDmesgDecodedFacilityAndLevelPrefix() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg-variants.log", null);

        assertEquals(dmesg("Mem-Info:", 8_123_456_789L), single(results.get(1)));
        assertEquals(new LogLine(null, at("2024-03-05T09:14:03Z"), null, null,
                "Tasks state (memory values in pages):", null, null, SourceFormat.DMESG), single(results.get(2)));
    }

    @Test
    void shouldSkipPrintkCallerBlock() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg-variants.log", null);

        assertEquals(dmesg("Out of memory: Killed process 4242 (java)", 1_234_567_890L), single(results.get(3)));
        assertEquals(dmesg("oom_reaper: reaped process 4242 (java)", 1_234_567_891L), single(results.get(4)));
    }

    @Test
    void shouldDecodeDmesgRawLevelPrefixAsDmesg() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "dmesg-variants.log", null);

        assertEquals(dmesg("Killed process 4242 (java)", 123_456_000L), single(results.get(5)));
    }

    @Test
    void shouldSplitGluedDmesgLinesAtEveryFurtherStamp() {
        final List<LogLine> lines = ok(new SyslogDecoder().decode(
                SyslogSamples.records("glued-dmesg-and-systemd.log").get(0)));

        assertEquals(List.of(
                dmesg("Node 0 DMA: 43*4kB (UME) 14*8kB (UME) 12*16kB (UE) 13*32kB (UME) 2*64kB (UE) 7*128kB (UME) "
                        + "4*256kB (UME) 3*512kB (UME) 0*1024kB 0*2048kB 0*4096kB = 4476kB", 7_934_037_757_829L),
                dmesg("Node 0 DMA32: 258*4kB (UME) 252*8kB (UME) 576*16kB (UME) 325*32kB (UME) 105*64kB (UME) "
                        + "20*128kB (UME) 8*256kB (UE) 3*512kB (UME) 5*1024kB (UME) 0*2048kB 1*4096kB (M) = 44744kB",
                        7_934_037_762_116L)),
                lines);
    }

    @Test
    void shouldNotSplitAtBracketsThatAreNotStamps() {
        final LogLine line = single(new SyslogDecoder().decode("[ 1.000000] foo [<ffffffff8112fb2c>] bar [ 1234] baz [1.x]"));

        assertEquals(dmesg("foo [<ffffffff8112fb2c>] bar [ 1234] baz [1.x]", 1_000_000L), line);
    }
}
