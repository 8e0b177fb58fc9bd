package io.oomstream.stitch;

import io.oomstream.kernel.ProgramMessage;
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

    /**
     * A kernel line is at most about 1 kB (printk's line limit); anything far longer is garbage, and
     * a state-store record must stay well below the broker's 1 MB record limit.
     */
    public static final int MAX_MESSAGE_CHARS = 16 * 1024;

    public static ReportLine of(final LogLine line) {
        return new ReportLine(line.program(), capped(line.message()),
                line.time() == null ? null : line.time().toEpochMilli(), line.uptimeMicros());
    }

    /**
     * Whether {@code message} fits a report line whole. A longer one, cut, would read as another line (a kill line
     * cut inside its process name is no kill line), so the callers refuse it rather than cut it: `run` dead-letters
     * it, `analyze` counts it undecodable.
     */
    public static boolean fitsWhole(final String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS;
    }

    /** The message cut to {@link #MAX_MESSAGE_CHARS}. */
    public static String capped(final String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS ? message
                : message.substring(0, MAX_MESSAGE_CHARS);
    }

    /** Bytes this line costs against the report's byte cap (message length is a fair proxy). */
    public int weight() {
        return message == null ? 0 : message.length() + 32;
    }

    public boolean fromKernel() {
        return ProgramMessage.kernelWrote(program);
    }
}
