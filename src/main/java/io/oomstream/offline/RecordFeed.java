package io.oomstream.offline;

import io.oomstream.syslog.RecordJoiner;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;

/**
 * Feeds an input's records, one at a time and in order, to its {@link RecordJoiner}. Where the input shows its lines
 * as bytes ({@link LineBytes}), each line is first offered as bytes ({@link RecordJoiner#acceptLine}): an ordinary
 * line (nearly every line of a log) is read by the decoder from its bytes and its String is never built. Any other
 * line is read as text, through the same {@link MultiLineRecordReader} as always (a journal entry written over
 * several lines is one record). The records, their decoding and the joiner's repairs are exactly those of the text
 * path: a line is taken from its bytes only where the decoder would read its text as the same ordinary line.
 */
final class RecordFeed {

    private final MultiLineRecordReader records;
    /** The input's bytes, or null to read every line as text. */
    private final LineBytes bytes;
    private final RecordJoiner joiner;
    private final Instant reference;
    private final ProgressListener progress;

    RecordFeed(final BufferedReader input, final RecordJoiner joiner, final Instant reference,
               final ProgressListener progress) {
        // A journal entry a tool writes over several lines (json-pretty, jq, -o export) is one record.
        this.records = new MultiLineRecordReader(input);
        this.bytes = LineBytes.of(input);
        this.joiner = joiner;
        this.reference = reference;
        this.progress = progress;
    }

    /** Feeds the next record to the joiner; false at the end of the input. */
    boolean next(final RecordJoiner.Sink sink) throws IOException {
        final String record;
        if (bytes == null || records.hasPending()) {
            record = records.readLine();
        } else {
            if (!bytes.nextLine()) {
                return false;
            }
            final int from = bytes.lineFrom();
            final int to = bytes.lineTo();
            final boolean printable = bytes.linePrintableAscii();
            if (printable
                    && joiner.acceptLine(bytes.lineBuffer(), from, to, true, bytes.lineEscapeFree(), reference, sink)) {
                progress.record(to - from + 1L);
                return true;
            }
            final String text = bytes.lineText();
            record = records.recordFrom(text);
            if (printable && record == text) {
                // The line itself is the record (as nearly always): what the byte scan read of it is not read again.
                joiner.declinedLineText(bytes.lineBuffer(), from, to, text, bytes.lineEscapeFree());
            }
        }
        if (record == null) {
            return false;
        }
        joiner.accept(record, reference, sink);
        progress.record(record.length() + 1L);
        return true;
    }
}
