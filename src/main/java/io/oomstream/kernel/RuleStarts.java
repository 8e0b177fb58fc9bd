package io.oomstream.kernel;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;

/**
 * Which rules may match a line, by the line's first two chars: every rule is anchored at the start of the line, so
 * one whose regex already fails on those two chars cannot match the whole line, however many of its needles the
 * line holds ({@code [UFW BLOCK] IN=eth0 ...} holds the task row's {@code ]} and the Mem-Info counters' {@code :5},
 * but starts like neither). Most kernel lines of a fleet log are such chatter; without this each of them built a
 * {@link Matcher} or two per line just to fail on its first chars.
 *
 * <p>Exact, not a heuristic: a rule is left out only when its own regex, run on the two chars, fails without
 * reaching their end ({@link Matcher#hitEnd()} false: more input could not have changed the outcome). The answer
 * per pair of chars is worked out the first time a line starts with them and kept; a char outside ASCII lets every
 * rule try. Thread-safe.
 */
final class RuleStarts {

    private static final int ASCII = 128;
    /** The second-char column of a line one char long. */
    private static final int END = ASCII;

    private final List<LineRule> rules;
    private final int words;
    /** Every rule, for lines that start outside ASCII. */
    private final Gate all;
    /** By {@code first * (ASCII + 1) + second}; null until a line first starts with those chars. */
    private final AtomicReferenceArray<Gate> byStart = new AtomicReferenceArray<>(ASCII * (ASCII + 1));

    /**
     * The rules that may match lines with one start, as bits (rule i at word i / 64), and whether any of them has
     * needles (else the needle scan can be skipped).
     */
    record Gate(long[] rules, boolean anyWithNeedles) {
    }

    RuleStarts(final List<LineRule> rules) {
        this.rules = List.copyOf(rules);
        this.words = Math.max(1, (rules.size() + 63) / 64);
        final long[] every = new long[words];
        for (int i = 0; i < rules.size(); i++) {
            every[i / 64] |= 1L << (i % 64);
        }
        this.all = gate(every);
    }

    /** The rules that may match {@code text} (stripped, not empty), by its first two chars. */
    Gate of(final String text) {
        final char first = text.charAt(0);
        final char second = text.length() > 1 ? text.charAt(1) : END;
        if (first >= ASCII || second > END) {
            return all;
        }
        final int key = first * (ASCII + 1) + second;
        final Gate known = byStart.get(key);
        if (known != null) {
            return known;
        }
        final Gate computed = compute(second == END ? String.valueOf(first) : new String(new char[] {first, second}));
        byStart.set(key, computed);
        return computed;
    }

    private Gate compute(final String start) {
        final long[] bits = new long[words];
        for (int i = 0; i < rules.size(); i++) {
            final Matcher m = rules.get(i).pattern().matcher(start);
            if (m.lookingAt() || m.hitEnd()) {
                bits[i / 64] |= 1L << (i % 64);
            }
        }
        return gate(bits);
    }

    private Gate gate(final long[] bits) {
        boolean needles = false;
        for (int i = 0; i < rules.size(); i++) {
            if ((bits[i / 64] & (1L << (i % 64))) != 0 && !rules.get(i).needles().isEmpty()) {
                needles = true;
            }
        }
        return new Gate(bits, needles);
    }
}
