package io.oomstream.syslog;

/**
 * The line numbers of a numbered listing: {@code cat -n} and {@code nl} print each line behind its number
 * right-aligned in 6 columns and a tab; an editor's or pager's numbered view ({@code vim :set number},
 * {@code less -N}) copied from a terminal puts the number before blanks. The number starts with blanks, so the line
 * would otherwise read as the continuation of the one before it, with neither host nor time.
 *
 * <p>Learned only from a line where a header follows the number and its
 * separator; the lines after it (a continuation, a bare kernel line, a blank line) then lose a number of the same
 * shape: right-aligned to the same column (or wider with no blank before it, once the numbers outgrow the column)
 * and followed by the same separator. A line without such a number forgets it. One instance per decoder.
 */
final class LineNumbers {

    /** Where the learned numbers end (the column after their last digit); -1 when none is learned. */
    private int numberEnd = -1;
    /** The separator after the learned number: a tab, or as many blanks as the header line had. */
    private String separator;

    /**
     * The record without its line number; otherwise the record itself (the same object). Counts
     * {@link Repair#LINE_NUMBER_STRIPPED} when it strips; learns or forgets the numbering when {@code learn}.
     * Scanned by hand, not by a regex: every ISO 8601 line starts with a digit and comes through here.
     */
    String strip(final String record, final RepairCounts counts, final boolean learn) {
        if (record.isEmpty()) {
            return record;
        }
        final int digits = blanks(record, 0);
        final int digitsEnd = digitsEnd(record, digits);
        if (digitsEnd == digits || digitsEnd - digits > 9) {
            if (numberEnd >= 0 && digits == record.length()) {
                // nl pads a line it does not number (a blank one) with blanks only: that line was empty.
                counts.add(Repair.LINE_NUMBER_STRIPPED);
                return "";
            }
            forget(learn);
            return record;
        }
        if (numberEnd >= 0 && carriesLearnedNumber(record, digits, digitsEnd)) {
            counts.add(Repair.LINE_NUMBER_STRIPPED);
            final int from = Math.min(record.length(), digitsEnd + separator.length());
            return record.substring(from);
        }
        final int sepEnd = digitsEnd < record.length() && record.charAt(digitsEnd) == '\t' ? digitsEnd + 1
                : blanks(record, digitsEnd);
        if (sepEnd > digitsEnd && sepEnd < record.length() && IndentedHeader.startsWithHeader(record, sepEnd, record.length())) {
            if (learn) {
                numberEnd = digitsEnd;
                separator = record.substring(digitsEnd, sepEnd);
            }
            counts.add(Repair.LINE_NUMBER_STRIPPED);
            return record.substring(sepEnd);
        }
        forget(learn);
        return record;
    }

    /** Whether the line from {@code start} to {@code end} of {@code text} is a number, a separator and a header. */
    static boolean numberedHeader(final String text, final int start, final int end) {
        final int digits = blanks(text, start);
        final int digitsEnd = digitsEnd(text, digits);
        if (digitsEnd == digits || digitsEnd > end) {
            return false;
        }
        final int sepEnd = digitsEnd < end && text.charAt(digitsEnd) == '\t' ? digitsEnd + 1 : blanks(text, digitsEnd);
        return sepEnd > digitsEnd && sepEnd < end && IndentedHeader.startsWithHeader(text, sepEnd, end);
    }

    private void forget(final boolean learn) {
        if (learn) {
            numberEnd = -1;
        }
    }

    /** Right-aligned to the learned column (or wider, with nothing before it), then the learned separator or the end. */
    private boolean carriesLearnedNumber(final String record, final int digits, final int digitsEnd) {
        final boolean aligned = digitsEnd == numberEnd || digits == 0 && digitsEnd > numberEnd;
        if (!aligned) {
            return false;
        }
        // An empty line numbered by cat -n: the number and its tab, or just the number once a copy trimmed the tab.
        return record.startsWith(separator, digitsEnd) || record.substring(digitsEnd).isBlank();
    }

    private static int blanks(final String s, final int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int digitsEnd(final String s, final int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
