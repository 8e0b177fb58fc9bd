package io.oomstream.reorder;

import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.time.Instant;

/**
 * One line held by the reorder stage, as it is stored: its place, when it arrived (wall clock, epoch ms) and the
 * line itself in the compact form lines travel in between decoder and stitcher; {@code repeatable} when the report
 * may print the same line more than once (see {@link ReorderBuffer#canTellRepeats}).
 */
public record HeldLine(OrderKey key, long arrivedMillis, String host, Long epochMillis, String program, Integer pid,
                       String message, Long uptimeMicros, String bootId, boolean repeatable) {

    static HeldLine of(final OrderKey key, final long arrivedMillis, final LogLine l, final boolean repeatable) {
        return new HeldLine(key, arrivedMillis, l.host(), l.time() == null ? null : l.time().toEpochMilli(),
                l.program(), l.pid(), l.message(), l.uptimeMicros(), l.bootId(), repeatable);
    }

    LogLine toLogLine() {
        return new LogLine(host, epochMillis == null ? null : Instant.ofEpochMilli(epochMillis), program, pid, message,
                uptimeMicros, bootId, (SourceFormat) null);
    }
}
