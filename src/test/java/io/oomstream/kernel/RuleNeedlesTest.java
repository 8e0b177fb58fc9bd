package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules whose regex requires no single literal name alternatives ({@link LineRule#anyOf}): the one needle pass must
 * still let each of them try every line it matches. One printk line per alternative, classified with the needle
 * pre-selection and against every rule's regex in order.
 */
class RuleNeedlesTest {

    private static final Path LINES = Path.of("src/test/resources/kernel-lines/rules-without-a-single-literal.txt");

    @Test
    void shouldClassifyALineOfEveryAlternativeAsTryingEveryRuleWould() throws IOException {
        final List<String> rows = Files.readAllLines(LINES).stream().filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList();
        for (final String row : rows) {
            final String[] kindAndLine = row.split("\t", 2);
            final Classified c = KernelGrammar.classify(kindAndLine[1], true);

            assertEquals(LineKind.valueOf(kindAndLine[0]), c.kind(), kindAndLine[1]);
            assertEquals(firstMatchingRule(kindAndLine[1]), c.rule().id(), kindAndLine[1]);
        }
        assertTrue(rows.size() >= 40, rows.size() + " lines");
    }

    @Test
    void shouldGiveEveryRuleWithoutANeedleOfItsOwnAlternativesExceptTheRawStackDumpRow() {
        final List<String> alwaysTried = KernelGrammar.rules().stream().filter(r -> r.needles().isEmpty())
                .map(LineRule::id).toList();

        assertEquals(List.of("shared.stack.hexdump"), alwaysTried);
        KernelGrammar.rules().forEach(r -> assertFalse(r.needles().contains(""), r.id()));
    }

    /** Every rule's regex, in order, without any needle: the reference. */
    private static String firstMatchingRule(final String message) {
        final String text = message.strip();
        for (final LineRule rule : KernelGrammar.rules()) {
            if (rule.pattern().matcher(text).lookingAt()) {
                return rule.id();
            }
        }
        return null;
    }
}
