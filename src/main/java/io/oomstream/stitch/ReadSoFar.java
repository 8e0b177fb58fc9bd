package io.oomstream.stitch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open report's lines as its last assembly read them, and a reader that has read them (not finished): the next
 * assembly of the same report (its kill line, then its reaper line or its end, then the flush: two to four per
 * report) reads only the lines added since, into this reader, instead of classifying and reading every line again.
 *
 * <p>Exact: a reader's state is a function of the lines it read, in order ({@link EventAssembler#read}), so the kept
 * reader stands for the report's lines whenever they still start with the lines it read, which {@link #readerFor}
 * checks line by line (a cap that cut the report, a group kill that truncated it, or another report makes it read
 * them whole). Kept in memory beside the host's state, like {@link GroupKills}: after a restart it is gone, and the
 * next assembly reads the report whole.
 */
final class ReadSoFar {

    /** Readers kept at most (one per open report): a few kB each, about 1.5 MB for a report of 10,000 tasks. */
    static final int MAX_KEPT = 256;

    private final List<ReportLine> lines;
    private final ReportReader reader;

    private ReadSoFar(final List<ReportLine> lines, final ReportReader reader) {
        this.lines = lines;
        this.reader = reader;
    }

    /**
     * A reader that has read {@code lines}, not finished: {@code kept}'s own reader (handed over, not copied; kept is
     * not to be used again) when {@code lines} start with what it read, else a new one; the rest read into it.
     */
    static ReportReader readerFor(final ReadSoFar kept, final List<ReportLine> lines) {
        if (kept != null && kept.isPrefixOf(lines)) {
            return EventAssembler.read(kept.reader, lines.subList(kept.lines.size(), lines.size()));
        }
        return EventAssembler.read(new ReportReader(), lines);
    }

    /** What to keep after an assembly: {@code lines} and a copy of {@code reader} taken before it is finished. */
    static ReadSoFar keep(final List<ReportLine> lines, final ReportReader reader) {
        return new ReadSoFar(lines, reader.copy());
    }

    /** A table of kept readers by host key that lets the oldest go beyond {@link #MAX_KEPT}. */
    static Map<String, ReadSoFar> newTable() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, ReadSoFar> eldest) {
                return size() > MAX_KEPT;
            }
        };
    }

    private boolean isPrefixOf(final List<ReportLine> report) {
        if (lines.size() > report.size()) {
            return false;
        }
        for (int i = 0; i < lines.size(); i++) {
            final ReportLine read = lines.get(i);
            final ReportLine now = report.get(i);
            // The in-memory store hands out the very objects it keeps; a store that deserialises compares values.
            if (read != now && !read.equals(now)) {
                return false;
            }
        }
        return true;
    }
}
