package io.oomstream.syslog;

import java.util.List;

/**
 * The outcome of decoding one syslog record.
 *
 * <p>Three shapes occur: lines and no error (ok); no lines and an error (rejected); lines
 * <em>and</em> an error (partial: the record was cut, e.g. longer than
 * {@link SyslogDecoder#MAX_RECORD_CHARS}, and only its first part was decoded).
 *
 * @param lines the decoded lines, in record order; never null, unmodifiable
 * @param error null when the whole record was decoded, else a short reason
 */
public record Decoded(List<LogLine> lines, String error) implements DecodeResult {

    public Decoded {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    static Decoded ok(final List<LogLine> lines) {
        return new Decoded(lines, null);
    }

    static Decoded failure(final String error) {
        return new Decoded(List.of(), error);
    }

    /** True when the whole record was decoded. */
    public boolean isOk() {
        return error == null;
    }

    /** True when some lines were decoded but the record was not decoded whole. */
    public boolean isPartial() {
        return error != null && !lines.isEmpty();
    }
}
