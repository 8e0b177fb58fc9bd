package io.oomstream.syslog;

import java.util.Objects;

/**
 * Turns a framed record (header fields plus the raw message) into its lines: splits embedded
 * newlines ({@link EscapedNewlines}), strips each piece's kernel stamp into
 * {@link LogLine#uptimeMicros()}, and splits glued dmesg lines
 * ({@code ... = 4476kB [7934037.762116] Node 0 DMA32: ...}) at every further stamp.
 *
 * <p>A piece without a stamp inherits the most recent stamp of the record (or the record's own
 * uptime, e.g. journald's {@code _SOURCE_MONOTONIC_TIMESTAMP}): the continuation lines of one
 * printk record share its stamp.
 */
final class MessageLines {

    private MessageLines() {
    }

    static void expand(final LogLine framed, final LineSink sink) {
        expand(framed, sink, false);
    }

    /** {@link #expand} of a message known to hold no newline, {@code #} or backslash (so no escape of a newline). */
    static void expandEscapeFree(final LogLine framed, final LineSink sink) {
        emitPiece(framed, framed.message(), framed.uptimeMicros(), sink);
    }

    /** @param oneLine the message is known to hold no {@code '\n'} (taken out of one line of text): not looked for */
    static void expand(final LogLine framed, final LineSink sink, final boolean oneLine) {
        final String raw = framed.message();
        if (!(oneLine ? EscapedNewlines.mayContainEscape(raw, 0) : EscapedNewlines.mayContain(raw))) {
            emitPiece(framed, raw, framed.uptimeMicros(), sink);
            return;
        }
        Long uptime = framed.uptimeMicros();
        for (final String piece : EscapedNewlines.split(raw)) {
            if (sink.isFull()) {
                sink.markOverflowed();
                return;
            }
            uptime = emitPiece(framed, piece, uptime, sink);
        }
    }

    /** Emits one piece (several when stamps are glued); returns the stamp the next piece inherits. */
    private static Long emitPiece(final LogLine framed, final String piece, final Long inherited,
            final LineSink sink) {
        final String text = !piece.isEmpty() && piece.charAt(piece.length() - 1) == '\r'
                ? piece.substring(0, piece.length() - 1) : piece;
        final KernelStamp stamp = !text.isEmpty() && text.charAt(0) == '[' ? KernelStamp.parseAt(text, 0) : null;
        if (stamp == null) {
            final boolean unchanged = text == framed.message() && Objects.equals(inherited, framed.uptimeMicros());
            sink.add(unchanged ? framed : framed.withMessage(text, inherited));
            return inherited;
        }
        int start = stamp.messageStart(text);
        long micros = stamp.micros();
        int search = start;
        while (!sink.isFull()) {
            final int gap = text.indexOf(" [", search);
            if (gap < 0) {
                break;
            }
            final KernelStamp next = KernelStamp.parseAt(text, gap + 1);
            if (next == null) {
                search = gap + 2;
                continue;
            }
            sink.add(framed.withMessage(text.substring(start, gap), micros));
            micros = next.micros();
            start = next.messageStart(text);
            search = start;
        }
        sink.add(framed.withMessage(text.substring(start), micros));
        return micros;
    }
}
