package io.oomstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.stitch.ReportLine;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.SyslogDecoder;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** The properties every fuzz target checks, in one place so the targets state the same thing the same way. */
final class FuzzInvariants {

    /**
     * Lines that name a killed or selected process. Without one of them in the input, no event may name a victim:
     * a victim out of other text would be an invented kill.
     */
    static final Set<LineKind> KILL_NAMING = EnumSet.of(LineKind.KILL, LineKind.SELECTION, LineKind.OOM_SUMMARY,
            LineKind.GROUP_KILL_NOTICE, LineKind.REAPER, LineKind.UNIT_OOM, LineKind.UNIT_FAILED_OOM,
            LineKind.USERSPACE_KILL);

    /** How {@code SyslogDecoder.decode} reports an exception it caught from its own code. */
    private static final String DECODER_BUG = "decoder failure";

    private FuzzInvariants() {
    }

    /** A decode result: never null, lines within the documented caps (chars per line, lines per record). */
    static void checkDecoded(final DecodeResult result) {
        checkDecoded(result, kind -> { });
    }

    /**
     * {@link #checkDecoded(DecodeResult)}, handing each line's grammar kind to {@code kinds} (classified once, for the
     * check and the caller). The decoder's catch-all for its own bugs ("decoder failure: ...") must never fire: it keeps
     * a bug from stopping the stream, but on fuzzed input it is an exception the decoder let through.
     */
    static void checkDecoded(final DecodeResult result, final Consumer<LineKind> kinds) {
        assertNotNull(result, "decode returned null");
        if (result instanceof OrdinaryLine) {
            return;
        }
        final Decoded decoded = (Decoded) result;
        assertNotNull(decoded.lines());
        assertFalse(decoded.error() != null && decoded.error().startsWith(DECODER_BUG),
                () -> "an exception inside the decoder: " + decoded.error());
        assertFalse(decoded.lines().isEmpty() && decoded.error() == null, "no lines and no error");
        assertTrue(decoded.lines().size() <= SyslogDecoder.MAX_LINES_PER_RECORD,
                () -> "lines per record over the cap: " + decoded.lines().size());
        for (final LogLine line : decoded.lines()) {
            kinds.accept(checkLine(line));
        }
    }

    /** One line: a message, capped; its report-line form capped at {@link ReportLine#MAX_MESSAGE_CHARS}; its kind. */
    static LineKind checkLine(final LogLine line) {
        assertNotNull(line.message(), "line without message");
        assertTrue(line.message().length() <= SyslogDecoder.MAX_RECORD_CHARS,
                () -> "LogLine message over MAX_RECORD_CHARS: " + line.message().length());
        assertTrue(line.host() == null || line.host().length() <= SyslogDecoder.MAX_RECORD_CHARS,
                () -> "host over MAX_RECORD_CHARS: " + line.host().length());
        assertNotNull(line.format(), "line without format");
        final ReportLine report = ReportLine.of(line);
        assertTrue(report.message().length() <= ReportLine.MAX_MESSAGE_CHARS,
                () -> "ReportLine over MAX_MESSAGE_CHARS: " + report.message().length());
        // The grammar must classify any decoded line without throwing.
        final LineKind kind = KernelGrammar.classify(line).kind();
        assertNotNull(kind);
        return kind;
    }
}
