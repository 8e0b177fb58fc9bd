package io.oomstream.syslog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dmesg -d} ({@code --show-delta}) prints the time since the previous message inside the kernel stamp:
 * {@code [31002.447120 <    0.000037>] message}. The stamp then matched no dmesg layout: the lines kept their
 * message only behind a learned prefix, lost their uptime, and a multi-line message's indented lines were no
 * continuation of anything. Without the delta, the line is the plain dmesg line it carries.
 */
final class DmesgDeltaStamp {

    private static final Pattern DELTA = Pattern.compile("\\[( *\\d+\\.\\d+) <[ \\d]*\\.\\d+>\\]");

    private DmesgDeltaStamp() {
    }

    /** The text with the delta taken out of its stamp, or null when the stamp at {@code from} has none. */
    static String without(final String text, final int from) {
        final Matcher m = DELTA.matcher(text).region(from, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        return text.substring(0, from) + "[" + m.group(1) + "]" + text.substring(m.end());
    }
}
