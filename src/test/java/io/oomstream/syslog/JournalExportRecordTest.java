package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code journalctl -o export} (systemd's Journal Export Format: {@code NAME=value} lines, an empty line after each
 * entry) sent to Kafka as ONE record, as a shipper that forwards a command's output whole does: each entry is read as
 * its {@code journalctl -o json} object. Before, only {@code analyze}'s reader knew the format, and the stream read the
 * record as lines of text: the kill line behind a learned prefix without host or time, {@code _HOSTNAME=web-49} as a
 * line of its own.
 */
class JournalExportRecordTest {

    @Test
    void shouldReadEveryEntryOfAnExportSentAsOneRecord() {
        final String export = Fixtures.read("syslog/journalctl-export-two-entries.export");
        final Decoded d = new SyslogDecoder().decode(export, at("2027-03-01T00:00:00Z"));

        assertNull(d.error());
        final List<LogLine> lines = d.lines();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("web-49", lines.get(0).host());
        assertEquals(at("2026-12-07T11:32:11.512443Z"), lines.get(0).time());
        assertEquals("kernel", lines.get(0).program());
        assertEquals("6c7c6013a8264adc8f7eb9d1e0a0d9c1", lines.get(0).bootId());
        assertEquals("systemd", lines.get(1).program());
        assertEquals(1, lines.get(1).pid());
        assertEquals("java.service: A process of this unit has been killed by the OOM killer.", lines.get(1).message());
    }

    /**
     * A field repeated in one entry (the format allows it; journald keeps every value): the last value wins, as in
     * journalctl's text output, in the stream's decoder and in analyze's reader alike (one implementation,
     * {@link JournalExportEntries}). The two readers once disagreed: the stream kept the first value.
     */
    @Test
    void shouldReadARepeatedFieldsLastValueAsJournalctlShowsIt() {
        final String export = Fixtures.read("syslog/journalctl-export-repeated-field.export");
        final Decoded d = new SyslogDecoder().decode(export, at("2027-03-01T00:00:00Z"));

        assertNull(d.error());
        assertEquals(1, d.lines().size(), d.lines().toString());
        assertEquals("kernel", d.lines().get(0).program());
        assertEquals("Out of memory: Killed process 4243 (java) total-vm:8388608kB, anon-rss:4194304kB, file-rss:0kB, "
                + "shmem-rss:0kB, UID:1000 pgtables:8400kB oom_score_adj:0", d.lines().get(0).message());
        final String[] entry = export.strip().split("\n");
        assertEquals(JournalExportEntries.toJson(entry).get(0), JournalExportEntries.entryToJson(List.of(entry)),
                "analyze's reader turns the entry into the same object");
    }

    @Test
    void shouldReadAnEntryWithALowerCaseNameAsNoExport() {
        // The format's names are upper-case letters, digits and underscores: this is text that looks like one.
        assertNull(JournalExportEntries.entryToJson(List.of("__CURSOR=s=1", "message=hello")));
    }
}
