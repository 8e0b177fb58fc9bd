package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HostileInputTest {

    /** Generous: these inputs take milliseconds; the bound only catches a hang or a quadratic blow-up. */
    private static final Duration NO_HANG = Duration.ofSeconds(5);
    private static final String PREFIX = "Oct 21 18:51:01 host1 kernel: ";

    private final SyslogDecoder decoder = new SyslogDecoder();

    @Test
    void shouldRejectBinaryGarbageInAnyCharset() {
        final byte[] garbage = SyslogSamples.bytes("garbage.bin");

        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode(new String(garbage, StandardCharsets.ISO_8859_1))));
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode(new String(garbage, StandardCharsets.UTF_8))));
    }

    @Test
    void shouldRejectProse() {
        for (final String record : SyslogSamples.records("not-syslog.txt")) {
            assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode(record)), record);
        }
    }

    @Test
    void shouldRejectNullEmptyAndBlankRecords() {
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode(null)));
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("")));
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("   \t ")));
        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("\r\n")));
    }

    @Test
    void shouldDecodeFirstMebibyteOfOverlongLineAndSayItWasCut() {
        final String record = PREFIX + "x".repeat(3 * SyslogDecoder.MAX_RECORD_CHARS);

        final Decoded decoded = assertTimeoutPreemptively(NO_HANG, () -> decoder.decode(record));

        assertEquals("record longer than 1048576 chars: only the first 1048576 decoded", decoded.error());
        assertTrue(decoded.isPartial());
        assertEquals(1, decoded.lines().size());
        final LogLine line = decoded.lines().get(0);
        assertEquals("host1", line.host());
        assertEquals(SyslogDecoder.MAX_RECORD_CHARS - PREFIX.length(), line.message().length());
    }

    @Test
    void shouldCapOverlongJsonMessage() {
        final String record = "{\"hostname\":\"h\",\"msg\":\"" + "y".repeat(2 * SyslogDecoder.MAX_RECORD_CHARS) + "\"}";

        final Decoded decoded = assertTimeoutPreemptively(NO_HANG, () -> decoder.decode(record));

        assertEquals("record longer than 1048576 chars: only the first 1048576 decoded", decoded.error());
        assertEquals(SyslogDecoder.MAX_RECORD_CHARS, decoded.lines().get(0).message().length());
    }

    @Test
    void shouldCapRecordWithTooManyEmbeddedLines() {
        final String record = PREFIX + "a#012".repeat(SyslogDecoder.MAX_LINES_PER_RECORD + 5);

        final Decoded decoded = decoder.decode(record, Instant.parse("2024-11-01T00:00:00Z"));

        assertEquals("record holds more than 10000 lines: the rest dropped", decoded.error());
        assertEquals(SyslogDecoder.MAX_LINES_PER_RECORD, decoded.lines().size());
        assertEquals("a", decoded.lines().get(SyslogDecoder.MAX_LINES_PER_RECORD - 1).message());
    }

    @Test
    void shouldRejectPathologicalTextQuickly() {
        final List<String> records = List.of(
                "[" + " ".repeat(2_000_000),
                "[".repeat(2_000_000),
                "#012".repeat(400_000),
                "x".repeat(9_000) + " Killed process 1 (a)",
                "[99999999999999999.1] x",
                "<999>Oct 21 18:51:01 host1 kernel: x");

        for (final String record : records) {
            final Decoded decoded = assertTimeoutPreemptively(NO_HANG, () -> decoder.decode(record));
            assertEquals(SyslogDecoder.NO_LAYOUT, error(decoded), () -> record.substring(0, 40));
        }
    }

    @Test
    void shouldKeepDecodingNormallyAfterHostileRecords() {
        decoder.decode("{".repeat(100_000));
        decoder.decode(new String(SyslogSamples.bytes("garbage.bin"), StandardCharsets.ISO_8859_1));

        final LogLine line = single(decoder.decode(PREFIX + "[ 1.5] ok", Instant.parse("2024-11-01T00:00:00Z")));

        assertEquals(new LogLine("host1", Instant.parse("2024-10-21T18:51:01Z"), "kernel", null, "ok", 1_500_000L,
                null, SourceFormat.RFC3164), line);
    }

    @Test
    void shouldNeverFailInternallyOnMutatedRecords() {
        final List<String> seeds = List.of(
                PREFIX + "[7934037.757829] Out of memory: Kill process 13011 (httpd)",
                "<4>1 2024-03-01T12:00:00.123456Z host1 kernel 12 ID47 [exampleSDID@32473 iut=\"3\"] msg",
                "2024-03-01T12:00:00+0100 host1 systemd[1]: msg",
                "[Tue Mar  5 09:14:02 2024] msg",
                "kern  :warn  : [ 8123.456789][ T1] msg",
                "[7934037.757829] a = 4476kB [7934037.762116] b",
                "systemd[1]: a. systemd[1]: b.",
                "Mar 01 12:00:00 h kernel: x#012y\\012z",
                "{\"hostname\":\"h\",\"timestamp\":\"Mar  1 12:00:00\",\"syslogtag\":\"kernel:\",\"msg\":\" [1.5] a\\nb\"}",
                "{\"_HOSTNAME\":\"h\",\"MESSAGE\":[104,105],\"__REALTIME_TIMESTAMP\":\"1709294400123456\"}",
                "   continuation",
                "guest: [ 123.456][ T12] Killed process 22268 (x)");
        final String alphabet = "[]<>{}:#\\012 .T-+Z\"0123456789aMarOct\n\r\t\u0000\uFEFF\uD800";
        final Random random = new Random(20240301L);

        for (int i = 0; i < 50_000; i++) {
            final StringBuilder record = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                final int at = record.length() == 0 ? 0 : random.nextInt(record.length());
                final char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> record.insert(at, c);
                    case 1 -> {
                        if (record.length() > 0) {
                            record.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (record.length() > 0) {
                            record.setCharAt(at, c);
                        }
                    }
                }
            }
            final Instant reference = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> Instant.MAX;
                case 2 -> Instant.MIN;
                default -> Instant.ofEpochSecond(random.nextInt());
            };
            final Decoded decoded = decoder.decode(record.toString(), reference);
            assertNotNull(decoded);
            assertTrue(decoded.error() != null || !decoded.lines().isEmpty(), record::toString);
            assertFalse(decoded.error() != null && decoded.error().startsWith("decoder failure"),
                    () -> decoded.error() + " on " + record);
        }
    }
}
