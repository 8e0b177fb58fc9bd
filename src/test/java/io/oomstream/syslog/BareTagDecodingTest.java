package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.ok;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BareTagDecodingTest {

    private static LogLine systemd(final String message) {
        return new LogLine(null, null, "systemd", 1, message, null, null, SourceFormat.RFC3164);
    }

    @Test
    void shouldSplitGluedSystemdLinesFromPaste() {
        final List<LogLine> lines = ok(new SyslogDecoder().decode(
                SyslogSamples.records("glued-dmesg-and-systemd.log").get(1)));

        assertEquals(List.of(
                systemd("apache2.service: A process of this unit has been killed by the OOM killer."),
                systemd("apache2.service: Failed with result 'oom-kill'."),
                systemd("apache2.service: Consumed 1h 21min 18.835s CPU time.")), lines);
    }

    @Test
    void shouldNotSplitWhereTagRecursWithoutSentenceEnd() {
        final LogLine line = single(new SyslogDecoder().decode("systemd[1]: stopping systemd[1]: helper"));

        assertEquals(systemd("stopping systemd[1]: helper"), line);
    }

    @Test
    void shouldNotSplitAtDifferentTag() {
        final LogLine line = single(new SyslogDecoder().decode("systemd[1]: done. systemd[2]: other"));

        assertEquals(systemd("done. systemd[2]: other"), line);
    }

    @Test
    void shouldRequirePidForBareTag() {
        assertEquals(SyslogDecoder.NO_LAYOUT, error(new SyslogDecoder().decode("Note: this is prose.")));
    }
}
