package io.oomstream.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Finds which of a fixed set of literal needles a text contains, in one pass over the text (an Aho-Corasick
 * automaton compiled to a table): the grammar asks that of every kernel line for some fifty rule needles, and one
 * {@code contains} per rule was most of the cost of classifying the kernel's ordinary messages.
 *
 * <p>Needles are ASCII; a char outside them cannot be part of a match and resets the automaton. Immutable and
 * thread-safe once built.
 */
final class NeedleScan {

    private static final int ASCII = 128;

    private final List<String> needles;
    /** Char (ASCII) to column; 0 for chars that occur in no needle. */
    private final int[] column = new int[ASCII];
    private final int columns;
    /**
     * Next state for (state * columns + column), stored as that state's row ({@code state * columns}, so the scan
     * adds the column and does not multiply per char: the multiply was on the chain from one char to the next);
     * stored as {@code ~state} (negative) when that state ends a needle, so the scan looks the found needles up
     * only there (and multiplies only there), not on every char.
     */
    private final int[] next;
    /** Needles (as bits, needle index i at word i / 64) that end in each state, suffixes included. */
    private final long[][] found;
    private final int words;
    /** The longest needle's length. */
    private final int longest;
    /** A line is read in two halves only when each is at least this much longer than what they share. */
    private static final int MIN_HALF = 16;
    /** {@code found[state][0]} by state, when there is one word. */
    private final long[] single;
    /** {@code found[state][k]} by state for the first three words (0 past the last), for the two-halves scan. */
    private final long[] word0;
    private final long[] word1;
    private final long[] word2;

    /** @param needles distinct, non-empty, ASCII */
    NeedleScan(final List<String> needles) {
        this.needles = List.copyOf(needles);
        this.words = Math.max(1, (needles.size() + 63) / 64);
        this.longest = needles.stream().mapToInt(String::length).max().orElse(0);
        int cols = 1;
        for (final String n : needles) {
            if (n.isEmpty() || !n.chars().allMatch(c -> c < ASCII)) {
                throw new IllegalArgumentException("needle must be non-empty ASCII: '" + n + "'");
            }
            for (final char c : n.toCharArray()) {
                if (column[c] == 0) {
                    column[c] = cols++;
                }
            }
        }
        this.columns = cols;
        // The trie: goto edges per state, then failure links breadth first, folded into a complete table.
        final List<int[]> edges = new ArrayList<>();
        final List<long[]> out = new ArrayList<>();
        edges.add(newRow(cols));
        out.add(new long[words]);
        for (int i = 0; i < needles.size(); i++) {
            int state = 0;
            for (final char c : needles.get(i).toCharArray()) {
                final int col = column[c];
                if (edges.get(state)[col] < 0) {
                    edges.get(state)[col] = edges.size();
                    edges.add(newRow(cols));
                    out.add(new long[words]);
                }
                state = edges.get(state)[col];
            }
            out.get(state)[i / 64] |= 1L << (i % 64);
        }
        final int states = edges.size();
        final int[] fail = new int[states];
        final int[] table = new int[states * cols];
        final Queue<Integer> queue = new ArrayDeque<>();
        for (int col = 0; col < cols; col++) {
            final int child = edges.get(0)[col];
            table[col] = child < 0 ? 0 : child;
            if (child > 0) {
                fail[child] = 0;
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            final int state = queue.remove();
            final long[] inherited = out.get(fail[state]);
            for (int w = 0; w < words; w++) {
                out.get(state)[w] |= inherited[w];
            }
            for (int col = 0; col < cols; col++) {
                final int child = edges.get(state)[col];
                if (child < 0) {
                    table[state * cols + col] = table[fail[state] * cols + col];
                } else {
                    fail[child] = table[fail[state] * cols + col];
                    table[state * cols + col] = child;
                    queue.add(child);
                }
            }
        }
        for (int i = 0; i < table.length; i++) {
            table[i] = isEmpty(out.get(table[i])) ? table[i] * cols : ~table[i];
        }
        this.next = table;
        this.found = out.toArray(new long[0][]);
        this.single = new long[states];
        this.word0 = single;
        this.word1 = new long[states];
        this.word2 = new long[states];
        for (int st = 0; st < states; st++) {
            single[st] = found[st][0];
            word1[st] = words > 1 ? found[st][1] : 0;
            word2[st] = words > 2 ? found[st][2] : 0;
        }
    }

    private static boolean isEmpty(final long[] bits) {
        for (final long w : bits) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] newRow(final int cols) {
        final int[] row = new int[cols];
        Arrays.fill(row, -1);
        return row;
    }

    /** Index of each needle, in the order given. */
    Map<String, Integer> indexes() {
        final Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < needles.size(); i++) {
            m.put(needles.get(i), i);
        }
        return m;
    }

