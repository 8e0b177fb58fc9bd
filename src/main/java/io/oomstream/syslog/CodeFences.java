package io.oomstream.syslog;

/**
 * Markdown code fences glued to a pasted line: an issue comment that opens its block with {@code ```} right before
 * the first log line, or closes it right after the last ({@code ...oom_score_adj:0```}), leaves the fence inside the
 * line, where it hides the line's stamp or ends its last field. A fence alone on its line, or with its info string
 * ({@code ```text}), is left as it is (it is no log line either way). Only three or more backticks at the very start or end are taken; a backtick elsewhere
 * may be part of a process name.
 */
final class CodeFences {

    private static final String FENCE = "```";

    private CodeFences() {
    }

    /** {@code s} without a fence glued to its start or end, or {@code s} itself when it has none. */
    static String strip(final String s) {
        if (s.length() <= FENCE.length() || s.indexOf('`') < 0) {
            return s;
        }
        int from = 0;
        int to = s.length();
        if (s.startsWith(FENCE)) {
            from = FENCE.length();
            while (from < to && s.charAt(from) == '`') {
                from++;
            }
        }
        if (to - from > FENCE.length() && s.endsWith(FENCE)) {
            to -= FENCE.length();
            while (to > from && s.charAt(to - 1) == '`') {
                to--;
            }
        }
        if (from == 0 && to == s.length() || to - from == 0 || s.substring(from, to).isBlank()) {
            return s;
        }
        if (from > 0 && s.indexOf(' ', from) < 0) {
            // An opening fence with its info string ("```text"): a fence line of its own, no log line behind it.
            return s;
        }
        return s.substring(from, to);
    }
}
