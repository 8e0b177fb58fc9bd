package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The document {@code aws logs filter-log-events} prints (the AWS CLI's JSON output, pretty-printed over many lines:
 * {@code events} of {@code logStreamName}, {@code timestamp} in ms, {@code message}, {@code ingestionTime},
 * {@code eventId}, then {@code searchedLogStreams}), as one Kafka record (the stream's path) and as a file
 * ({@code analyze}): every event is read as the syslog line its message carries; the log stream, an instance id, is
 * never taken for the host.
 */
class AwsFilterLogEventsDocumentTest {

    private static final String DOCUMENT = Fixtures.read("syslog/aws-logs-filter-log-events.json");

    @Test
    void shouldReadEveryEventOfTheDocumentSentAsOneRecord() {
        final Decoded d = new SyslogDecoder().decode(DOCUMENT, at("2027-03-01T00:00:00Z"));
        assertNull(d.error());
        final List<LogLine> lines = d.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("web-51", lines.get(0).host());
        assertEquals("kernel", lines.get(0).program());
        assertEquals(8_123_456_789L, lines.get(0).uptimeMicros());
        assertEquals("systemd", lines.get(1).program());
    }

    @Test
    void shouldGiveOneKillWithItsUnitWhenAnalyzeReadsTheDocumentAsAFile() {
        final List<OomEvent> events = Fixtures.analyze(DOCUMENT);
        assertEquals(1, events.size(), events.toString());
        assertEquals("web-51", events.get(0).host());
        assertEquals(4242, events.get(0).victim().pid());
        assertEquals("java.service", events.get(0).systemdUnit());
    }
}
