package io.oomstream.syslog;

import java.time.Instant;

/**
 * An ordinary line in an rsyslog JSON record, read with a streaming parser: no tree, no line built.
 *
 * @param host the host field's text, or null
 * @param time the time field's instant, or null
 */
public record JsonOrdinaryLine(String host, Instant time) implements OrdinaryLine {

    @Override
    public boolean hasTime() {
        return time != null;
    }

    @Override
    public long epochMillis() {
        return time.toEpochMilli();
    }
}
