package io.oomstream.syslog;

import io.oomstream.kernel.ProgramMessage;
import java.time.Instant;

/**
 * One syslog line after transport decoding: the single line model every input format is
 * reduced to before the kernel grammar sees it.
 *
 * <p>Every field but {@code message} may be null: a field the transport did not carry is
 * left null, never guessed.
 *
 * @param host         the sending host as the record names it (null when the layout does not show one)
 * @param time         wall-clock time of the line (null when unknown, e.g. plain dmesg)
 * @param program      syslog tag / ident / app-name, e.g. {@code kernel}, {@code systemd}
 * @param pid          the program's pid from {@code tag[pid]:} or the record's pid field
 * @param message      the text after all transport prefixes and after the kernel uptime stamp
 * @param uptimeMicros the kernel's {@code [12345.678901]} stamp in microseconds since boot, null when absent
 * @param bootId       the boot id (journald {@code _BOOT_ID}) when known
 * @param format       which decoder recognised the line
 */
public record LogLine(
        String host,
        Instant time,
        String program,
        Integer pid,
        String message,
        Long uptimeMicros,
        String bootId,
        SourceFormat format) implements ProgramMessage {

    /** A copy with another message (used when one record carries several lines). */
    public LogLine withMessage(final String newMessage, final Long newUptimeMicros) {
        return new LogLine(host, time, program, pid, newMessage, newUptimeMicros, bootId, format);
    }
}
