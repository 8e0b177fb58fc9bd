package io.oomstream.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store keys sort like the times they hold, before 1970 too, and read back exactly. */
class SortableMillisTest {

    private static final List<Long> TIMES = List.of(Long.MIN_VALUE, -86_400_000L, -1L, 0L, 1L, 59_999L, 60_000L,
            1_772_359_200_000L, Long.MAX_VALUE);

    @Test
    void shouldSortAsStringsInNumericOrder() {
        final List<String> keys = new ArrayList<>(TIMES.stream().map(SortableMillis::of).toList());
        final List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);

        assertEquals(keys, sorted);
        keys.forEach(k -> assertEquals(SortableMillis.DIGITS, k.length(), k));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        TIMES.forEach(t -> assertEquals(t, SortableMillis.parse(SortableMillis.of(t))));
    }

    @Test
    void shouldReadBackAWindowKeyWithNullDimensionsAndANegativeStart() {
        final KillWindowKey key = new KillWindowKey(-120_000, new KillDimensions("java", null, "dc|1", null));

        final String stored = key.in(KillWindowKey.EMITTED);

        assertEquals(key, KillWindowKey.parse(stored));
        assertTrue(stored.compareTo(KillWindowKey.from(KillWindowKey.EMITTED, 0)) < 0, stored);
    }
}
