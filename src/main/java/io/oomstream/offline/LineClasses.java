package io.oomstream.offline;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import java.util.List;

/**
 * The grammar's class of each line of a decoded record, worked out on the decoding thread ({@link DecodeAhead}) so
 * that the stitching thread does not classify too: {@link KernelGrammar#classify} is stateless, so where it runs
 * changes nothing but which core does the work. A line that cannot matter ({@link KernelGrammar#mayMatter}) has no
 * class (null), as the stitcher passes it over unclassified.
 */
final class LineClasses {

    /** A record none of whose lines may matter (or without lines). */
    static final Object NONE = new Object();

    private LineClasses() {
    }

    /** {@link #NONE}, one {@link Classified} (a one-line record), or a {@code Classified[]} by line. */
    static Object of(final DecodeResult result) {
        if (!(result instanceof Decoded d) || d.lines().isEmpty()) {
            return NONE;
        }
        final List<LogLine> lines = d.lines();
        if (lines.size() == 1) {
            final Classified c = classify(lines.get(0));
            return c == null ? NONE : c;
        }
        final Classified[] classes = new Classified[lines.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = classify(lines.get(i));
        }
        return classes;
    }

    /** The class of line {@code i} in what {@link #of} gave; null when it cannot matter. */
    static Classified get(final Object classes, final int i) {
        if (classes instanceof Classified[] byLine) {
            return byLine[i];
        }
        return classes == NONE ? null : (Classified) classes;
    }

    /** The line's class, or null when it cannot matter. */
    static Classified classify(final LogLine line) {
        return KernelGrammar.mayMatter(line) ? KernelGrammar.classify(line) : null;
    }
}
