package io.oomstream.syslog;

import java.time.Instant;

/**
 * An ordinary RFC 3164 / journalctl line: the decoder stopped once it knew the program, so only the line's time is
 * ready; its host is taken from the record on demand, and the rest was never built.
 *
 * @param record      the record text
 * @param hostStart   where the host name starts in {@code record}
 * @param hostEnd     where it ends
 * @param tagStart    where the syslog tag starts (to build the whole line on demand)
 * @param epochSecond the line's time
 * @param nanos       and its fraction of a second
 * @param format      the layout the line was recognised in
 * @param ofProgramThatMayMatter true for a line of a program that may matter which the filter passed over (its message
 *                    was read: {@link ProgramFilter#readsTextLines()})
 * @param messageStart where the line's message starts in {@code record} after a kernel stamp, or -1: right after the tag
 * @param uptimeMicros that stamp's uptime, or {@link #NO_UPTIME}
 */
public record SyslogOrdinaryLine(String record, int hostStart, int hostEnd, int tagStart, long epochSecond, int nanos,
        SourceFormat format, boolean ofProgramThatMayMatter, int messageStart, long uptimeMicros)
        implements OrdinaryLine {

    /** No kernel stamp starts the message. */
    public static final long NO_UPTIME = Long.MIN_VALUE;

    /** A line whose message starts right after its tag, without a kernel stamp. */
    SyslogOrdinaryLine(final String record, final int hostStart, final int hostEnd, final int tagStart,
            final long epochSecond, final int nanos, final SourceFormat format, final boolean ofProgramThatMayMatter) {
        this(record, hostStart, hostEnd, tagStart, epochSecond, nanos, format, ofProgramThatMayMatter, -1, NO_UPTIME);
    }

    @Override
    public String host() {
        return record.substring(hostStart, hostEnd);
    }

    @Override
    public boolean hasTime() {
        return true;
    }

    @Override
    public long epochMillis() {
        return epochSecond * 1_000L + nanos / 1_000_000;
    }

    /**
     * The line as a full decode gives it (for an indented continuation line that follows it, or a record a
     * {@link RecordJoiner} may join with it): the record's message holds no embedded newline and no kernel stamp
     * but the one at its start, if any, so the full decode's one line is the framed one, that stamp taken out.
     */
    LogLine toLogLine() {
        final SyslogTag tag = SyslogTag.parseAt(record, tagStart);
        return new LogLine(host(), Instant.ofEpochSecond(epochSecond, nanos), tag.name(), tag.pid(),
                record.substring(messageStart < 0 ? tag.end() : messageStart),
                uptimeMicros == NO_UPTIME ? null : uptimeMicros, null, format);
    }
}
