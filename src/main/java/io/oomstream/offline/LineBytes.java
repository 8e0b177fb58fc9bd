package io.oomstream.offline;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * A line reader that also shows each line as the bytes it was read from, so {@code analyze} can let the decoder look
 * at a line before any String is built ({@link io.oomstream.syslog.RecordJoiner#acceptLine}): nearly every line of a
 * log is ordinary and its String is never needed. One cursor for both views: {@link BufferedReader#readLine()} is
 * {@link #nextLine()} then {@link #lineText()}.
 *
 * <p>A line's bytes are never written again once the reader has shown them (the reader only appends to a buffer or
 * starts a new one), so a line read from them may keep referring to them.
 */
interface LineBytes {

    /** Moves to the next line; false at the end of the input. */
    boolean nextLine() throws IOException;

    /** The buffer holding the current line, at {@code [lineFrom(), lineTo())}, without its line end. */
    byte[] lineBuffer();

    int lineFrom();

    int lineTo();

    /** True when every byte of the current line is printable ASCII (0x20 to 0x7e): its bytes are its chars. */
    boolean linePrintableAscii();

    /**
     * True when the current line holds no {@code #} and no backslash, so no {@code #012}-style escaped line end (only
     * meaningful for a printable ASCII line, which holds no line end either).
     */
    boolean lineEscapeFree();

    /** The current line as text, exactly as {@link BufferedReader#readLine()} gives it. */
    String lineText() throws IOException;

    /**
     * The byte view of {@code reader}, or null when it gives only text: a UTF-16 input, or lines read ahead on another
     * thread ({@link ReadAheadReader}), which builds their Strings there: handing the bytes over instead measured no
     * better (process CPU 1.01x, wall 1.08x on a 3M-line file, BENCHMARKS.md), since the String is then built on
     * the core that has time for it.
     */
    static LineBytes of(final BufferedReader reader) {
        return reader instanceof Utf8LineReader u ? u : null;
    }
}
