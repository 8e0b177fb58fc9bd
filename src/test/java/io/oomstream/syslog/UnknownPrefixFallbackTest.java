package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownPrefixFallbackTest {

    private static LogLine unknown(final String message, final Long uptime) {
        return new LogLine(null, null, null, null, message, uptime, null, SourceFormat.UNKNOWN_PREFIX);
    }

    @Test
    void shouldFindReportLinesInKibanaTableExport() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "kibana-export.csv", null);

        assertEquals(SyslogDecoder.NO_LAYOUT, error(results.get(0)));
        assertEquals(unknown("Out of memory: Killed process 4242 (java) total-vm:123kB", null), single(results.get(1)));
        assertEquals(unknown("java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, "
                + "oom_score_adj=0", null), single(results.get(2)));
    }

    @Test
    void shouldReadANonReportLineBehindThePrefixLearnedFromAReportLine() {
        // The prefix "2024-03-01 12:00:00,123 | host1 | kernel | " was learned from row 1; row 3 has its shape.
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "kibana-export.csv", null);

        assertEquals(unknown("Node 0 DMA: 43*4kB (UME) = 4476kB", null), single(results.get(3)));
    }

    @Test
    void shouldDropANonReportLineBehindAnUnknownPrefixWhenNothingWasLearned() {
        final SyslogDecoder decoder = new SyslogDecoder();

        assertEquals(SyslogDecoder.NO_LAYOUT,
                decoder.decode("2024-03-01 12:00:00,119 | host1 | kernel | Node 0 DMA: 43*4kB (UME) = 4476kB").error());
    }

    @Test
    void shouldFindReportLinesBehindHostilePrefixes() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "hostile-prefixes.log", null);

        assertEquals(unknown("httpd invoked oom-killer: gfp_mask=0x200da, order=0, oom_adj=0, oom_score_adj=0", null),
                single(results.get(0)));
        // "> " mail quoting is stripped before the layout is looked for: the quoted syslog line is read whole.
        final LogLine quoted = single(results.get(1));
        assertEquals("www8321uj", quoted.host());
        assertEquals(SourceFormat.RFC3164, quoted.format());
        assertEquals("Killed process 22268, UID 48, (httpd) total-vm:478428kB, anon-rss:9912kB, file-rss:292kB",
                quoted.message());
    }

    @Test
    void shouldKeepKernelStampAndCallerRightBeforeReportLine() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "hostile-prefixes.log", null);

        assertEquals(unknown("Out of memory: Killed process 4242 (java)", 8_123_456_789L), single(results.get(2)));
    }
}
