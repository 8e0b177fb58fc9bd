package io.oomstream.syslog;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the lines of one record, up to a cap, without allocating a list for the common
 * single-line record.
 */
final class LineSink {

    private final int maxLines;
    private LogLine single;
    private List<LogLine> many;
    private boolean overflowed;

    LineSink(final int maxLines) {
        this.maxLines = maxLines;
    }

    /** Adds a line; once the cap is reached further lines are dropped and {@link #overflowed()} is set. */
    void add(final LogLine line) {
        if (size() >= maxLines) {
            overflowed = true;
            return;
        }
        if (single == null && many == null) {
            single = line;
            return;
        }
        if (many == null) {
            many = new ArrayList<>(4);
            many.add(single);
            single = null;
        }
        many.add(line);
    }

    /** Records that the record held more lines than were kept. */
    void markOverflowed() {
        overflowed = true;
    }

    int size() {
        return many != null ? many.size() : single != null ? 1 : 0;
    }

    boolean isFull() {
        return size() >= maxLines;
    }

    boolean overflowed() {
        return overflowed;
    }

    /** The last line added, or null. */
    LogLine last() {
        return many != null ? many.get(many.size() - 1) : single;
    }

    List<LogLine> lines() {
        return many != null ? many : single != null ? List.of(single) : List.of();
    }
}
