package io.oomstream.kernel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One named rule of the kernel report grammar: a line of this shape is of this kind, and
 * proves this era (null when the line is printed alike by many eras).
 *
 * <p>{@code needle} is a literal the line must contain for the pattern to be tried at all:
 * it keeps classification cheap, since most kernel lines are not report lines. A rule whose
 * regex requires no single literal names alternatives instead ({@code needles}: the line must
 * contain at least one); one pass over the line finds every rule's needles at once.
 *
 * @param id      stable rule id, e.g. {@code e3.kill.rhel6}; shows up in test failures
 * @param kind    what a matching line is
 * @param era     the era a match proves, or null
 * @param needle  literal substring required before trying the regex ("" when there is none or several)
 * @param pattern anchored regex with named groups read by the assembler
 * @param needles literals of which a matching line contains at least one; empty: the regex is always tried
 * @param groups  the names of the regex's named groups ({@link Classified#group} of any other name is null)
 */
public record LineRule(String id, LineKind kind, KernelEra era, String needle, Pattern pattern, List<String> needles,
                       Set<String> groups) {

    /** A named group in a regex: {@code (?<name>} (a lookbehind, {@code (?<=} or {@code (?<!}, names none). */
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    /** Compiles a rule; fails fast with the rule id when the regex is invalid. */
    public static LineRule of(final String id, final LineKind kind, final KernelEra era,
                              final String needle, final String regex) {
        return new LineRule(id, kind, era, needle, compile(id, regex), needle.isEmpty() ? List.of() : List.of(needle),
                groupNames(regex));
    }

    /**
     * A rule whose regex requires one of several literals (its alternatives each carry their own): every line
     * it matches must contain at least one of {@code needles}. {@code KernelGrammarNeedlesTest} checks that over
     * every fixture.
     */
    public static LineRule anyOf(final String id, final LineKind kind, final KernelEra era,
                                 final List<String> needles, final String regex) {
        if (needles.isEmpty()) {
            throw new IllegalArgumentException("grammar rule " + id + ": anyOf needs at least one needle");
        }
        return new LineRule(id, kind, era, "", compile(id, regex), List.copyOf(needles), groupNames(regex));
    }

    /**
     * The names of the regex's named groups (and of anything written like one, an escaped paren before {@code ?<x>}:
     * never fewer), so that asking a verdict for a group its rule lacks needs no exception from the matcher.
     */
    private static Set<String> groupNames(final String regex) {
        final Set<String> names = new HashSet<>();
        final Matcher m = GROUP_NAME.matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return Set.copyOf(names);
    }

    private static Pattern compile(final String id, final String regex) {
        try {
            // UNIX_LINES: only '\n' ends a line, so '.' also matches a CR, NEL (U+0085) or U+2028 inside a
            // process name or cgroup path (any byte but NUL may be in a comm); a message is one line already.
            return Pattern.compile(regex, Pattern.UNIX_LINES);
        } catch (final RuntimeException e) {
            throw new IllegalStateException("grammar rule " + id + " does not compile: " + e.getMessage(), e);
        }
    }
}
