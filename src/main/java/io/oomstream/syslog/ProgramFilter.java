package io.oomstream.syslog;

import io.oomstream.kernel.KernelGrammar;

/**
 * Says whether lines of a program may matter to the caller, looking at the name where it stands in the record,
 * so that the decoder can pass over the lines of other programs without building them.
 */
@FunctionalInterface
public interface ProgramFilter {

    /** Every program matters: the decoder decodes every line in full. */
    ProgramFilter EVERY_PROGRAM = (text, from, to) -> true;

    /** Programs whose lines can be part of an OOM report ({@link KernelGrammar#programMayMatter}); others are only counted. */
    ProgramFilter OOM_RELEVANT = new OomRelevantPrograms();

    /**
     * {@link #OOM_RELEVANT}, and of those programs' lines only the ones the kernel grammar reads as part of a report
     * (what the stream's pre-filter passes on): a plain one-line record of the kernel or systemd that the grammar
     * passes over (firewall chatter, "Started Session 12") is ordinary too, recognised from its bytes with only its
     * program and message built. For callers that drop such lines unseen; the stitcher of {@code analyze} sees them.
     */
    ProgramFilter OOM_REPORT_LINES = new OomRelevantPrograms() {
        @Override
        public boolean readsLines() {
            return true;
        }

        @Override
        public boolean lineMayMatter(final LogLine line) {
            return KernelGrammar.reportLineClass(line) != null;
        }
    };

    /**
     * True when lines of the program named {@code text[from, to)} may matter. Must be true whenever in
     * doubt: a false here means the line is only counted, never looked at.
     */
    boolean mayMatter(String text, int from, int to);

    /**
     * {@link #mayMatter(String, int, int)} for a name in a record's ASCII bytes ({@link OrdinaryBytes}); true (in
     * doubt) unless the filter knows better.
     */
    default boolean mayMatter(byte[] ascii, int from, int to) {
        return true;
    }

    /**
     * True when the filter also judges single lines of programs that may matter ({@link #lineMayMatter}); the
     * decoder then builds the message of such a plain record to ask. False by default: programs only.
     */
    default boolean readsLines() {
        return false;
    }

    /**
     * For a filter that {@link #readsLines()}: whether this line (the one line of a record, as the full decode
     * gives it, of a program that may matter) may matter. Must be true whenever in doubt.
     */
    default boolean lineMayMatter(LogLine line) {
        return true;
    }
}
