package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the joiner tells a wrapped line from a line that ended: the cases the metamorphic suite once failed. */
class WrapJudgementTest {

    private static List<String> messages(final SyslogDecoder decoder, final String... records) {
        final List<String> out = new ArrayList<>();
        final RecordJoiner joiner = new RecordJoiner(decoder, ProgramFilter.EVERY_PROGRAM);
        final RecordJoiner.Sink sink = (record, result) -> {
            if (result instanceof Decoded d) {
                d.lines().forEach(l -> out.add(l.message()));
            }
        };
        for (final String r : records) {
            joiner.accept(r, null, sink);
        }
        joiner.finish(sink);
        return out;
    }

    @Test
    void shouldNotJoinAnEmptyQuotedLineAndNotFailOnTheLineAfterIt() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final List<String> lines = messages(decoder,
                "> Oct 21 18:51:01 www1 kernel: Node 0 DMA32 free:44020kB min:21000kB low:262",
                ">",
                "> 50kB high:31500kB",
                "> Oct 21 18:51:01 www1 kernel: Free swap  = 0kB");

        assertEquals(List.of("Node 0 DMA32 free:44020kB min:21000kB low:262", "Free swap  = 0kB"), lines);
        assertEquals(0, decoder.repairs().get(Repair.LINE_UNWRAPPED));
    }

    @Test
    void shouldSkipTheBlankLinesOfADoubleSpacedPasteAsArtefactsNotAsGarbage() throws java.io.IOException {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final List<String> records = java.nio.file.Files.readAllLines(io.oomstream.testing.Fixtures.RESOURCES.resolve(
                "real-reports/arm-4.1-cpu-numbered-stamp-double-spaced-register-lines.log"));
        final List<DecodeResult> results = new ArrayList<>();
        final RecordJoiner joiner = new RecordJoiner(decoder, ProgramFilter.EVERY_PROGRAM);
        for (final String r : records) {
            joiner.accept(r, null, (record, result) -> results.add(result));
        }
        joiner.finish((record, result) -> results.add(result));

        assertEquals(24, decoder.repairs().get(Repair.BLANK_LINE_SKIPPED));
        assertEquals(25, results.size(), "one result per line of the report, none for a blank line");
        assertEquals(0, results.stream().filter(r -> r instanceof Decoded d && d.lines().isEmpty()).count(),
                "no line of the report is undecodable");
    }

    @Test
    void shouldNotJoinTwoPiecesAcrossABlankLine() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final List<String> lines = messages(decoder,
                "Oct 21 18:51:01 www1 kernel: Node 0 DMA32 free:44020kB min:21000kB low:26250kB high:31500kB x",
                "",
                "active_anon:1kB");

        assertEquals(List.of("Node 0 DMA32 free:44020kB min:21000kB low:26250kB high:31500kB x"), lines);
        assertEquals(0, decoder.repairs().get(Repair.LINE_UNWRAPPED));
    }

    @Test
    void shouldJoinAHeaderWhoseMessageASoftBreakMovedToTheNextLine() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final List<String> lines = messages(decoder,
                "Mar 01 12:00:00 ml-ws-3 kernel: Free swap  = 0kB",
                "Mar 01 12:00:00 ml-ws-3 kernel: ",
                "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=python3,pid=5163,uid=1000");

        assertEquals(2, lines.size());
        assertEquals("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                + "task_memcg=/user.slice,task=python3,pid=5163,uid=1000", lines.get(1));
        assertEquals(1, decoder.repairs().get(Repair.LINE_UNWRAPPED));
    }

    @Test
    void shouldCountATableRowsColumnsUpToItsName() {
        assertEquals(7, RecordJoiner.tableColumns(
                "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name", true));
        assertEquals(7, RecordJoiner.tableColumns(
                "[   7702]     0  7702     1148      247    53248        0         -1000 tini", false));
        // A number glued to the next by a wrap is one column short; a cut row without its name is not judged yet.
        assertEquals(6, RecordJoiner.tableColumns("[   7702]     0  770211148      247    53248        0    0 tini", false));
        assertEquals(-1, RecordJoiner.tableColumns("[   7702]     0  7702     1148", false));
        // A name is not a column, even when it is a lower-case word like a header's.
        assertEquals(7, RecordJoiner.tableColumns("[   711]     0   711     1538      101    49152        0   0 agetty", false));
    }
}
