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
    ProgramFilter OOM_RELEVANT = new ProgramFilter() {
        @Override
        public boolean mayMatter(final String text, final int from, final int to) {
            return KernelGrammar.programMayMatter(text, from, to);
        }

        @Override
        public boolean mayMatter(final byte[] ascii, final int from, final int to) {
            return KernelGrammar.programMayMatter(ascii, from, to);
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
}
