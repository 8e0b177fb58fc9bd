package io.oomstream.syslog;

import io.oomstream.kernel.ReportLineLocator;

/**
 * The last resort for text no layout matched: if a recognisable OOM-report line sits behind an
 * unknown prefix (a Kibana/Grafana export, {@code Mar  1 12:00:00.123 myhost [kern.warn] }, email
 * quoting, a hypervisor console), keep the line from there on. Nothing is guessed from the prefix:
 * host, time, program and pid stay null; only a kernel stamp right before the line is kept.
 */
final class UnknownPrefixFallback {

    /**
     * Only the head of the text is searched: a prefix is short, and this bounds the regex work on
     * the ~1% of lines that reach this path (the message itself is still taken whole).
     */
    static final int SEARCH_WINDOW_CHARS = 8192;
    /** How far before the report line a {@code [stamp][ T12] } may start. */
    private static final int STAMP_LOOKBACK_CHARS = 48;

    private UnknownPrefixFallback() {
    }

    /** The line, or null when the text holds no recognisable report line. */
    static LogLine apply(final String text) {
        final Found found = locate(text);
        return found == null ? null : found.line();
    }

    /**
     * The line found behind the prefix and where that prefix ends: before the kernel stamp when one stands right
     * before the report line (the stamp is not part of the prefix's shape), else at the report line.
     */
    record Found(LogLine line, int prefixEnd) {
    }

    /** Like {@link #apply}, with the end of the prefix to learn from; null when the text holds no report line. */
    static Found locate(final String text) {
        final String head = text.length() > SEARCH_WINDOW_CHARS ? text.substring(0, SEARCH_WINDOW_CHARS) : text;
        final int start = ReportLineLocator.locate(head);
        if (start < 0) {
            return null;
        }
        final KernelStamp stamp = stampBefore(text, start);
        final LogLine line = new LogLine(null, null, null, null, text.substring(start),
                stamp == null ? null : stamp.micros(), null, SourceFormat.UNKNOWN_PREFIX);
        return new Found(line, stamp == null ? start : stampStart(text, stamp, start));
    }

    /**
     * The line behind a learned prefix that ends at {@code from}: a kernel stamp there (blanks before it aside) is
     * taken out as the uptime, the rest is the message, whole.
     */
    static LogLine behindPrefix(final String text, final int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        final KernelStamp stamp = i < text.length() && text.charAt(i) == '[' ? KernelStamp.parseAt(text, i) : null;
        final int start = stamp == null ? from : stamp.messageStart(text);
        return new LogLine(null, null, null, null, text.substring(start), stamp == null ? null : stamp.micros(), null,
                SourceFormat.UNKNOWN_PREFIX);
    }

    /** The kernel stamp that ends (blanks aside) right at {@code start}, or null. */
    private static KernelStamp stampBefore(final String text, final int start) {
        for (int k = start - 1; k >= 0 && k >= start - STAMP_LOOKBACK_CHARS; k--) {
            if (text.charAt(k) != '[') {
                continue;
            }
            final KernelStamp stamp = KernelStamp.parseAt(text, k);
            if (stamp != null && stamp.end() <= start && text.substring(stamp.end(), start).isBlank()) {
                return stamp;
            }
        }
        return null;
    }

    /** Where the stamp found by {@link #stampBefore} starts (its {@code [}). */
    private static int stampStart(final String text, final KernelStamp stamp, final int start) {
        for (int k = start - 1; k >= 0 && k >= start - STAMP_LOOKBACK_CHARS; k--) {
            if (text.charAt(k) == '[') {
                final KernelStamp s = KernelStamp.parseAt(text, k);
                if (s != null && s.end() == stamp.end()) {
                    return k;
                }
            }
        }
        return start;
    }
}
