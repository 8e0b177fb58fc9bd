package io.oomstream.syslog;

/**
 * Thousands separators in a pasted kill line's sizes ({@code total-vm:26,184,840kB}): the kernel prints sizes as
 * plain digits ({@code %lukB}), so commas between digits right before {@code kB} were put there by a person or a
 * formatter before the paste, and they stop the kill line from reading at all. Only a run of digits and commas
 * that ends in {@code kB} and follows a {@code :} is read; the digits are kept in their order, only the commas go
 * (a report seen in the wild grouped them wrongly, {@code 153,700,88kB}, yet its digits matched the task table's
 * rss exactly).
 */
final class DigitGrouping {

    private DigitGrouping() {
    }

    /** {@code s} with the commas inside its {@code :N,NNNkB} sizes dropped, or {@code s} itself when it has none. */
    static String strip(final String s) {
        if (s.indexOf(',') < 0 || s.indexOf("kB") < 0) {
            return s;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = s.indexOf(':');
        while (i >= 0 && i + 1 < s.length()) {
            final int start = i + 1;
            int j = start;
            boolean comma = false;
            while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ',' && j > start
                    && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1)))) {
                comma |= s.charAt(j) == ',';
                j++;
            }
            if (comma && s.startsWith("kB", j)) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(s, copied, start);
                for (int k = start; k < j; k++) {
                    if (s.charAt(k) != ',') {
                        out.append(s.charAt(k));
                    }
                }
                copied = j;
            }
            i = s.indexOf(':', Math.max(j, start));
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, s.length()).toString();
    }
}
