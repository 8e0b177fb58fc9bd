package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedNewlinesDecodingTest {

    private static final Instant RECEIVED = at("2024-03-05T00:00:00Z");

    private static LogLine kernel(final String message, final Long uptime, final SourceFormat format) {
        return new LogLine("host1", at("2024-03-01T12:00:00Z"), "kernel", null, message, uptime, null, format);
    }

    @Test
    void shouldSplitHash012WithOwnStampsInheritedStampAndTab() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "rsyslog-hash012-escaped.log", RECEIVED);

        assertEquals(List.of(
                kernel("Mem-Info:", 8_123_456_789L, SourceFormat.RFC3164),
                kernel("active_anon:1 inactive_anon:2", 8_123_456_790L, SourceFormat.RFC3164),
                kernel(" free:3\tslab:4", 8_123_456_790L, SourceFormat.RFC3164)),
                ok(results.get(0)));
    }

    @Test
    void shouldKeepEmptyPieceInTheMiddle() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "rsyslog-hash012-escaped.log", RECEIVED);

        assertEquals(List.of(
                kernel("a", null, SourceFormat.RFC3164),
                kernel("", null, SourceFormat.RFC3164),
                kernel("b", null, SourceFormat.RFC3164)),
                ok(results.get(1)));
    }

    @Test
    void shouldSplitLiteralBackslash012() {
        final List<Decoded> results = decodeAll(new SyslogDecoder(), "rsyslog-backslash012-escaped.log", RECEIVED);

        assertEquals(List.of(
                kernel("Tasks state (memory values in pages):", null, SourceFormat.ISO8601),
                kernel("[  pid  ]   uid  tgid total_vm      rss name", null, SourceFormat.ISO8601),
                kernel("[   4242]  1000  4242  1234567   456789 java", null, SourceFormat.ISO8601)),
                ok(results.get(0)));
    }

    @Test
    void shouldSplitRealNewlineAndCrlfInsideTextRecord() {
        final Decoded decoded = new SyslogDecoder().decode("Mar  1 12:00:00 host1 kernel: a\r\nb\r\n", RECEIVED);

        assertEquals(List.of(kernel("a", null, SourceFormat.RFC3164), kernel("b", null, SourceFormat.RFC3164)),
                ok(decoded));
    }

    @Test
    void shouldLeaveOtherHashEscapesAndLookalikesAlone() {
        final Decoded decoded = new SyslogDecoder().decode("Mar  1 12:00:00 host1 kernel: #1 SMP #033 #01 x#0", RECEIVED);

        assertEquals(List.of(kernel("#1 SMP #033 #01 x#0", null, SourceFormat.RFC3164)), ok(decoded));
    }
}
