package io.oomstream.syslog;

import java.time.Instant;
import java.util.Set;

/**
 * Kernel ring-buffer dumps and the journalctl layout that looks like them:
 * <ul>
 *   <li>{@code dmesg}: {@code [ 8123.456789] msg}, also with a CONFIG_PRINTK_CALLER block
 *       {@code [ 1234.567890][ T1234] msg} and behind {@code dmesg -r}'s {@code <4>};</li>
 *   <li>{@code dmesg -T}: {@code [Tue Mar  5 09:14:02 2024] msg}, wall time in the decoder zone; under
 *       another locale ({@code [lun. janv.  6 03:14:15 2025]}) the names are resolved through the JDK's
 *       locale data, and a line whose names cannot be resolved is kept without a time;</li>
 *   <li>{@code dmesg -x}: {@code kern  :warn  : } in front of either of the above;</li>
 *   <li>{@code journalctl -o short-monotonic}: {@code [ 8123.456789] host1 kernel: msg}, recognised
 *       only when the tag is {@code kernel:} or carries a pid, because two-word kernel messages such
 *       as {@code Call Trace:} would otherwise read as host + tag;</li>
 *   <li>the same with {@code --no-hostname}: {@code [ 8123.456789] kernel: msg}, recognised only for the tag
 *       {@code kernel:} itself (rfjakob/earlyoom#220 pastes one): no kernel message opens with it, and taking it for
 *       message text made the allocation failure's task {@code kernel: earlyoom}.</li>
 * </ul>
 * The dmesg stamp is left in the framed message: {@link MessageLines} strips it (with any glued
 * stamps after it), the same way as for stamps inside syslog messages.
 */
final class DmesgParser {

