package io.oomstream.stitch;

import io.oomstream.syslog.LogLine;

/**
 * One line kept in an open report: only what the event needs, so the state store stays small.
 *
 * @param program      the syslog tag (null for dmesg)
 * @param message      the kernel message without transport prefixes
 * @param epochMillis  wall-clock time, null when the transport did not give one
 * @param uptimeMicros the kernel uptime stamp, null when absent
 */
public record ReportLine(String program, String message, Long epochMillis, Long uptimeMicros) {

    public static ReportLine of(final LogLine line) {
        return new ReportLine(line.program(), line.message(),
                line.time() == null ? null : line.time().toEpochMilli(), line.uptimeMicros());
    }

    /** Bytes this line costs against the report's byte cap (message length is a fair proxy). */
    public int weight() {
        return message == null ? 0 : message.length() + 32;
    }

    public boolean fromKernel() {
        return program == null || "kernel".equalsIgnoreCase(program);
    }
}
