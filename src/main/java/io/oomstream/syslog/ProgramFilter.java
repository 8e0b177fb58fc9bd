package io.oomstream.syslog;

/**
 * Says whether lines of a program may matter to the caller, looking at the name where it stands in the record,
 * so that the decoder can pass over the lines of other programs without building them.
 */
@FunctionalInterface
public interface ProgramFilter {

    /** Every program matters: the decoder decodes every line in full. */
    ProgramFilter EVERY_PROGRAM = (text, from, to) -> true;

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
