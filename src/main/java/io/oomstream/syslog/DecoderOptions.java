package io.oomstream.syslog;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * How to interpret the parts of a syslog record that the record itself leaves ambiguous.
 *
 * @param year the year of the first RFC 3164 / journalctl line of the stream (those layouts print
 *             none); later lines still roll over at New Year. Null = infer from the reference time.
 * @param zone the zone of wall-clock times printed without an offset (RFC 3164, journalctl short,
 *             dmesg -T, ISO stamps without offset). Null means UTC.
 */
public record DecoderOptions(Integer year, ZoneId zone) {

    public DecoderOptions {
        if (year != null && (year < 1 || year > 9999)) {
            throw new IllegalArgumentException("year must be within 1..9999, was " + year);
        }
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /** Infer the year, read zone-less times as UTC. */
    public static DecoderOptions defaults() {
        return new DecoderOptions(null, ZoneOffset.UTC);
    }
}
