package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Months#monthAt} reads the three ASCII chars of a syslog stamp as one number; it must find exactly the months
 * that comparing each char lower-cased ({@link Character#toLowerCase}) with the English names finds.
 */
class MonthNamesTest {

    private static final List<String> NAMES = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");

    /** The reference: each char lower-cased, compared with each name. */
    private static int reference(final String s) {
        for (int m = 0; m < NAMES.size(); m++) {
            final String name = NAMES.get(m);
            if (Character.toLowerCase(s.charAt(0)) == name.charAt(0) && Character.toLowerCase(s.charAt(1)) == name.charAt(1)
                    && Character.toLowerCase(s.charAt(2)) == name.charAt(2)) {
                return m + 1;
            }
        }
        return 0;
    }

    @Test
    void shouldFindTheMonthOfEveryThreeAsciiCharsAsComparingEachCharLowerCasedWould() {
        int months = 0;
        final char[] c = new char[3];
        for (c[0] = 0; c[0] < 128; c[0]++) {
            for (c[1] = 0; c[1] < 128; c[1]++) {
                for (c[2] = 0; c[2] < 128; c[2]++) {
                    final String s = new String(c);
                    final int expected = reference(s);
                    assertEquals(expected, Months.monthAt(s, 0), s);
                    months += expected == 0 ? 0 : 1;
                }
            }
        }
        assertEquals(12 * 8, months); // each name in every mix of cases
    }

    @Test
    void shouldReadCharsOutsideAsciiAsBefore() {
        for (final String s : List.of("\u0130an", "Ja\u00f1", "J\u0251n", "D\u00e9c", "\u212Aay", "m\u0041\u0280")) {
            assertEquals(reference(s), Months.monthAt(s, 0), s);
        }
        assertEquals(0, Months.monthAt("Ja", 0));
        assertEquals(3, Months.monthAt("<13>Mar  1", 4));
    }
}
