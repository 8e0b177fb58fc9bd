package io.oomstream.kernel;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** One gate per set of rules (many starts leave the same rules): each builds its needle automaton once. */
    private final Map<BitSet, Gate> bySet = new ConcurrentHashMap<>();

    /**
     * The rules that may match lines with one start, as bits (rule i at word i / 64), and whether any of them has
     * needles (else the needle scan can be skipped); the needles of those rules alone, found in one pass by
     * {@code needles}, and per rule (by its index among all rules) the indexes of its needles there (null for a rule
     * without needles or not in this gate). A line of chatter is scanned for the twenty-odd needles of the rules that
     * may match it, not for all of them: the digit needles of the Mem-Info and register dump lines (":5", " 1", "R0")
     * were found at nearly every number of a firewall or audit line.
     */
    record Gate(long[] rules, boolean anyWithNeedles, NeedleScan needles, int[][] ruleNeedles,
                long[] rulesWithoutNeedles, long[][] rulesByNeedle) {

        /**
         * The rules of this gate whose regex a line holding the needles {@code found} ({@link NeedleScan#scan}) may
         * match, as bits: those without needles, and those with one of theirs found. The same rules as asking each
         * rule for its needles, from the few needles a line holds instead of the twenty-odd rules of the gate.
         */
        long[] rulesFound(final long[] found) {
            final long[] live = rulesWithoutNeedles.clone();
            for (int w = 0; w < found.length; w++) {
                for (long bits = found[w]; bits != 0; bits &= bits - 1) {
                    final long[] rulesOfNeedle = rulesByNeedle[w * 64 + Long.numberOfTrailingZeros(bits)];
                    for (int k = 0; k < live.length; k++) {
                        live[k] |= rulesOfNeedle[k];
                    }
                }
            }
            return live;
        }
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
        return bySet.computeIfAbsent(BitSet.valueOf(bits), set -> gate(bits));
    }

    private Gate gate(final long[] bits) {
        final List<String> needles = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();
        final int[][] ruleNeedles = new int[rules.size()][];
        for (int i = 0; i < rules.size(); i++) {
            final List<String> own = rules.get(i).needles();
            if ((bits[i / 64] & (1L << (i % 64))) == 0 || own.isEmpty()) {
                continue;
            }
            ruleNeedles[i] = new int[own.size()];
            for (int k = 0; k < own.size(); k++) {
                ruleNeedles[i][k] = index.computeIfAbsent(own.get(k), n -> {
                    needles.add(n);
                    return needles.size() - 1;
                });
            }
        }
        final long[] withoutNeedles = new long[words];
        final long[][] byNeedle = new long[needles.size()][words];
        for (int i = 0; i < rules.size(); i++) {
            if ((bits[i / 64] & (1L << (i % 64))) == 0) {
                continue;
            }
            if (ruleNeedles[i] == null) {
                withoutNeedles[i / 64] |= 1L << (i % 64);
            } else {
                for (final int n : ruleNeedles[i]) {
                    byNeedle[n][i / 64] |= 1L << (i % 64);
                }
            }
        }
        return new Gate(bits, !needles.isEmpty(), needles.isEmpty() ? null : new NeedleScan(needles), ruleNeedles,
                withoutNeedles, byNeedle);
    }
}
