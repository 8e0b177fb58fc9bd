package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oomstream.kernel.rules.UserspaceRules;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NeedleScanTest {

    private static void assertAgreesWithContains(final NeedleScan scan, final List<String> needles, final String text) {
        final long[] found = scan.scan(text);
        for (int i = 0; i < needles.size(); i++) {
            assertEquals(text.contains(needles.get(i)), NeedleScan.contains(found, i),
                    "'" + needles.get(i) + "' in '" + text + "'");
        }
    }

    @Test
    void shouldFindOverlappingAndNestedNeedlesAsContainsDoes() {
        final List<String> needles = List.of("pages ", "pages RAM", "PID: ", " UID: ", ":", ": ", "]", "[]:", "aab", "ab");
        final NeedleScan scan = new NeedleScan(needles);
        for (final String text : List.of("", "12345 pages RAM", "CPU: 1 UID: 0 PID: 4 Comm: x", "lowmem_reserve[]: 0 1",
                "aaab", "xab", "pagespages RAM", "no needle here", "caf\u00e9 pages \u00e9")) {
            assertAgreesWithContains(scan, needles, text);
        }
    }

    @Test
    void shouldAgreeWithContainsOnRandomTextOverASmallAlphabet() {
        final List<String> needles = List.of("ab", "ba", "aba", "bab", "abab", "b", "ca", "acb");
        final NeedleScan scan = new NeedleScan(needles);
        final Random random = new Random(7);
        for (int k = 0; k < 5_000; k++) {
            final StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                sb.append("abc\u00e9".charAt(random.nextInt(4)));
            }
            assertAgreesWithContains(scan, needles, sb.toString());
        }
    }

    @Test
    void shouldAgreeWithContainsOnLongRandomTextReadInTwoHalves() {
        // Lines longer than twice the longest needle are read in two halves that overlap: needles across the middle,
        // at either end and in the overlap must all be found, with more than 64 needles too (several words of bits).
        final List<String> needles = new ArrayList<>(List.of("ab", "ba", "aba", "babb", "abcab", "b", "cca", "acb"));
        for (int i = 0; i < 60; i++) {
            needles.add("c" + Integer.toBinaryString(i + 8).replace('0', 'a').replace('1', 'b'));
        }
        final NeedleScan scan = new NeedleScan(needles);
        final Random random = new Random(11);
        for (int k = 0; k < 5_000; k++) {
            final StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(160); i > 0; i--) {
                sb.append("abcc\u00e9".charAt(random.nextInt(5)));
            }
            assertAgreesWithContains(scan, needles, sb.toString());
        }
    }

    @Test
    void shouldAgreeWithContainsOnLongRandomTextReadInTwoHalvesWithFewNeedles() {
        // Fewer than 64 needles (one word of bits, most gates of the grammar) and lines long enough for two halves.
        final List<String> needles = List.of("ab", "ba", "aba", "babb", "abcab", "b", "cca", "acb");
        final NeedleScan scan = new NeedleScan(needles);
        final Random random = new Random(13);
        for (int k = 0; k < 5_000; k++) {
            final StringBuilder sb = new StringBuilder();
            for (int i = 20 + random.nextInt(200); i > 0; i--) {
                sb.append("abcc\u00e9".charAt(random.nextInt(5)));
            }
            assertAgreesWithContains(scan, needles, sb.toString());
        }
    }

    @Test
    void shouldAgreeWithContainsOnShortRandomTextWithTwoAndThreeWordsOfNeedles() {
        // Lines too short for two halves with 65 to 192 needles (the gates of kernel lines that start with a letter):
        // one walk that holds the found needles of each word in registers; needles end in every word of bits.
        for (final int count : new int[] {65, 128, 129, 150, 192}) {
            final List<String> needles = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                needles.add("c" + Integer.toBinaryString(i + 2).replace('0', 'a').replace('1', 'b'));
            }
            final NeedleScan scan = new NeedleScan(needles);
            final Random random = new Random(count);
            for (int k = 0; k < 3_000; k++) {
                // Whole needles (cut short at the end) between random chars, so that every word of bits gets hits.
                final StringBuilder sb = new StringBuilder();
                while (sb.length() < 12 + random.nextInt(12)) {
                    if (random.nextInt(3) == 0) {
                        sb.append(needles.get(random.nextInt(count)));
                    } else {
                        sb.append("abcc\u00e9".charAt(random.nextInt(5)));
                    }
                }
                sb.setLength(Math.min(sb.length(), 2 * 8 + 15));
                assertAgreesWithContains(scan, needles, sb.toString());
            }
        }
    }

    @Test
    void shouldHandleMoreThanSixtyFourNeedles() {
        final List<String> needles = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            needles.add("n" + i + ";");
        }
        final NeedleScan scan = new NeedleScan(needles);
        assertAgreesWithContains(scan, needles, "x n7; n64; n129; n12");
        // Long enough to be read in two halves, with needles in each word of bits and across the middle.
        assertAgreesWithContains(scan, needles, "x n7; n64; n1; and so on, a line long enough to be read in two halves n12"
                + "9; n100; n63;");
        final List<String> more = new ArrayList<>(needles);
        for (int i = 130; i < 200; i++) {
            more.add("n" + i + ";");
        }
        assertAgreesWithContains(new NeedleScan(more), more, "x n7; n64; n1; and so on, a line long enough for two halves"
                + " n129; n199; n150");
    }

    @Test
    void shouldRefuseEmptyOrNonAsciiNeedles() {
        assertThrows(IllegalArgumentException.class, () -> new NeedleScan(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new NeedleScan(List.of("caf\u00e9")));
    }

    /** The grammar as it was: one {@code contains} per rule, first rule whose regex matches at the start. */
    private static String naive(final String message, final boolean fromKernel) {
        if (message == null || message.isBlank()) {
            return null;
        }
        final String text = message.strip();
        for (final LineRule rule : fromKernel ? KernelGrammar.rules() : UserspaceRules.RULES) {
            if ((rule.needle().isEmpty() || text.contains(rule.needle())) && rule.pattern().matcher(text).lookingAt()) {
                return rule.id();
            }
        }
        return "other";
    }

    @Test
    void shouldClassifyEveryFixtureAndGeneratedLineAsTheOneContainsPerRuleGrammarDid() throws IOException {
        final List<String> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (final Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                records.addAll(List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n")));
            }
        }
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(20_000).withHosts(20)
                .withOomRate(20).withSeed(5));
        while (g.hasNext()) {
            records.add(g.next().value());
        }
        final SyslogDecoder decoder = new SyslogDecoder();
        int reportLines = 0;
        for (final String record : records) {
            final Decoded d = decoder.decode(record);
            for (final LogLine line : d.lines()) {
                final Classified c = KernelGrammar.classify(line);
                final String expected = naive(line.message(), line.fromKernel());
                if (expected == null) {
                    assertSame(line.fromKernel() ? LineKind.BLANK : LineKind.OTHER, c.kind(), record);
                } else {
                    assertEquals(expected, c.rule() == null ? "other" : c.rule().id(), record);
                    reportLines += c.rule() == null ? 0 : 1;
                }
            }
        }
        assertEquals(true, reportLines > 1_000, reportLines + " lines matched a rule");
    }
}
