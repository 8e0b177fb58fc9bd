package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * rsyslog's omkafka records ({@code rsyslog-omkafka.json}) copied from an HTML source, every quote written
 * {@code &quot;} ({@code rsyslog-omkafka-html-escaped.json}, Python's {@code html.escape} of each line): a one-line
 * record that starts with a brace went straight to the JSON reader, past the repair that reads an escaped line, and
 * was dead-lettered as invalid JSON. Each escaped record, given as a Kafka record's bytes (the stream's path), must
 * decode to exactly what its original does, the repair counted.
 */
class HtmlEscapedJsonRecordTest {

    private static final Instant RECEIVED = at("2027-03-01T00:00:00Z");

    @Test
    void shouldDecodeEachEscapedRecordAsItsOriginal() {
        final List<String> originals = Fixtures.read("syslog/rsyslog-omkafka.json").lines().toList();
        final List<String> escaped = Fixtures.read("syslog/rsyslog-omkafka-html-escaped.json").lines().toList();
        assertEquals(originals.size(), escaped.size());
        for (int i = 0; i < originals.size(); i++) {
            final SyslogDecoder decoder = new SyslogDecoder();
            final DecodeResult fromEscaped = decoder.decode(escaped.get(i).getBytes(StandardCharsets.UTF_8), RECEIVED,
                    ProgramFilter.OOM_RELEVANT);
            final DecodeResult fromOriginal = new SyslogDecoder().decode(originals.get(i).getBytes(StandardCharsets.UTF_8),
                    RECEIVED, ProgramFilter.OOM_RELEVANT);
            assertEquals(((Decoded) fromOriginal).lines(), ((Decoded) fromEscaped).lines(), "record " + i);
            assertEquals(1, decoder.repairs().get(Repair.HTML_ENTITIES_DECODED), "record " + i);
        }
    }

    @Test
    void shouldLeaveAJsonRecordWithRawQuotesAsWritten() {
        final String record = "{\"host\":\"web-1\",\"programname\":\"kernel\",\"msg\":\"Killed process 1 (a&quot;b)\"}";
        final SyslogDecoder decoder = new SyslogDecoder();
        final Decoded d = (Decoded) decoder.decode(record.getBytes(StandardCharsets.UTF_8), RECEIVED,
                ProgramFilter.OOM_RELEVANT);
        assertEquals("Killed process 1 (a&quot;b)", d.lines().get(0).message());
        assertEquals(0, decoder.repairs().get(Repair.HTML_ENTITIES_DECODED));
    }
}
