package io.oomstream.stitch;

import java.time.Duration;

/**
 * The stitcher's bounds and timeouts.
 *
 * @param idleTimeout     an open report with no new line for this long is emitted incomplete
 * @param reaperGrace     after the kill line, how long to wait for the reaper and systemd unit lines
 * @param linger          how long an incomplete-emitted report is kept so late lines can complete it
 * @param maxReportLines  lines kept per report (the default fits a 10,000-task table)
 * @param maxReportBytes  bytes kept per report
 * @param maxTasksInEvent task rows written into one event (the largest by RSS are kept)
 */
public record StitcherConfig(Duration idleTimeout, Duration reaperGrace, Duration linger, int maxReportLines,
                             long maxReportBytes, int maxTasksInEvent) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Long enough for the reaper line of nearly every kill (the kernel prints it within milliseconds of the kill
     * line; only a reaper that retries, "unable to reap", can take about a second), short enough to answer within
     * two seconds. A line later than this is not lost: the event goes out again, richer, under the same event_id.
     */
    public static final Duration DEFAULT_REAPER_GRACE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LINGER = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_REPORT_LINES = 20_000;
    public static final long DEFAULT_MAX_REPORT_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_MAX_TASKS_IN_EVENT = 1_000;

    public static StitcherConfig defaults() {
        return new StitcherConfig(DEFAULT_IDLE_TIMEOUT, DEFAULT_REAPER_GRACE, DEFAULT_LINGER,
                DEFAULT_MAX_REPORT_LINES, DEFAULT_MAX_REPORT_BYTES, DEFAULT_MAX_TASKS_IN_EVENT);
    }

    public StitcherConfig {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
        }
        if (maxReportLines < 10) {
            throw new IllegalArgumentException("max report lines must be at least 10, was " + maxReportLines);
        }
        if (maxReportBytes < 1024) {
            throw new IllegalArgumentException("max report bytes must be at least 1024, was " + maxReportBytes);
        }
    }
}
