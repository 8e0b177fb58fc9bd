package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link RuleStarts} leaves out a rule only where the rule's own regex fails on the line's first two chars: every
 * rule that matches a fixture line is left in that line's gate, and kernel chatter that holds other rules' needles
 * but starts like none of them leaves no rule to try.
 */
class RuleStartsTest {

    private static final RuleStarts STARTS = new RuleStarts(KernelGrammar.rules());

    /** The message of every line of every .log fixture, as the decoder reads it, stripped; blank ones left out. */
    private static List<String> fixtureMessages() throws IOException {
        final List<String> texts = new ArrayList<>();
        final SyslogDecoder decoder = new SyslogDecoder();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (final Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                for (final String record : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n")) {
                    for (final LogLine line : decoder.decode(record).lines()) {
                        final String text = line.message().strip();
                        if (!text.isEmpty()) {
                            texts.add(text);
                        }
                    }
                }
            }
        }
        return texts;
    }

    private static boolean in(final RuleStarts.Gate gate, final int rule) {
        return has(gate.rules(), rule);
    }

    private static boolean has(final long[] rules, final int rule) {
        return (rules[rule / 64] & (1L << (rule % 64))) != 0;
    }

    @Test
    void shouldLeaveInEveryRuleThatMatchesAFixtureLine() throws IOException {
        final List<LineRule> rules = KernelGrammar.rules();
        int matched = 0;
        for (final String text : fixtureMessages()) {
            final RuleStarts.Gate gate = STARTS.of(text);
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).pattern().matcher(text).lookingAt()) {
                    assertTrue(in(gate, i), rules.get(i).id() + " left out for: " + text);
                    matched++;
                }
            }
        }
        assertTrue(matched > 1_000, matched + " rule matches");
    }

    @Test
    void shouldLeaveNoRuleWhoseNeedleAChatterLineHoldsWhenItStartsLikeNone() throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("src/test/resources/kernel-lines/chatter-that-starts-like-no-rule.txt"))
                .stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        final List<LineRule> rules = KernelGrammar.rules();
        for (final String text : lines) {
            final RuleStarts.Gate gate = STARTS.of(text);
            int held = 0;
            for (int i = 0; i < rules.size(); i++) {
                final boolean holdsNeedle = rules.get(i).needles().stream().anyMatch(text::contains);
                held += holdsNeedle ? 1 : 0;
                assertFalse(in(gate, i) && (holdsNeedle || rules.get(i).needles().isEmpty()),
                        rules.get(i).id() + " would be tried on: " + text);
            }
            assertTrue(held > 0, "holds no rule's needle, shows nothing: " + text);
            assertEquals(LineKind.OTHER, KernelGrammar.classify(text, true).kind(), text);
        }
        assertEquals(3, lines.size());
    }

    @Test
    void shouldFindTheRulesOfTheNeedlesFoundAsEachRuleAskedForItsOwnOverEveryFixtureLine() throws IOException {
        // Gate.rulesFound picks the rules to try from the needles a line holds; the rule by rule question it replaced
        // (no needles, or one of its own in the line) must give the same rules, line by line, over every fixture.
        final List<LineRule> rules = KernelGrammar.rules();
        int left = 0;
        int cut = 0;
        for (final String text : fixtureMessages()) {
            final RuleStarts.Gate gate = STARTS.of(text);
            final long[] found = gate.anyWithNeedles() ? gate.rulesFound(gate.needles().scan(text)) : gate.rules();
            for (int i = 0; i < rules.size(); i++) {
                final List<String> needles = rules.get(i).needles();
                final boolean want = in(gate, i) && (needles.isEmpty() || needles.stream().anyMatch(text::contains));
                assertEquals(want, has(found, i), rules.get(i).id() + " for: " + text);
                left += want ? 1 : 0;
                cut += in(gate, i) && !want ? 1 : 0;
            }
        }
        assertTrue(left > 1_000 && cut > 10_000, left + " rules left to try, " + cut + " left out by their needles");
    }

    @Test
    void shouldLetEveryRuleTryALineThatStartsOutsideAscii() {
        final RuleStarts.Gate gate = STARTS.of("\u00e9t\u00e9 invoked oom-killer: gfp_mask=0x0");
        for (int i = 0; i < KernelGrammar.rules().size(); i++) {
            assertTrue(in(gate, i), KernelGrammar.rules().get(i).id());
        }
        assertTrue(gate.anyWithNeedles());
    }
}
