package io.oomstream.reorder;

import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.time.Instant;

/**
 * One line held by the reorder stage, as it is stored: its place, when it arrived (on the input's clock, epoch ms),
 * when it entered the stage (this process's wall clock), and the
 * line itself in the compact form lines travel in between decoder and stitcher; {@code repeatable} when the report
 * may print the same line more than once (see {@link ReorderBuffer#canTellRepeats}).
 */
public record HeldLine(OrderKey key, long arrivedMillis, long enteredMillis, String host, Long epochMillis, String program, Integer pid,
                       String message, Long uptimeMicros, String bootId, boolean repeatable) {

    static HeldLine of(final OrderKey key, final long arrivedMillis, final long enteredMillis, final LogLine l,
                       final boolean repeatable) {
        return new HeldLine(key, arrivedMillis, enteredMillis, l.host(), l.time() == null ? null : l.time().toEpochMilli(),
                l.program(), l.pid(), l.message(), l.uptimeMicros(), l.bootId(), repeatable);
    }

    LogLine toLogLine() {
        return new LogLine(host, epochMillis == null ? null : Instant.ofEpochMilli(epochMillis), program, pid, message,
                uptimeMicros, bootId, (SourceFormat) null);
    }
}
