package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A line that only opens or closes a pasted block is skipped and counted as what it is ({@code fence_line_skipped}):
 * not an undecodable record, and never the wrapped end of the line before it. In node-problem-detector's issue
 * (real-reports, two Markdown fences around bare kernel lines) the 5.4 kill line is the paste's widest line, so the
 * closing fence after it was taken for its wrapped rest: a {@code line_unwrapped} that no wrap made.
 */
class FenceLinesTest {

    @Test
    void shouldSkipTheFencesOfARealPasteWithoutJoiningOneOntoTheKillLine() throws IOException {
        final Map<Repair, Long> repairs = repairs(
                Fixtures.read("real-reports/4.19-and-5.4-bare-memcg-kill-lines-two-fences-prose-between.log"));

        assertEquals(0L, repairs.getOrDefault(Repair.LINE_UNWRAPPED, 0L), "no line of the paste is wrapped");
        assertEquals(4L, repairs.getOrDefault(Repair.FENCE_LINE_SKIPPED, 0L), "two blocks, two fences each");
    }

    @Test
    void shouldCountAJiraBlocksFencesAsFencesNotAsUndecodableRecords() throws IOException {
        final OfflineAnalysis analysis = analyse(
                Fixtures.read("real-reports/rhel7-3.10-jira-noformat-alloc-failures-two-cpus-interleaved.log"));

        assertEquals(0, analysis.summary().undecodable());
        assertTrue(analysis.summary().repairCounts().getOrDefault(Repair.FENCE_LINE_SKIPPED, 0L) >= 1);
    }

    @Test
    void shouldTakeOnlyALineThatIsAFenceAndNothingElse() {
        for (final String fence : new String[] {"```", "```text", "  ```  ", "~~~", "````", "{noformat}", "{code}",
                "{code:java}", "[code]", "[/code]", "<pre>", "</pre>"}) {
            assertTrue(CodeFences.isFenceLine(fence), fence);
        }
        for (final String line : new String[] {"``", "```[Sun Mar 30 08:24:00 2025] Out of memory: Killed process",
                "Killed process 4249 (python) total-vm:32812kB```", "{\"MESSAGE\": \"x\"}", "[<ffffffff8116ceee>]",
                "<4>[ 12.3] x", "Sample OOM message log part from `5.4.49`:", "{noformat} kernel: Out of memory"}) {
            assertFalse(CodeFences.isFenceLine(line), line);
        }
    }

    private static Map<Repair, Long> repairs(final String text) throws IOException {
        return analyse(text).summary().repairCounts();
    }

    private static OfflineAnalysis analyse(final String text) throws IOException {
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), Fixtures.OPTIONS, e -> { });
        analysis.read(new BufferedReader(new StringReader(text)), ProgressListener.NONE);
        analysis.finish();
        return analysis;
    }
}