    /** The needles {@code text} contains, as a bit set ({@link #contains(long[], int)}). */
    long[] scan(final String text) {
        final int n = text.length();
        final boolean halves = n >= 2 * longest + MIN_HALF && words <= 3;
        if (words == 1 && !halves) {
            // A short line and fewer than 64 needles: one long, no inner loop.
            long hits = 0;
            int row = 0;
            for (int i = 0; i < n; i++) {
                final char c = text.charAt(i);
                row = next[row + (c < ASCII ? column[c] : 0)];
                if (row < 0) {
                    hits |= single[~row];
                    row = ~row * columns;
                }
            }
            return new long[] {hits};
        }
        final long[] hits = new long[words];
        if (!halves) {
            if (words <= 3) {
                oneWalk(text, n, hits);
            } else {
                scan(text, 0, n, hits);
            }
            return hits;
        }
        // Two halves at once: each char's step waits for the step before it (a table load), so one walk through a
        // long line is bound by that chain; two independent walks overlap. The second starts longest - 1 chars
        // before the first one stops, so a needle ending in the second half lies wholly inside what it reads; it
        // starts from the empty state, so whatever it finds is there (a needle ending in the first half is the first
        // walk's). What both find is the needles the whole line contains.
        final int mid = (n + longest - 1) / 2;
        final int second = mid - (longest - 1);
        // The grammar's needles take one to three words of bits: they are or-ed in held in registers (a line of firewall
        // chatter ends a digit needle at every ":5" or " 1", so this runs often), not through the array.
        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        int a = 0;
        int b = 0;
        int i = 0;
        int j = second;
        for (; i < mid; i++, j++) {
            final char x = text.charAt(i);
            final char y = text.charAt(j);
            a = next[a + (x < ASCII ? column[x] : 0)];
            b = next[b + (y < ASCII ? column[y] : 0)];
            if (a < 0) {
                h0 |= word0[~a];
                h1 |= word1[~a];
                h2 |= word2[~a];
                a = ~a * columns;
            }
            if (b < 0) {
                h0 |= word0[~b];
                h1 |= word1[~b];
                h2 |= word2[~b];
                b = ~b * columns;
            }
        }
        for (; j < n; j++) {
            final char y = text.charAt(j);
            b = next[b + (y < ASCII ? column[y] : 0)];
            if (b < 0) {
                h0 |= word0[~b];
                h1 |= word1[~b];
                h2 |= word2[~b];
                b = ~b * columns;
            }
        }
        hits[0] = h0;
        if (words > 1) {
            hits[1] = h1;
        }
        if (words > 2) {
            hits[2] = h2;
        }
        return hits;
    }

    /**
     * One walk over a line too short for two halves, with 64 to 192 needles (the gates of lines that start with a
     * letter: their rules bring the digit needles of the Mem-Info lines, found at most numbers): the found needles are
     * or-ed in held in registers, as in the two halves' walk, not through {@link #or} into the array at every hit.
     */
    private void oneWalk(final String text, final int n, final long[] hits) {
        long h0 = 0;
        long h1 = 0;
        long h2 = 0;
        int row = 0;
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            row = next[row + (c < ASCII ? column[c] : 0)];
            if (row < 0) {
                h0 |= word0[~row];
                h1 |= word1[~row];
                h2 |= word2[~row];
                row = ~row * columns;
            }
        }
        hits[0] = h0;
        if (words > 1) {
            hits[1] = h1;
        }
        if (words > 2) {
            hits[2] = h2;
        }
    }

    /** Or-s into {@code hits} the needles found in {@code text[from, to)}, walking from the empty state. */
    private void scan(final String text, final int from, final int to, final long[] hits) {
        int row = 0;
        for (int i = from; i < to; i++) {
            final char c = text.charAt(i);
            row = next[row + (c < ASCII ? column[c] : 0)];
            if (row < 0) {
                // Most chars end no needle: only here are the found needles or-ed in.
                or(hits, found[~row]);
                row = ~row * columns;
            }
        }
    }

    private static void or(final long[] hits, final long[] found) {
        for (int w = 0; w < hits.length; w++) {
            hits[w] |= found[w];
        }
    }

    /** The length of what {@link #scan} returns. */
    int words() {
        return words;
    }

    static boolean contains(final long[] hits, final int needle) {
        return (hits[needle / 64] & (1L << (needle % 64))) != 0;
    }
}
