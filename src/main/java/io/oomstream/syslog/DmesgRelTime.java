package io.oomstream.syslog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dmesg -e} ({@code --reltime}, and {@code dmesg -H}, the form people type) stamps the first message of each
 * minute with the local date and minute ({@code [%s] } of {@code strftime "%b%d %H:%M"}: {@code [Apr18 03:00] msg})
 * and every other message with the time since the one before ({@code [  %+8.06f] }: {@code [  +0.000037] msg}).
 * No stamp says when a message was written to the second, nor since boot: the lines are read as the bare kernel
 * messages they carry (no time, no uptime, no host), as {@code dmesg --notime} prints them. Before, only the report
 * lines the grammar knows were taken, behind an unknown prefix: the others (the CPU and kernel version, the call
 * trace) were undecodable and lost.
 */
final class DmesgRelTime {

    private static final Pattern STAMP = Pattern.compile(
            "\\[(?:[A-Z][a-z]{2}\\d\\d \\d\\d:\\d\\d| *[+-]\\d+\\.\\d{6})\\] ?");

    private DmesgRelTime() {
    }

    /** The bare kernel line behind a reltime stamp at {@code from}, or null when there is none. */
    static LogLine parse(final String text, final int from) {
        final Matcher m = STAMP.matcher(text).region(from, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        if (text.charAt(from + 1) != ' ' && text.charAt(from + 1) != '+' && text.charAt(from + 1) != '-'
                && Months.monthAt(text, from + 1) == 0) {
            return null;
        }
        return new LogLine(null, null, null, null, text.substring(m.end()), null, null, SourceFormat.DMESG);
    }
}
