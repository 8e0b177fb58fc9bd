package io.oomstream.kernel;

import java.util.regex.Pattern;

/**
 * One named rule of the kernel report grammar: a line of this shape is of this kind, and
 * proves this era (null when the line is printed alike by many eras).
 *
 * <p>{@code needle} is a literal the line must contain for the pattern to be tried at all:
 * it keeps classification cheap, since most kernel lines are not report lines.
 *
 * @param id      stable rule id, e.g. {@code e3.kill.rhel6}; shows up in test failures
 * @param kind    what a matching line is
 * @param era     the era a match proves, or null
 * @param needle  literal substring required before trying the regex
 * @param pattern anchored regex with named groups read by the assembler
 */
public record LineRule(String id, LineKind kind, KernelEra era, String needle, Pattern pattern) {

    /** Compiles a rule; fails fast with the rule id when the regex is invalid. */
    public static LineRule of(final String id, final LineKind kind, final KernelEra era,
                              final String needle, final String regex) {
        try {
            // UNIX_LINES: only '\n' ends a line, so '.' also matches a CR, NEL (U+0085) or U+2028 inside a
            // process name or cgroup path (any byte but NUL may be in a comm); a message is one line already.
            return new LineRule(id, kind, era, needle, Pattern.compile(regex, Pattern.UNIX_LINES));
        } catch (final RuntimeException e) {
            throw new IllegalStateException("grammar rule " + id + " does not compile: " + e.getMessage(), e);
        }
    }
}
