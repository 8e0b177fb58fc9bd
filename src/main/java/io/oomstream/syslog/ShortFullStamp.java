package io.oomstream.syslog;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code journalctl -o short-full} (and {@code short-full} with {@code --utc}) heads a line with the weekday, the
 * date, the time and the zone's abbreviation: {@code Thu 2026-02-05 14:23:41 UTC host kernel: message} (or with
 * microseconds when precise). The line had no layout and lost host and time. It is the ISO 8601 line it carries:
 * the stamp is rewritten so, the zone taken from the abbreviation where the JDK knows it (UTC, GMT, CET, EST, a
 * region {@code ZoneId.SHORT_IDS} names), else left to the decoder's zone, as a stamp without a zone is.
 */
final class ShortFullStamp {

    private static final Pattern STAMP = Pattern.compile(
            "[A-Z][a-z]{2} (\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) ([A-Za-z][A-Za-z0-9+-]{0,9}) ");

    private ShortFullStamp() {
    }

    /** The text with its stamp written as ISO 8601, or null when the text at {@code from} has no such stamp. */
    static String asIso(final String text, final int from) {
        final Matcher m = STAMP.matcher(text).region(from, text.length());
        if (!m.lookingAt()) {
            return null;
        }
        final String local = m.group(1) + "T" + m.group(2);
        return text.substring(0, from) + local + offset(m.group(3), local) + " " + text.substring(m.end());
    }

    /** The zone's offset at that local time, as ISO 8601 writes it; empty when the abbreviation names no zone. */
    private static String offset(final String abbreviation, final String local) {
        if (abbreviation.equals("UTC") || abbreviation.equals("GMT") || abbreviation.equals("Z")) {
            return "Z";
        }
        try {
            final ZoneId zone = ZoneId.of(abbreviation, ZoneId.SHORT_IDS);
            return LocalDateTime.parse(local).atZone(zone).getOffset().getId().replace("Z", "+00:00");
        } catch (final DateTimeException e) {
            return ""; // CEST, PDT, ...: not a zone id; read in the decoder's zone
        }
    }
}
