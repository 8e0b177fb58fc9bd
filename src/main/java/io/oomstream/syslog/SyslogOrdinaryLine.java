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
 */
public record SyslogOrdinaryLine(String record, int hostStart, int hostEnd, int tagStart, long epochSecond, int nanos,
        SourceFormat format) implements OrdinaryLine {

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

    /** The line as a full decode gives it (for an indented continuation line that follows it). */
    LogLine toLogLine() {
        final SyslogTag tag = SyslogTag.parseAt(record, tagStart);
        return new LogLine(host(), Instant.ofEpochSecond(epochSecond, nanos), tag.name(), tag.pid(),
                record.substring(tag.end()), null, null, format);
    }
}