    private static final Set<String> FACILITIES = Set.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3",
            "local4", "local5", "local6", "local7");
    private static final Set<String> LEVELS = Set.of("emerg", "alert", "crit", "err", "warn", "notice",
            "info", "debug");

    private static final String KERNEL = "kernel";
    /** {@code journalctl -o short-monotonic --no-hostname}'s tag for kernel lines, right after the stamp. */
    private static final String KERNEL_TAG_WITHOUT_HOST = KERNEL + ": ";

    private final WallClock clock;
    private final RepairCounts repairs;

    DmesgParser(final WallClock clock, final RepairCounts repairs) {
        this.clock = clock;
        this.repairs = repairs;
    }

    /** The line framed, or null when the text at {@code from} is none of the layouts above. */
    LogLine parse(final String s, final int from) {
        if (from < s.length() && s.charAt(from) == '[') {
            return bracketed(s, from);
        }
        final int rest = skipDecodedLevel(s, from);
        return rest > from && rest < s.length() && s.charAt(rest) == '[' ? bracketed(s, rest) : null;
    }

    private LogLine bracketed(final String s, final int from) {
        final KernelStamp stamp = KernelStamp.parseAt(s, from);
        if (stamp == null) {
            return wallStamped(s, from);
        }
        final LogLine journal = shortMonotonic(s, stamp);
        return journal != null ? journal
                : new LogLine(null, null, null, null, s.substring(from), null, null, SourceFormat.DMESG);
    }

    private static LogLine shortMonotonic(final String s, final KernelStamp stamp) {
        final int n = s.length();
        final int hostStart = stamp.messageStart(s);
        if (s.startsWith(KERNEL_TAG_WITHOUT_HOST, hostStart)) {
            return new LogLine(null, null, KERNEL, null, s.substring(hostStart + KERNEL_TAG_WITHOUT_HOST.length()),
                    stamp.micros(), null, SourceFormat.JOURNALCTL);
        }
        int i = hostStart;
        while (i < n) {
            final char c = s.charAt(i);
            if (c == ' ' || c == ':' || c == '[' || c == ']') {
                break;
            }
            i++;
        }
        if (i == hostStart || i >= n || s.charAt(i) != ' ') {
            return null;
        }
        final SyslogTag tag = SyslogTag.parseAt(s, i + 1);
        if (tag == null || !(KERNEL.equals(tag.name()) || tag.pid() != null)) {
            return null;
        }
        return new LogLine(s.substring(hostStart, i), null, tag.name(), tag.pid(), s.substring(tag.end()),
                stamp.micros(), null, SourceFormat.JOURNALCTL);
    }

    /** {@code [Tue Mar  5 09:14:02 2024]}. */
    private LogLine wallStamped(final String s, final int from) {
        final int n = s.length();
        int i = from + 1;
        if (!Months.isWeekdayAt(s, i) || i + 8 > n || s.charAt(i + 3) != ' ' || s.charAt(i + 7) != ' ') {
            return localised(s, from);
        }
        final int month = Months.monthAt(s, i + 4);
        if (month == 0) {
            return localised(s, from);
        }
        i += 8;
        if (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return wallStampedFrom(s, i, month, null, null);
    }

    /**
     * {@code [lun. janv.  6 03:14:15 2025]}: {@code dmesg -T} under another locale. Any token holding a letter (any
     * script, dots allowed) stands where the weekday and month names stand; {@link LocaleNames} resolves them. When
     * it cannot, the line is kept, in order, without a time.
     */
    private LogLine localised(final String s, final int from) {
        final int n = s.length();
        final int weekdayEnd = nameEnd(s, from + 1);
        if (weekdayEnd < 0 || weekdayEnd >= n || s.charAt(weekdayEnd) != ' ') {
            return null;
        }
        final int monthStart = weekdayEnd + 1;
        final int monthEnd = nameEnd(s, monthStart);
        if (monthEnd < 0 || monthEnd >= n || s.charAt(monthEnd) != ' ') {
            return null;
        }
        int i = monthEnd + 1;
        if (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return wallStampedFrom(s, i, 0, s.substring(from + 1, weekdayEnd), s.substring(monthStart, monthEnd));
    }

    /** End of a weekday/month token at {@code i} (1..16 chars, no blank or bracket, at least one letter), or -1. */
    private static int nameEnd(final String s, final int i) {
        final int n = s.length();
        int k = i;
        boolean letter = false;
        while (k < n && k - i < 16) {
            final char c = s.charAt(k);
            if (c == ' ' || c == ']' || c == '[') {
                break;
            }
            letter |= Character.isLetter(c);
            k++;
        }
        return k > i && letter ? k : -1;
    }

    /**
     * The rest of a wall stamp from the day of month on: {@code  6 03:14:15 2025]}. {@code month} 0 means the names
     * {@code weekday}/{@code monthName} are to be resolved through {@link LocaleNames} once the date is read.
     */
    private LogLine wallStampedFrom(final String s, final int dayFrom, final int month, final String weekday,
            final String monthName) {
        final int n = s.length();
        int i = dayFrom;
        final int dayStart = i;
        int day = 0;
        while (i < n && i - dayStart < 2 && KernelStamp.isDigit(s.charAt(i))) {
            day = day * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == dayStart || i + 15 > n || s.charAt(i) != ' ' || s.charAt(i + 3) != ':'
                || s.charAt(i + 6) != ':' || s.charAt(i + 9) != ' ' || s.charAt(i + 14) != ']') {
            return null;
        }
        final int hour = IsoTimestamp.digits(s, i + 1, 2);
        final int minute = IsoTimestamp.digits(s, i + 4, 2);
        final int second = IsoTimestamp.digits(s, i + 7, 2);
        final int year = IsoTimestamp.digits(s, i + 10, 4);
        if (hour < 0 || minute < 0 || second < 0 || year < 0) {
            return null;
        }
        final Instant time;
        if (month != 0) {
            time = clock.toInstant(year, month, day, hour, minute, second, 0);
            if (time == null) {
                return null;
            }
        } else {
            final int resolved = LocaleNames.month(weekday, monthName, year, day);
            time = resolved == 0 ? null : clock.toInstant(year, resolved, day, hour, minute, second, 0);
            repairs.add(time == null ? Repair.LOCALISED_STAMP_UNRESOLVED : Repair.LOCALISED_STAMP);
        }
        int end = KernelStamp.skipCaller(s, i + 15);
        if (end < n && s.charAt(end) == ' ') {
            end++;
        }
        return new LogLine(null, time, null, null, s.substring(end), null, null, SourceFormat.DMESG);
    }

    /** Index after {@code kern  :warn  : }, or {@code from} when the text does not start so. */
    private static int skipDecodedLevel(final String s, final int from) {
        final int afterFacility = word(s, from, FACILITIES);
        if (afterFacility < 0) {
            return from;
        }
        final int afterLevel = word(s, afterFacility, LEVELS);
        if (afterLevel < 0 || afterLevel >= s.length() || s.charAt(afterLevel) != ' ') {
            return from;
        }
        return afterLevel + 1;
    }

    /** A known word, padding spaces and a colon at {@code from}: the index after the colon, or -1. */
    private static int word(final String s, final int from, final Set<String> known) {
        final int n = s.length();
        int i = from;
        while (i < n && i - from < 10 && (Character.isLetterOrDigit(s.charAt(i)))) {
            i++;
        }
        if (i == from || !known.contains(s.substring(from, i))) {
            return -1;
        }
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        return i < n && s.charAt(i) == ':' ? i + 1 : -1;
    }
}
