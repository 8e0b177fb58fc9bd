package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Localised dmesg -T stamps, learned prefixes, bare lines and the line repairs of pasted text. */
class PasteRepairDecodingTest {

    private static final DecoderOptions UTC = new DecoderOptions(null, ZoneOffset.UTC);
    private static final Instant T = Instant.parse("2025-01-06T03:14:15Z");

    private static LogLine one(final SyslogDecoder decoder, final String record) {
        final Decoded d = decoder.decode(record);
        assertNull(d.error(), record);
        assertEquals(1, d.lines().size(), record);
        return d.lines().get(0);
    }

    @Test
    void shouldResolveDmesgTStampsInFrenchGermanSpanishRussianAndChinese() {
        for (final String stamp : List.of("[lun. janv.  6 03:14:15 2025]", "[Mo. Jan.  6 03:14:15 2025]",
                "[Mo Jan  6 03:14:15 2025]", "[lun ene  6 03:14:15 2025]", "[пн янв.  6 03:14:15 2025]",
                "[周一 1月  6 03:14:15 2025]")) {
            final SyslogDecoder decoder = new SyslogDecoder(UTC);
            final LogLine line = one(decoder, stamp + " Killed process 42 (java)");

            assertEquals(T, line.time(), stamp);
            assertEquals("Killed process 42 (java)", line.message(), stamp);
            assertEquals(1, decoder.repairs().get(Repair.LOCALISED_STAMP), stamp);
        }
    }

    @Test
    void shouldUseTheWeekdayWhereAMonthNameIsAmbiguous() {
        // German "Mär" is March; glibc writes it without a dot. 3 March 2025 was a Monday.
        assertEquals(Instant.parse("2025-03-03T03:14:15Z"),
                one(new SyslogDecoder(UTC), "[Mo Mär  3 03:14:15 2025] Mem-Info:").time());
    }

    @Test
    void shouldKeepALineWithUnknownNamesWithoutATime() {
        final SyslogDecoder decoder = new SyslogDecoder(UTC);
        final LogLine line = one(decoder, "[xyzzy plugh  6 03:14:15 2025] Mem-Info:");

        assertNull(line.time());
        assertEquals("Mem-Info:", line.message());
        assertEquals(1, decoder.repairs().get(Repair.LOCALISED_STAMP_UNRESOLVED));
    }

    @Test
    void shouldReadTheLinesAroundAReportLineBehindTheLearnedPrefix() {
        final SyslogDecoder decoder = new SyslogDecoder(UTC);
        one(decoder, "06.01.2025 03:14:15,120 web01 <kern.warn> java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
        final LogLine counters = one(decoder, "06.01.2025 03:14:15,121 web01 <kern.warn> active_anon:1 inactive_anon:2 isolated_anon:0");
        final LogLine row = one(decoder, "06.01.2025 03:14:15,122 db02 <kern.warn> [ 4242]  1000  4242  1234567   456789 java");

        assertEquals("active_anon:1 inactive_anon:2 isolated_anon:0", counters.message());
        assertEquals("[ 4242]  1000  4242  1234567   456789 java", row.message());
        assertEquals(SourceFormat.UNKNOWN_PREFIX, row.format());
        assertNull(row.host(), "nothing is guessed from an unknown prefix");
        assertEquals(3, decoder.repairs().get(Repair.LEARNED_PREFIX_LINE));
        assertEquals(SyslogDecoder.NO_LAYOUT, decoder.decode("some prose without the prefix").error());
    }

    @Test
    void shouldReadBareKernelLinesButNotBareProse() {
        final SyslogDecoder decoder = new SyslogDecoder(UTC);
        one(decoder, "Mem-Info:");

        assertEquals("Node 0 DMA32: 1*4kB (U) 0*8kB = 4kB", one(decoder, "Node 0 DMA32: 1*4kB (U) 0*8kB = 4kB").message());
        assertEquals(SyslogDecoder.NO_LAYOUT, decoder.decode("(rows elided)").error());
        assertEquals(2, decoder.repairs().get(Repair.BARE_LINE));
    }

    @Test
    void shouldStripQuotingAndReadNoBreakSpacesAndTabsAsSpaces() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final LogLine quoted = one(decoder, ">> Oct 21 18:51:01 www1 kernel: Free swap  = 0kB");
        final LogLine nbsp = one(decoder, "Oct\u00A021 18:51:01 www1 kernel: Total\tswap =\u00A02097144kB");

        assertEquals("www1", quoted.host());
        assertEquals("Free swap  = 0kB", quoted.message());
        assertEquals("Total swap = 2097144kB", nbsp.message());
        assertEquals(1, decoder.repairs().get(Repair.QUOTE_STRIPPED));
        assertEquals(1, decoder.repairs().get(Repair.SPACES_NORMALISED));
    }

    @Test
    void shouldDropTheIndentationOfAPasteIndentedAsAWhole() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final LogLine first = one(decoder, "\tOct 21 18:51:01 www1 kernel: Mem-Info:");
        final LogLine dmesg = one(decoder, "\t[   61.004211] Free swap  = 0kB");

