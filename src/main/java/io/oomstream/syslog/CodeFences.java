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
    /**
     * A line that is a block's fence and nothing else: Markdown's ({@code ```} or {@code ~~~}, three or more, with an
     * optional one-word info string), Jira's {@code {noformat}}, {@code {code}} or {@code {code:java}} (and
     * {@code {quote}}, {@code {panel}}), BBCode's {@code [code]} and {@code [/code]}, HTML's {@code <pre>} and
     * {@code <code>} and their closing tags. Matched on the whole line, blanks around it aside.
     */
    private static final java.util.regex.Pattern FENCE_LINE = java.util.regex.Pattern.compile(
            "(?:`{3,}|~{3,})\\s*[\\w+.#-]*"
                    + "|\\{(?:noformat|code|quote|panel)(?::[^{}]*)?\\}"
                    + "|\\[/?(?:code|quote)(?:=[^\\]]*)?\\]"
                    + "|</?(?:pre|code)>",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    /** A fence line is short: a longer record is not looked at. */
    private static final int MAX_FENCE_LINE_CHARS = 64;

    private CodeFences() {
    }

    /** Whether {@code record} only opens or closes a pasted block (see {@link #FENCE_LINE}). */
    static boolean isFenceLine(final String record) {
        if (record.length() < 3 || record.length() > MAX_FENCE_LINE_CHARS) {
            return false;
        }
        int first = 0;
        while (first < record.length() && (record.charAt(first) == ' ' || record.charAt(first) == '\t')) {
            first++;
        }
        if (first == record.length()) {
            return false;
        }
        // Every record of a log passes here: most are turned away by their first char, without a matcher.
        final char c = record.charAt(first);
        return (c == '`' || c == '~' || c == '{' || c == '[' || c == '<')
                && FENCE_LINE.matcher(record.strip()).matches();
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
