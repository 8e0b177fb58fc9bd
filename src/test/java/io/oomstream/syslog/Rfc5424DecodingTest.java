package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Rfc5424DecodingTest {

    private final List<Decoded> results = decodeAll(new SyslogDecoder(), "rfc5424.log", null);

    @Test
    void shouldDecodeHeaderWithNilStructuredData() {
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00.123456Z"), "kernel", null,
                "Out of memory: Killed process 4242 (java)", null, null, SourceFormat.RFC5424), single(results.get(0)));
    }

    @Test
    void shouldSkipStructuredDataWithQuotedBracketsAndTakeProcIdAsPid() {
        assertEquals(new LogLine("host2", at("2024-03-01T12:00:00.500Z"), "systemd", 1,
                "java.service: Failed with result 'oom-kill'.", null, null, SourceFormat.RFC5424), single(results.get(1)));
    }

    @Test
    void shouldMapNilValuesToNullAndMissingMessageToEmpty() {
        assertEquals(new LogLine(null, null, null, null, "", null, null, SourceFormat.RFC5424), single(results.get(2)));
    }

    @Test
    void shouldDropBomAndStripKernelStampAfterSeveralStructuredDataElements() {
        assertEquals(new LogLine("host1", at("2024-03-01T12:00:00Z"), "kernel", null, "Mem-Info:", 8_123_456_789L,
                null, SourceFormat.RFC5424), single(results.get(3)));
    }

    @Test
    void shouldRejectUnterminatedStructuredData() {
        assertEquals(SyslogDecoder.NO_LAYOUT,
                error(new SyslogDecoder().decode("<4>1 2024-03-01T12:00:00Z h kernel - - [x a=\"b] msg")));
    }
}
