package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code journalctl -o verbose} (systemd's logs-show.c): each entry a header with its time and cursor, then its
 * fields indented, {@code _HOSTNAME} after {@code MESSAGE}. Read before as lines of no layout: host, time and program
 * lost. An entry is read as its {@code journalctl -o json} object; time and boot id from the cursor.
 */
class JournalVerboseEntryTest {

    private static final String FILE = "journalctl-verbose-hostname-after-message.log";
    private static final String KILL = "Out of memory: Killed process 4242 (java) total-vm:8388608kB, "
            + "anon-rss:4194304kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8400kB oom_score_adj:0";
    private static final String BOOT = "124c781146e841ae8d9b4590df8b9231";

    @Test
    void shouldReadEntriesSentAsOneRecordWithTheHostPrintedAfterTheMessage() {
        final String text = new String(SyslogSamples.bytes(FILE), StandardCharsets.UTF_8);
        final Decoded d = new SyslogDecoder().decode(text, Instant.parse("2027-03-01T00:00:00Z"));

        assertTrue(d.isOk(), d.error());
        assertEquals(List.of(
                new LogLine("web-50", at("2026-12-07T11:32:11.512443Z"), "kernel", null, KILL, 8_123_456_789L, BOOT,
                        SourceFormat.JSON_JOURNALD),
                new LogLine("web-50", at("2026-12-07T11:32:12.250118Z"), "systemd", 1,
                        "java.service: Consumed 2min 3.512s CPU time,", null, BOOT, SourceFormat.JSON_JOURNALD),
                // The value's second line (print_multiline indents it past "MESSAGE=") is the message's second line.
                new LogLine("web-50", at("2026-12-07T11:32:12.250118Z"), "systemd", 1, "1.9G memory peak.", null, BOOT,
                        SourceFormat.JSON_JOURNALD)), d.lines());
    }

    @Test
    void shouldTellAHeaderByItsCursorsRealtime() {
        assertTrue(JournalVerboseEntry.isHeader("Mon 2026-12-07 11:32:11.512443 UTC [s=6c5a;i=1f00;b=" + BOOT
                + ";m=1e42a5b15;t=661b3e0e43a7b;x=9a8b]"));
        assertFalse(JournalVerboseEntry.isHeader("Mon 2026-12-07 11:32:11.512443 UTC [s=6c5a;i=1f00]"),
                "a cursor without its realtime");
        assertFalse(JournalVerboseEntry.isHeader("Dec  7 11:32:11 web-1 app[7]: done [s=1;t=zz]"));
    }

    @Test
    void shouldGiveBackTextThatIsNotOnlyVerboseEntriesToTheLineReader() {
        final String text = "Mon 2026-12-07 11:32:11.512443 UTC [s=6c5a;i=1f00;b=" + BOOT + ";m=1;t=661b3e0e43a7b;x=9]\n"
                + "    MESSAGE=" + KILL + "\n    _HOSTNAME=web-51\n"
                + "Dec  7 11:32:12 web-51 kernel: [ 8124.000001] oom_reaper: reaped process 4242 (java), now "
                + "anon-rss:0kB, file-rss:0kB, shmem-rss:0kB\n";
        final Decoded d = new SyslogDecoder().decode(text, Instant.parse("2027-03-01T00:00:00Z"));
        assertEquals("web-51", d.lines().get(d.lines().size() - 1).host(), "the syslog line is read as before");
    }
}
