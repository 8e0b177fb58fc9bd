package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.loadgen.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder's fast path for JSON records of ordinary programs, read from the record's bytes ({@link OrdinaryBytes}): it must take
 * exactly records whose full decode is one line of such a program, and leave the year state as the full decode does.
 */
class JsonOrdinaryLineFastPathTest {

    private static final ProgramFilter FILTER = ProgramFilter.OOM_RELEVANT;
    private static final Instant RECEIVED = Instant.parse("2024-03-02T00:00:00Z");

    private static DecodeResult fast(final String record) {
        return new SyslogDecoder().decode(record.getBytes(StandardCharsets.UTF_8), RECEIVED, FILTER);
    }

    @Test
    void shouldPassOverAnOrdinaryRsyslogRecordWithItsHostAndTime() {
        final OrdinaryLine line = assertInstanceOf(OrdinaryLine.class, fast(
                "{\"hostname\":\"web-0001\",\"timestamp\":\"2024-03-01T12:00:01.5Z\",\"programname\":\"sshd\","
                        + "\"procid\":\"77\",\"msg\":\" Accepted publickey\"}"));

        assertEquals("web-0001", line.host());
        assertEquals(Instant.parse("2024-03-01T12:00:01.5Z").toEpochMilli(), line.epochMillis());
    }

    @Test
    void shouldPassOverOrdinaryFluentBitAndJournaldRecordsAndNumericFieldsTheDecisionDoesNotRead() {
        for (final String record : List.of(
                "{\"ident\":\"sshd\",\"host\":\"h\",\"message\":\"fluent bit shape\"}",
                "{\"_HOSTNAME\":\"h\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":\"journald shape\"}",
                "{\"hostname\":\"h\",\"timestamp\":12,\"programname\":\"sshd\",\"msg\":\" numeric time\"}",
                "{\"hostname\":3,\"programname\":\"sshd\",\"msg\":\" numeric host\"}",
                "{\"hostname\":\"h\",\"programname\":\"nginx\",\"msg\":\" \\\"GET \\/ HTTP\\/1.1\\\" 200\"}")) {
            final OrdinaryLine line = assertInstanceOf(OrdinaryLine.class, fast(record), record);
            final LogLine full = new SyslogDecoder().decode(record, RECEIVED).lines().get(0);
            assertEquals(full.host(), line.host(), record);
            assertFalse(KernelGrammar.mayMatter(full), record);
        }
    }

    @Test
    void shouldDecodeInFullEveryRecordItCannotVouchFor() {
        final String ok = "\"hostname\":\"h\",\"timestamp\":\"2024-03-01T12:00:01Z\",";
        for (final String record : List.of(
                "{" + ok + "\"programname\":\"kernel\",\"msg\":\" Out of memory\"}",
                "{" + ok + "\"programname\":\"SystemD\",\"msg\":\" x\"}",
                "{" + ok + "\"syslogtag\":\"sshd[1]:\",\"msg\":\" no programname\"}",
                "{" + ok + "\"programname\":\"-\",\"msg\":\" nil program\"}",
                "{" + ok + "\"programname\":7,\"msg\":\" numeric program\"}",
                "{" + ok + "\"programname\":{\"x\":1},\"msg\":\" object program\"}",
                "{" + ok + "\"programname\":\"sshd\",\"programname\":\"kernel\",\"msg\":\" duplicate\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" one\\ntwo\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" one#012two\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\"[ 12.345678] stamped\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":42}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" caf\u00e9\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" trailing\"} x",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" unterminated\"",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" tab\\tescaped\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\" \\\\012 escaped backslash\"}",
                "{" + ok + "\"programname\":\"sshd\",\"msg\":\"\\u005b 12.3] unicode bracket\"}",
                "{\"ident\":\"kernel\",\"host\":\"h\",\"message\":\"fluent bit kernel\"}",
                "{\"_HOSTNAME\":\"h\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"journald kernel\"}",
                "{\"_HOSTNAME\":\"h\",\"_COMM\":\"systemd\",\"MESSAGE\":\"journald systemd by comm\"}",
                "{\"_HOSTNAME\":\"h\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":[104,105]}",
                "{\"hostname\":\"h\",\"programname\":\"sshd\",\"msg\":\" leading zero\",\"n\":01}",
                "{\"hostname\":\"h\",\"programname\":\"sshd\",\"msg\":\" trailing comma\",}")) {
            final DecodeResult result = fast(record);
            assertInstanceOf(Decoded.class, result, record);
            assertEquals(new SyslogDecoder().decode(record, RECEIVED), result, record);
        }
    }

    @Test
    void shouldReadASyslogStyleTimeAsTheFullDecodeDoesAcrossNewYear() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2023, ZoneOffset.UTC));
        final OrdinaryLine december = assertInstanceOf(OrdinaryLine.class, decoder.decode(
                "{\"hostname\":\"h\",\"timestamp\":\"Dec 31 23:59:59\",\"programname\":\"sshd\",\"msg\":\"bye\"}"
                        .getBytes(StandardCharsets.UTF_8), null, FILTER));
        final Decoded january = decoder.decode("Jan  1 00:00:02 h kernel: Out of memory", null);

        assertEquals(Instant.parse("2023-12-31T23:59:59Z").toEpochMilli(), december.epochMillis());
        assertEquals(Instant.parse("2024-01-01T00:00:02Z"), january.lines().get(0).time());
    }

    @Test
    void shouldLeaveTheTimeOutWhenTheRecordHasNone() {
        final OrdinaryLine line = assertInstanceOf(OrdinaryLine.class,
                fast("{\"host\":\"h\",\"programname\":\"cron\",\"msg\":\"no time\"}"));
        assertFalse(line.hasTime());
    }

    /** Every record of generated JSON and mixed fleet logs and of every fixture: the fast path agrees with the full decode. */
    @Test
    void shouldAgreeWithTheFullDecodeOnGeneratedAndFixtureLogs() throws IOException {
        final List<List<String>> inputs = new ArrayList<>(DecoderCorpora.fixtures());
        inputs.add(DecoderCorpora.generated(OutputFormat.JSON, 4));
        inputs.add(DecoderCorpora.generated(OutputFormat.MIXED, 4));
        long ordinary = 0;
        for (final List<String> records : inputs) {
            final SyslogDecoder full = new SyslogDecoder();
            final SyslogDecoder withFastPath = new SyslogDecoder();
            for (final String record : records) {
                final Decoded expected = full.decode(record, RECEIVED);
                final DecodeResult actual = withFastPath.decode(record.getBytes(StandardCharsets.UTF_8), RECEIVED,
                        FILTER);
                if (actual instanceof OrdinaryLine o) {
                    ordinary++;
                    assertEquals(1, expected.lines().size(), record);
                    final LogLine line = expected.lines().get(0);
                    assertFalse(KernelGrammar.mayMatter(line), record);
                    assertEquals(line.host(), o.host(), record);
                    assertEquals(line.time() != null, o.hasTime(), record);
                    if (o.hasTime()) {
                        assertEquals(line.time().toEpochMilli(), o.epochMillis(), record);
                    }
                } else {
                    assertEquals(expected, actual, record);
                }
            }
        }
        assertTrue(ordinary > 15_000, "the fast path took " + ordinary + " records");
    }
}
