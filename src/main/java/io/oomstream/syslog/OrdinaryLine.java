package io.oomstream.syslog;

/**
 * A record that decodes to exactly one line, of a program the caller's {@link ProgramFilter} passes over (or, for a
 * filter that {@linkplain ProgramFilter#readsLines() reads lines}, a line it passes over): the decoder stopped as soon
 * as it knew that, and only the host and time are at hand.
 */
public sealed interface OrdinaryLine extends DecodeResult permits SyslogOrdinaryLine, BytesOrdinaryLine {

    /** The host, as {@link LogLine#host()} of the full line would be (null when the record names none). */
    String host();

    /** False when the record carries no usable time ({@link LogLine#time()} of the full line would be null). */
    boolean hasTime();

    /** The line's time in epoch milliseconds, as {@code line.time().toEpochMilli()} would be; only if {@link #hasTime()}. */
    long epochMillis();

    /**
     * True when the line's program may matter and the filter passed over the line itself (a kernel line the grammar
     * reads as none of a report's); false for a line of a program the filter passes over.
     */
    default boolean ofProgramThatMayMatter() {
        return false;
    }
}
