package io.oomstream.syslog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BusyBox {@code syslogd}'s file layout (embedded systems, Alpine, OpenWrt with a file target): its default line is
 * {@code "%s %.64s %s %s"} of the RFC 3164 time, the host, the facility and level ({@code kern.warn}, or {@code <N>}
 * for a number it has no name for) and the message, e.g. {@code Feb  5 14:23:41 router kern.warn kernel: msg}.
 * The field between host and tag matches no RFC 3164 tag, so the line had no layout. Taken out, the line is the
 * RFC 3164 line it carries. Looked for only where the RFC 3164 layout did not match.
 */
final class FacilityLevelField {

    private static final Pattern FIELD = Pattern.compile(
            "[A-Z][a-z]{2} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d \\S+ "
            + "((?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])"
            + "\\.(?:emerg|panic|alert|crit|err|error|warn|warning|notice|info|debug)|<\\d{1,3}>) ");

    private FacilityLevelField() {
    }

    /** The text without the facility and level field, or null when {@code text} at {@code from} has none. */
    static String without(final String text, final int from) {
        final Matcher m = FIELD.matcher(text).region(from, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        return text.substring(0, m.start(1)) + text.substring(m.end(1) + 1);
    }
}
