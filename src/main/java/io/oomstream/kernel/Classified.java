package io.oomstream.kernel;

import java.util.regex.Matcher;

/**
 * The grammar's verdict on one line: its kind, the rule that matched (null for
 * {@link LineKind#OTHER}) and the matcher holding the rule's named groups.
 */
public record Classified(LineKind kind, LineRule rule, Matcher matcher) {

    static final Classified OTHER = new Classified(LineKind.OTHER, null, null);

    /** The named group's text, or null when the rule has no such group or it did not take part. */
    public String group(final String name) {
        if (matcher == null || rule != null && !rule.groups().contains(name)) {
            // Readers ask every verdict for the groups of several rules: one the rule lacks is no exception.
            return null;
        }
        try {
            return matcher.group(name);
        } catch (final IllegalArgumentException noSuchGroup) {
            return null;
        }
    }

    /** The named group as a long, or null when absent or not a number that fits. */
    public Long longGroup(final String name) {
        return Numbers.parseLong(group(name));
    }

    /** The named group as an int, or null when absent or not a number that fits. */
    public Integer intGroup(final String name) {
        return Numbers.parseInt(group(name));
    }

    /** The era this line proves (null when the line is printed alike by many eras). */
    public KernelEra era() {
        return rule == null ? null : rule.era();
    }
}
