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
    ProgramFilter OOM_RELEVANT = KernelGrammar::programMayMatter;

    /**
     * True when lines of the program named {@code text[from, to)} may matter. Must be true whenever in
     * doubt: a false here means the line is only counted, never looked at.
     */
    boolean mayMatter(String text, int from, int to);
}
