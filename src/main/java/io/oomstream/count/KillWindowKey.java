package io.oomstream.count;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.oomstream.event.Json;

/**
 * A kill-count window in {@link KillCountStore} key form: {@code <state>|<start>|<dimensions as JSON>}, the
 * start as {@link SortableMillis}. One prefix per state lets the counter range-scan the open windows, or the
 * emitted ones, older than a time.
 */
record KillWindowKey(long start, KillDimensions dimensions) {

    /** Counting, not yet emitted. */
    static final String OPEN = "o|";
    /** Emitted, kept for corrections until the retention passes. */
    static final String EMITTED = "e|";

    String in(final String state) {
        return state + SortableMillis.of(start) + '|' + Json.write(dimensions);
    }

    /** The smallest key of {@code state} whose window starts at {@code start} or later. */
    static String from(final String state, final long start) {
        return state + SortableMillis.of(start);
    }

    static KillWindowKey parse(final String key) {
        final int p = 2;
        final long start = SortableMillis.parse(key.substring(p, p + SortableMillis.DIGITS));
        try {
            return new KillWindowKey(start, Json.MAPPER.readValue(key.substring(p + SortableMillis.DIGITS + 1),
                    KillDimensions.class));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("kill-count store holds a key it did not write: " + key, e);
        }
    }
}
