package io.oomstream.syslog;

import java.time.Instant;

/**
 * {@code journalctl -o short-unix} heads a line with the entry's time in seconds since the epoch, to the microsecond
 * ({@code "%10"PRI_USEC".%06"PRI_USEC}), before host and tag: {@code 1776481212.044120 batch-03 kernel: msg}. The
 * line had no layout and lost host and time (only its report lines were taken, as bare lines). It is the ISO 8601
 * line it carries: the stamp is rewritten so, in UTC, which an epoch time is.
 */
final class ShortUnixStamp {

    private static final int MIN_SECONDS_DIGITS = 9;
    private static final int MAX_SECONDS_DIGITS = 10;
    private static final int MICROS_DIGITS = 6;

    private ShortUnixStamp() {
    }

    /** The text with its stamp written as ISO 8601, or null when the text at {@code from} has no such stamp. */
    static String asIso(final String text, final int from) {
        final int n = text.length();
        int i = from;
        long seconds = 0;
        while (i < n && KernelStamp.isDigit(text.charAt(i))) {
            seconds = seconds * 10 + (text.charAt(i) - '0');
            i++;
        }
        final int digits = i - from;
        if (digits < MIN_SECONDS_DIGITS || digits > MAX_SECONDS_DIGITS || i >= n || text.charAt(i) != '.') {
            return null;
        }
        final int fraction = ++i;
        int micros = 0;
        while (i < n && KernelStamp.isDigit(text.charAt(i))) {
            micros = micros * 10 + (text.charAt(i) - '0');
            i++;
        }
        if (i - fraction != MICROS_DIGITS || i >= n || text.charAt(i) != ' ') {
            return null;
        }
        return text.substring(0, from) + Instant.ofEpochSecond(seconds, micros * 1_000L) + text.substring(i);
    }
}
