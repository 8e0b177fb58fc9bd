package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.stitch.StitcherConfig;
import io.oomstream.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * analyze's summary says what a record is where it prints their count: a JSON document written over several lines is
 * one record, not one per line, so "one per input line" (the wording until session 11) was untrue for them.
 */
class InputSummaryRecordCountTest {

    @Test
    void shouldCountAMultiLineJsonDocumentAsOneRecordAndSaySo() throws IOException {
        final String prettyJson = """
                {
                  "MESSAGE" : "Out of memory: Killed process 4242 (java) total-vm:1000kB, anon-rss:800kB, file-rss:0kB, shmem-rss:0kB",
                  "_HOSTNAME" : "web-1",
                  "SYSLOG_IDENTIFIER" : "kernel",
                  "__REALTIME_TIMESTAMP" : "1767225600000000"
                }
                Jan  1 00:00:01 web-1 sshd[1]: Accepted publickey for root
                """;
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), Fixtures.OPTIONS, e -> { });
        analysis.read(new BufferedReader(new StringReader(prettyJson)), ProgressListener.NONE);
        analysis.finish();

        assertEquals(2, analysis.summary().records(), "seven input lines, two records");
        final String text = analysis.summary().render();
        assertTrue(text.startsWith("oomstream analyze: 2 records read (" + InputSummary.RECORD_MEANS + ")\n"), text);
        assertTrue(text.contains("multi-line JSON document"), text);
    }
}
