package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.Json;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ReadSoFar}: an assembly that reads only the lines added since the last one (into the reader that read the
 * ones before) must give the very event a reading of every line gives. Differential, over every log under
 * src/test/resources and a generated fleet log: each host's kernel and systemd lines are one "report" (the reader does not care where
 * a report starts), read once whole and once in two parts at many split points; and with the kept part altered (a
 * line changed, a line more than the report holds) the shortcut must notice and read the report whole.
 */
class ReadSoFarTest {

    private static final EventAssembler ASSEMBLER = new EventAssembler(StitcherConfig.defaults().maxTasksInEvent());
    /** A host's lines are cut to this many: the split points below then cover each line of most fixtures. */
    private static final int MAX_LINES = 400;

    @Test
    void shouldAssembleTheSameEventFromTheLinesAddedSinceAsFromEveryLineOverEveryFixture() throws IOException {
        int reports = 0;
        int splits = 0;
        try (Stream<Path> files = Files.walk(Fixtures.RESOURCES)) {
            for (final Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (final List<ReportLine> lines : linesByHost(new String(Files.readAllBytes(f),
                        StandardCharsets.UTF_8).split("\n", -1))) {
                    splits += assertSplitsAgree(f.toString(), lines);
                    reports++;
                }
            }
        }
        assertTrue(reports > 100, "too few reports to prove the shortcut: " + reports);
        assertTrue(splits > 2_000, "too few split points: " + splits);
    }

    @Test
    void shouldAssembleTheSameEventFromTheLinesAddedSinceOverAGeneratedFleetLog() {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(20_000).withHosts(12)
                .withSeed(16).withOomRate(3));
        final List<String> records = new ArrayList<>();
        while (g.hasNext()) {
            records.add(g.next().value());
        }
        int reports = 0;
        for (final List<ReportLine> lines : linesByHost(records.toArray(new String[0]))) {
            assertSplitsAgree("generated", lines);
            reports++;
        }
        assertTrue(reports >= 10, "too few hosts with kernel lines: " + reports);
    }

    @Test
    void shouldKeepTheLatestReadersOnlySoThatAStormOfOpenReportsHoldsNoMoreHeapThanTheirLines() {
        final Map<String, ReadSoFar> table = ReadSoFar.newTable();
        final ReadSoFar one = ReadSoFar.keep(List.of(), new ReportReader());
        for (int host = 0; host <= ReadSoFar.MAX_KEPT; host++) {
            table.put("host-" + host, one);
        }
        assertEquals(ReadSoFar.MAX_KEPT, table.size());
        assertTrue(!table.containsKey("host-0") && table.containsKey("host-" + ReadSoFar.MAX_KEPT),
                "the oldest host's reader goes first");
    }

    /** Read whole against read in two parts at every split point (a sample of them for long reports). */
    private static int assertSplitsAgree(final String source, final List<ReportLine> lines) {
        final String whole = assembled(EventAssembler.read(new ReportReader(), lines), lines.size());
        final TreeSet<Integer> points = new TreeSet<>();
        final int step = Math.max(1, lines.size() / 24);
        for (int k = 0; k <= lines.size(); k += step) {
            points.add(k);
        }
        points.add(lines.size());
        points.add(Math.max(0, lines.size() - 1));
        for (final int k : points) {
            final List<ReportLine> before = List.copyOf(lines.subList(0, k));
            final ReadSoFar kept = ReadSoFar.keep(before, EventAssembler.read(new ReportReader(), before));
            assertEquals(whole, assembled(ReadSoFar.readerFor(kept, lines), lines.size()),
                    source + ": read up to line " + k + ", then the rest");
            // The kept part as a store that deserialises hands it out: equal lines, not the same objects.
            final ReadSoFar keptCopies = ReadSoFar.keep(copies(before), EventAssembler.read(new ReportReader(), before));
            assertEquals(whole, assembled(ReadSoFar.readerFor(keptCopies, lines), lines.size()),
                    source + ": kept lines equal but not the same objects, split at " + k);
            if (k > 0) {
                // A kept part that no longer matches the report (a line changed since): the report is read whole.
                final List<ReportLine> changed = new ArrayList<>(before);
                final ReportLine last = changed.get(k - 1);
                changed.set(k - 1, new ReportLine(last.program(), last.message() + " changed", last.epochMillis(),
                        last.uptimeMicros()));
                final ReadSoFar stale = ReadSoFar.keep(changed, EventAssembler.read(new ReportReader(), changed));
                assertEquals(whole, assembled(ReadSoFar.readerFor(stale, lines), lines.size()),
                        source + ": kept part with line " + (k - 1) + " changed");
            }
        }
        // Kept lines beyond what the report holds now (a group kill's lines truncated, lines dropped): read whole.
        final List<ReportLine> longer = new ArrayList<>(lines);
        longer.add(lines.get(lines.size() - 1));
        final ReadSoFar tooLong = ReadSoFar.keep(longer, EventAssembler.read(new ReportReader(), longer));
        assertEquals(whole, assembled(ReadSoFar.readerFor(tooLong, lines), lines.size()),
                source + ": kept part longer than the report");
        return points.size();
    }

    private static String assembled(final ReportReader reader, final int lineCount) {
        final HostState s = new HostState();
        s.host = "host-1";
        s.eventId = "event-1";
        s.hasHeader = true;
        s.firstMillis = 1_700_000_000_000L;
        s.lastMillis = 1_700_000_005_000L;
        return Json.write(ASSEMBLER.assemble(s, reader, lineCount, null));
    }

    private static List<ReportLine> copies(final List<ReportLine> lines) {
        final List<ReportLine> out = new ArrayList<>();
        for (final ReportLine l : lines) {
            out.add(new ReportLine(l.program() == null ? null : new String(l.program()),
                    l.message() == null ? null : new String(l.message()), l.epochMillis(), l.uptimeMicros()));
        }
        return out;
    }

    /** Each host's decoded lines, in order, cut to {@link #MAX_LINES}; hosts without a kernel line left out. */
    private static List<List<ReportLine>> linesByHost(final String[] records) {
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        final Map<String, List<ReportLine>> byHost = new LinkedHashMap<>();
        final Map<String, Boolean> hasKernel = new LinkedHashMap<>();
        for (final String record : records) {
            final Decoded d = decoder.decode(record);
            for (final LogLine line : d.lines()) {
                if (!KernelGrammar.mayMatter(line)) {
                    continue; // the stitcher keeps no line of a program that writes no report
                }
                final String host = String.valueOf(line.host());
                final List<ReportLine> lines = byHost.computeIfAbsent(host, h -> new ArrayList<>());
                if (lines.size() < MAX_LINES) {
                    final ReportLine rl = ReportLine.of(line);
                    lines.add(rl);
                    hasKernel.merge(host, rl.fromKernel(), Boolean::logicalOr);
                }
            }
        }
        final List<List<ReportLine>> out = new ArrayList<>();
        byHost.forEach((host, lines) -> {
            if (hasKernel.get(host)) {
                out.add(lines);
            }
        });
        return out;
    }
}
