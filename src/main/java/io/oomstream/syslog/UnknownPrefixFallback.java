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
        int start = ReportLineLocator.locate(head);
        if (start < 0) {
            return null;
        }
        if (start > 0 && isPartOfComm(text, start)) {
            start = 0;
        }
        final KernelStamp stamp = stampBefore(text, start);
        final LogLine line = new LogLine(null, null, null, null, text.substring(start),
                stamp == null ? null : stamp.micros(), null, SourceFormat.UNKNOWN_PREFIX);
        return new Found(line, stamp == null ? start : stampStart(text, stamp, start));
    }

    /** The kernel's TASK_COMM_LEN is 16: a process name has at most 15 chars. */
    private static final int MAX_COMM_CHARS = 15;
    private static final String INVOKED = " invoked oom-killer: ";

    /**
     * {@code Web Content invoked oom-killer:} on a bare line: the words before the last one are part of the process
     * name, not a prefix, when together they still fit a process name and hold nothing a log prefix has (a stamp's
     * colon or dot, a bracket, a separator).
     */
    private static boolean isPartOfComm(final String text, final int start) {
        final int invoked = text.indexOf(INVOKED, start);
        if (invoked < 0 || text.codePointCount(0, invoked) > MAX_COMM_CHARS) {
            return false;
        }
        for (int i = 0; i < start; i++) {
            final char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != ' ') {
                return false;
            }
        }
        return true;
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
