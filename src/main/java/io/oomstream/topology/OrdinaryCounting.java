package io.oomstream.topology;

import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.OrdinaryLine;

/**
 * How an input record that the decode finds {@link OrdinaryLine ordinary} is counted: decoded, its one line dropped
 * by the pre-filter, outcome {@code ordinary} with the reason (a program that writes no OOM reports, or a line of one
 * that may, which the grammar passes over). One place for the {@link DecodeProcessor} and the
 * {@link OrdinaryRecordFilter} in front of it, so that the same record counts the same whichever of the two drops it.
 */
final class OrdinaryCounting {

    private final Metrics.Counter decoded;
    private final Metrics.Counter prefiltered;
    private final Metrics.Counter otherProgram;
    private final Metrics.Counter notAReportLine;

    OrdinaryCounting(final Metrics metrics) {
        decoded = metrics.counter(Metrics.RECORDS_DECODED, DecodeProcessor.DECODED_HELP);
        prefiltered = metrics.counter(DecodeProcessor.LINES_PREFILTERED, DecodeProcessor.PREFILTERED_HELP);
        otherProgram = RecordOutcome.counter(metrics, RecordOutcome.ORDINARY, RecordOutcome.OTHER_PROGRAM);
        notAReportLine = RecordOutcome.counter(metrics, RecordOutcome.ORDINARY, RecordOutcome.NOT_A_REPORT_LINE);
    }

    /** One ordinary record. */
    void count(final OrdinaryLine ordinary) {
        if (ordinary.ofProgramThatMayMatter()) {
            count(0, 1);
        } else {
            count(1, 0);
        }
    }

    /** Ordinary records, added at once (the filter adds a poll's). */
    void count(final long ofOtherPrograms, final long notReportLines) {
        final long n = ofOtherPrograms + notReportLines;
        if (n > 0) {
            decoded.inc(n);
            prefiltered.inc(n);
            otherProgram.inc(ofOtherPrograms);
            notAReportLine.inc(notReportLines);
        }
    }
}
