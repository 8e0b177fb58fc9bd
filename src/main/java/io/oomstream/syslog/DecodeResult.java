package io.oomstream.syslog;

/**
 * What {@link SyslogDecoder#decode(String, java.time.Instant, ProgramFilter)} made of a record: its lines
 * ({@link Decoded}), or, for the plain line of a program the caller's filter passes over, only that it was one
 * ({@link OrdinaryLine}).
 */
public sealed interface DecodeResult permits Decoded, OrdinaryLine {
}