        assertEquals("www1", first.host());
        assertEquals(Instant.parse("2026-10-21T18:51:01Z"), first.time());
        assertEquals("Mem-Info:", first.message());
        assertEquals("Free swap  = 0kB", dmesg.message());
        // Prose inside the block is a line of its own (undecodable), not the continuation of the line before it.
        assertEquals(SyslogDecoder.NO_LAYOUT, decoder.decode("\t(rows elided)").error());
        assertEquals(3, decoder.repairs().get(Repair.INDENT_STRIPPED));
        assertEquals(0, decoder.repairs().get(Repair.SPACES_NORMALISED), "a tab of indentation is no tab in the text");
    }

    @Test
    void shouldKeepAnIndentedLineWithoutAHeaderAContinuationOutsideAnIndentedPaste() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        one(decoder, "Oct 21 18:51:01 www1 kernel: Mem-Info:");
        final LogLine continued = one(decoder, "    active_anon:1");

        assertEquals("www1", continued.host());
        assertEquals("active_anon:1", continued.message());
        assertEquals(SourceFormat.JOURNALCTL, continued.format());
        assertEquals(0, decoder.repairs().get(Repair.INDENT_STRIPPED));
    }

    private static List<LogLine> joined(final SyslogDecoder decoder, final String... records) {
        final RecordJoiner joiner = new RecordJoiner(decoder, ProgramFilter.EVERY_PROGRAM);
        final List<LogLine> out = new ArrayList<>();
        final RecordJoiner.Sink sink = (r, d) -> out.addAll(((Decoded) d).lines());
        for (final String r : records) {
            joiner.accept(r, null, sink);
        }
        joiner.finish(sink);
        return out;
    }

    @Test
    void shouldUnwrapALineCutMidNumberAndSkipGrepSeparators() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final List<LogLine> lines = joined(decoder,
                "Oct 21 18:51:01 www1 kernel: Node 0 DMA32 free:44020kB min:21000kB low:262",
                "50kB high:31500kB present:3129152kB managed:3041280kB",
                "--",
                "Oct 21 18:51:01 www1 kernel: Free swap  = 0kB");

        assertEquals(2, lines.size());
        assertEquals("Node 0 DMA32 free:44020kB min:21000kB low:26250kB high:31500kB present:3129152kB "
                + "managed:3041280kB", lines.get(0).message());
        assertEquals(1, decoder.repairs().get(Repair.LINE_UNWRAPPED));
        assertEquals(1, decoder.repairs().get(Repair.GREP_SEPARATOR_SKIPPED));
    }

    @Test
    void shouldNeverJoinTwoLinesThatEachParse() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final List<LogLine> lines = joined(decoder,
                "Oct 21 18:51:01 www1 kernel: active_anon:801130 inactive_anon:161015",
                "  active_file:53 inactive_file:118 isolated_file:0");

        assertEquals(2, lines.size());
        assertEquals(0, decoder.repairs().get(Repair.LINE_UNWRAPPED));
    }

    @Test
    void shouldJoinALoneStampWithTheMessageOnTheNextLine() {
        final SyslogDecoder decoder = new SyslogDecoder(UTC);
        final List<LogLine> lines = joined(decoder, "[ 5121.000311]", "Mem-Info:");

        assertEquals(1, lines.size());
        assertEquals("Mem-Info:", lines.get(0).message());
        assertEquals(5_121_000_311L, lines.get(0).uptimeMicros());
        assertEquals(1, decoder.repairs().get(Repair.LONE_STAMP_JOINED));
    }

    @Test
    void shouldRepairAPasteCarriedInOneRecordAsAnalyzeDoes() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2026, ZoneOffset.UTC));
        final Decoded d = decoder.decode("> Oct 21 18:51:01 www1 kernel: Node 0 DMA32 free:44020kB min:21000kB low:262\r\n"
                + "> 50kB high:31500kB\r\n> Oct 21 18:51:01 www1 kernel: Free swap  = 0kB\r\n");

        assertNull(d.error());
        assertEquals(List.of("Node 0 DMA32 free:44020kB min:21000kB low:26250kB high:31500kB", "Free swap  = 0kB"),
                d.lines().stream().map(LogLine::message).toList());
        assertTrue(d.lines().stream().allMatch(l -> "www1".equals(l.host())));
        assertEquals(1, decoder.repairs().get(Repair.LINE_UNWRAPPED));
    }

    @Test
    void shouldReadAPasteInJiraNoformatMarkupAsTextNotAsBrokenJson() {
        // Seagate/cortx-prvsnr#5465: a Jira comment's {noformat} block sent as one record.
        final Decoded d = new SyslogDecoder(UTC).decode("{noformat}\n"
                + "Apr 01 16:27:01 sm21-r22.pun.seagate.com kernel: swapper/21: page allocation failure: order:0, mode:0x20\n"
                + "{noformat}");

        assertTrue(d.lines().stream().anyMatch(l -> l.message().startsWith("swapper/21: page allocation failure")),
                () -> "read as text: " + d);
        assertEquals("sm21-r22.pun.seagate.com", d.lines().get(0).host());
    }

    @Test
    void shouldStillReadABraceBeforeAQuoteAsJson() {
        final LogLine line = one(new SyslogDecoder(UTC),
                "{\"host\":\"web1\",\"program\":\"kernel\",\"message\":\"Out of memory: Killed process 42 (java)\"}");

        assertEquals("web1", line.host());
        assertEquals("Out of memory: Killed process 42 (java)", line.message());
    }
}
