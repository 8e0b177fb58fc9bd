package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Times#parse} reads the plain UTC form by hand; it must read every text exactly as {@link Instant#parse}
 * (then {@link OffsetDateTime#parse}) does, accepted or refused, or an incident's times, its sort order or a sink row
 * would change.
 */
class TimesTest {

    private static final String CASES = "times/iso-8601-instants-plain-and-not.txt";

    /** What {@link Times#parse} returned before it read the plain form itself. */
    private static Instant asInstantParseReadsIt(final String iso) {
        try {
            return Instant.parse(iso);
        } catch (final DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (final DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Test
    void shouldReadEveryTextOfTheFileAsInstantParseDoes() {
        final List<String> cases = Fixtures.read(CASES).lines().filter(l -> !l.startsWith("#")).toList();
        int plain = 0;
        for (final String iso : cases) {
            assertEquals(asInstantParseReadsIt(iso), Times.parse(iso), iso);
            if (Times.plainUtc(iso) != null) {
                plain++;
            }
        }
        assertEquals(19, plain, "the file's plain UTC texts are read by hand, the others the slow way");
    }

    @Test
    void shouldLeaveToInstantParseWhatItReadsInItsOwnWay() {
        assertNull(Times.plainUtc("2024-06-30T23:59:60Z"), "a leap second");
        assertNull(Times.plainUtc("2024-01-01T24:00:00Z"), "the end of a day");
        assertNull(Times.plainUtc("2024-01-01t10:00:00z"), "lower case");
        assertNotNull(Times.parse("2024-01-01T24:00:00Z"), "read the slow way");
    }

    @Test
    void shouldReadRandomInstantsAsInstantToStringWritesThemExactly() {
        final SplittableRandom random = new SplittableRandom(1313);
        for (int i = 0; i < 200_000; i++) {
            final long second = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            final int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            final Instant t = Instant.ofEpochSecond(second, nanos);
            final String text = t.toString();
            assertEquals(t, Times.plainUtc(text), text);
            // Every fraction length, trailing zeros included, as other writers put them.
            final String fraction = String.format("%09d", nanos).substring(0, 1 + i % 9);
            final String padded = text.substring(0, 19) + "." + fraction + "Z";
            assertEquals(asInstantParseReadsIt(padded), Times.parse(padded), padded);
        }
    }
}
