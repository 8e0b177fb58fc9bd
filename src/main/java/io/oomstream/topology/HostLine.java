package io.oomstream.topology;

import io.oomstream.stitch.ReportLine;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.time.Instant;

/**
 * A decoded line on its way from the decoder to the stitcher (through the by-host repartition
 * topic): the line model in a compact, serialisable form.
 */
public record HostLine(String host, Long epochMillis, String program, Integer pid, String message,
                       Long uptimeMicros, String bootId) {

    static HostLine of(final LogLine l) {
        return new HostLine(l.host(), l.time() == null ? null : l.time().toEpochMilli(), l.program(), l.pid(),
                ReportLine.capped(l.message()), l.uptimeMicros(), l.bootId());
    }

    LogLine toLogLine() {
        return new LogLine(host, epochMillis == null ? null : Instant.ofEpochMilli(epochMillis), program, pid, message,
                uptimeMicros, bootId, (SourceFormat) null);
    }
}
