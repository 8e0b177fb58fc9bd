package io.oomstream.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.oomstream.event.Json;

/**
 * A kill-count window in {@link KillCountStore} key form: {@code <state>|<start>|<dimensions as JSON>}, with the
 * start written so that string order is time order (also before 1970: log times can be absurd). One prefix per
 * state lets the counter range-scan the open windows, or the emitted ones, older than a time.
 */
record KillWindowKey(long start, KillDimensions dimensions) {

    /** Counting, not yet emitted. */
    static final String OPEN = "o|";
    /** Emitted, kept for corrections until the retention passes. */
    static final String EMITTED = "e|";
    private static final int DIGITS = 20;

    String in(final String state) {
        return state + sortable(start) + '|' + Json.write(dimensions);
    }

    /** The smallest key of {@code state} whose window starts at {@code start} or later. */
    static String from(final String state, final long start) {
        return state + sortable(start);
    }

    static KillWindowKey parse(final String key) {
        final int p = 2;
        final long start = Long.parseUnsignedLong(key.substring(p, p + DIGITS)) ^ Long.MIN_VALUE;
        try {
            return new KillWindowKey(start, Json.MAPPER.readValue(key.substring(p + DIGITS + 1), KillDimensions.class));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("kill-count store holds a key it did not write: " + key, e);
        }
    }

    /** Flips the sign bit so that unsigned, zero-padded decimal order is signed numeric order. */
    private static String sortable(final long v) {
        final String digits = Long.toUnsignedString(v ^ Long.MIN_VALUE);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }
}
