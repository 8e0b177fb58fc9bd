package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GELF 1.1 records whose shipper split the syslog line and put the program in an additional field
 * ({@code gelf-program-in-additional-fields.json}): journald's {@code _SYSLOG_IDENTIFIER} (Graylog's sidecar, Fluent
 * Bit's gelf output), {@code _programname} and {@code _app_name} (rsyslog's and Graylog's syslog fields). The message
 * is then that program's text: a kernel kill line keeps {@code kernel} as its program (it was read with none before),
 * an sshd line is sshd's. A record with no such field still carries a whole syslog line, read as that line.
 */
class GelfProgramFieldsTest {

    private static final Instant RECEIVED = at("2027-03-01T00:00:00Z");

    private final List<Decoded> records = decodeAll(new SyslogDecoder(), "gelf-program-in-additional-fields.json", RECEIVED);

    @Test
    void shouldReadTheProgramOfEachUnderscoreField() {
        assertEquals(new LogLine("db-7", at("2026-12-07T11:32:11.250Z"), "kernel", null,
                "Out of memory: Killed process 3318 (mysqld) total-vm:2123456kB, anon-rss:1843200kB, file-rss:0kB, "
                        + "shmem-rss:0kB, UID:27 pgtables:4000kB oom_score_adj:0", null, null, SourceFormat.JSON_LOG_STORE),
                single(records.get(0)));
        assertEquals(new LogLine("db-7", at("2026-12-07T11:32:11.400Z"), "systemd", 1,
                "mysqld.service: A process of this unit has been killed by the OOM killer.", null, null,
                SourceFormat.JSON_LOG_STORE), single(records.get(1)));
        assertEquals("sshd", single(records.get(2)).program());
        assertEquals(2211, single(records.get(2)).pid());
    }

    @Test
    void shouldStillReadAWholeLineWhenNoFieldNamesTheProgram() {
        final LogLine line = single(records.get(3));
        assertEquals("db-8", line.host());
        assertEquals("kernel", line.program());
        assertEquals(SourceFormat.RFC3164, line.format());
    }
}
