package io.oomstream.syslog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an unknown prefix, learned from one line where a report line was found behind it
 * ({@code 2025-01-06 03:14:15,123 [kern.warn] web01 }), so the lines around it that carry the same prefix but no
 * distinctive phrase (Mem-Info counters, zone lines, buddy lists, task rows) are read too.
 *
 * <p>The shape keeps the prefix's structure and lets its values vary: a run of digits becomes any run of digits,
 * a run of letters (any script) any run of letters, a run of blanks any run of blanks; brackets, dots, colons and
 * every other character must be where they were. An empty prefix (the report line stood at the start of its line)
 * means the source holds bare kernel messages: every line is then read whole.
 */
final class LearnedPrefix {

    /** Prefixes longer than this are not learned: a shape that long is prose, not a log layout. */
    static final int MAX_PREFIX_CHARS = 160;

    private final Pattern shape;
    private final boolean empty;

    private LearnedPrefix(final Pattern shape, final boolean empty) {
        this.shape = shape;
        this.empty = empty;
    }

    /** The shape of {@code text[0, end)}, or null when it is too long to be a prefix. */
    static LearnedPrefix of(final String text, final int end) {
        if (end > MAX_PREFIX_CHARS) {
            return null;
        }
        if (end == 0) {
            return new LearnedPrefix(null, true);
        }
        final StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < end) {
            final char c = text.charAt(i);
            int j = i + 1;
            if (Character.isDigit(c)) {
                while (j < end && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                re.append("\\d+");
            } else if (Character.isLetter(c)) {
                while (j < end && Character.isLetter(text.charAt(j))) {
                    j++;
                }
                re.append("\\p{L}+");
            } else if (c == ' ' || c == '\t') {
                while (j < end && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                    j++;
                }
                re.append("[ \\t]+");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
            i = j;
        }
        return new LearnedPrefix(Pattern.compile(re.toString()), false);
    }

    boolean isEmpty() {
        return empty;
    }

    /** Where the message starts when {@code text} carries this prefix, else -1. */
    int match(final String text) {
        if (empty) {
            return 0;
        }
        final Matcher m = shape.matcher(text);
        return m.lookingAt() ? m.end() : -1;
    }
}
