package io.oomstream.metamorphic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.Repair;
import io.oomstream.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How often each paste repair fires on the project's own corpora, read as {@code analyze} reads them: the golden
 * kernel logs, the seeds, the syslog layout fixtures, the look-alikes, and every metamorphic transformation of every
 * golden fixture. Prints the table that docs/repairs.md shows (and writes it to target/repair-counts.md), so the
 * note can be refreshed with {@code mvn -q -Dtest=RepairCountsOnCorporaTest test}.
 */
class RepairCountsOnCorporaTest {

    /**
     * What each transformation does to a text, and the repair that must undo it there. CRLF is not among them:
     * analyze's line reader takes CRLF as one line end, so nothing is left to repair; the stream, where a record
     * carries several lines, counts {@code cr_stripped} (MetamorphicTopologyTest.shouldCountEveryRepairInTheMetrics).
     */
    private static final Map<String, Repair> SIGNATURE = Map.ofEntries(
            Map.entry("no prefix", Repair.BARE_LINE),
            Map.entry("grep -C1 with -- separators", Repair.GREP_SEPARATOR_SKIPPED),
            Map.entry("wrap at 72 (mid-word)", Repair.LINE_UNWRAPPED),
            Map.entry("wrap at 80 (at blanks)", Repair.LINE_UNWRAPPED),
            Map.entry("> quoting", Repair.QUOTE_STRIPPED),
            Map.entry(">> quoting", Repair.QUOTE_STRIPPED),
            Map.entry("format=flowed", Repair.LINE_UNWRAPPED),
            Map.entry("NBSP and tabs", Repair.SPACES_NORMALISED),
            Map.entry("stamp alone on its line", Repair.LONE_STAMP_JOINED),
            Map.entry("indented 4 spaces", Repair.INDENT_STRIPPED),
            Map.entry("zgrep file name prefix", Repair.TOOL_PREFIX_SKIPPED),
            Map.entry("CSV export, raw line quoted", Repair.TOOL_PREFIX_SKIPPED),
            Map.entry("cat -n", Repair.LINE_NUMBER_STRIPPED),
            Map.entry("vim :set number copy", Repair.LINE_NUMBER_STRIPPED),
            Map.entry("terminal colours (grep --color, journalctl)", Repair.ANSI_ESCAPES_STRIPPED),
            Map.entry("HTML entities", Repair.HTML_ENTITIES_DECODED));

    @Test
    void shouldCountEveryRepairOnTheProjectsCorpora() throws IOException {
        final Map<String, Map<Repair, Long>> columns = new LinkedHashMap<>();
        for (final String corpus : List.of("kernel-logs", "seeds", "syslog", "lookalikes")) {
            final Map<Repair, Long> counts = zeros();
            for (final Path file : files(corpus)) {
                // As analyze reads a file: undecodable bytes become U+FFFD (garbage.bin is one of the fixtures).
                add(counts, repairs(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
            }
            columns.put(corpus, counts);
        }
        final Map<Repair, Long> metamorphic = zeros();
        final Map<String, Map<Repair, Long>> perTransformation = new LinkedHashMap<>();
        for (final Path expected : FixtureText.expectedFiles()) {
            final FixtureText f = FixtureText.load(FixtureText.logFor(expected));
            for (final Transformation t : Transformation.all()) {
                if (t.notFor().apply(f) != null) {
                    continue;
                }
                final Map<Repair, Long> r = repairs(t.apply().apply(f));
                add(metamorphic, r);
                add(perTransformation.computeIfAbsent(t.name(), k -> zeros()), r);
            }
        }
        columns.put("metamorphic transforms", metamorphic);

        final String table = table(columns);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "repair-counts.md"), table);

        // Each transformation's own damage is undone by its own repair, on every fixture it applies to.
        for (final Map.Entry<String, Repair> e : SIGNATURE.entrySet()) {
            final Map<Repair, Long> r = perTransformation.get(e.getKey());
            assertTrue(r != null && r.get(e.getValue()) > 0, e.getKey() + " should fire " + e.getValue().label());
        }
        final Map<Repair, Long> dmesgT = perTransformation.get("dmesg -T fr-FR");
        assertTrue(dmesgT != null && dmesgT.get(Repair.LOCALISED_STAMP) > 0, "French dmesg -T names resolved");
    }

    private static List<Path> files(final String corpus) throws IOException {
        try (Stream<Path> walk = Files.walk(Fixtures.RESOURCES.resolve(corpus))) {
            final List<Path> all = new ArrayList<>();
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".expected.json") && !p.getFileName().toString().equals("README.md"))
                    .sorted().forEach(all::add);
            return all;
        }
    }

    /** The repairs {@code analyze} counts on one input (its stderr summary). */
    private static Map<Repair, Long> repairs(final String text) {
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), Fixtures.OPTIONS, e -> { });
        try {
            analysis.read(new BufferedReader(new StringReader(text)), ProgressListener.NONE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        analysis.finish();
        return analysis.summary().repairCounts();
    }

    private static Map<Repair, Long> zeros() {
        final Map<Repair, Long> m = new EnumMap<>(Repair.class);
        for (final Repair r : Repair.values()) {
            m.put(r, 0L);
        }
        return m;
    }

    private static void add(final Map<Repair, Long> into, final Map<Repair, Long> more) {
        more.forEach((k, v) -> into.merge(k, v, Long::sum));
    }

    private static String table(final Map<String, Map<Repair, Long>> columns) {
        final StringBuilder sb = new StringBuilder("| repair |");
        columns.keySet().forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append(" total |\n|---|");
        columns.keySet().forEach(c -> sb.append("---:|"));
        sb.append("---:|\n");
        for (final Repair r : Repair.values()) {
            sb.append("| `").append(r.label()).append("` |");
            long total = 0;
            for (final Map<Repair, Long> c : columns.values()) {
                sb.append(' ').append(String.format("%,d", c.get(r))).append(" |");
                total += c.get(r);
            }
            sb.append(' ').append(String.format("%,d", total)).append(" |\n");
        }
        return sb.toString();
    }
}
