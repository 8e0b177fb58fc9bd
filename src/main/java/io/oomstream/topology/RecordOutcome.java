package io.oomstream.topology;

import io.oomstream.metrics.Metrics;

/**
 * What became of one input record, for the reconciliation on {@code /metrics}: every record the decoder reads
 * ends in exactly one outcome ({@link Metrics#RECORDS_TOTAL}, labels {@code outcome} and {@code reason}), so
 * the outcomes add up to the records read and a silent drop shows as a difference.
 *
 * <ul>
 *   <li>{@code report}: at least one of its lines went on to the stitcher (part of a report or an event);</li>
 *   <li>{@code ordinary}: decoded, recognised as no part of any OOM report, skipped;</li>
 *   <li>{@code dead_letter}: sent to the dead-letter topic, the reason in its header. This wins over
 *       {@code report} when a record was decoded only in part (its good lines still go on).</li>
 * </ul>
 * Reasons are a short fixed vocabulary (the free text is in the dead letter's header), so the label stays bounded.
 */
final class RecordOutcome {

    static final String REPORT = "report";
    static final String ORDINARY = "ordinary";
    static final String DEAD_LETTER = "dead_letter";

    static final String REPORT_LINE = "report_line";
    static final String OTHER_PROGRAM = "other_program";
    static final String NOT_A_REPORT_LINE = "not_a_report_line";
    static final String LINE_TOO_LONG = "line_too_long";

    private static final String HELP = "Input records by what became of them: outcome report, ordinary (skipped) or "
            + "dead_letter, with the reason; they add up to the records read";

    private RecordOutcome() {
    }

    static Metrics.Counter counter(final Metrics metrics, final String outcome, final String reason) {
        return metrics.counter(Metrics.RECORDS_TOTAL, HELP, "outcome", outcome, "reason", reason);
    }

    /** The bounded reason code of a decoder's or the dead-letter branch's free-text reason. */
    static String reasonCode(final String reason) {
        if (reason == null) {
            return "other";
        }
        if (reason.startsWith("empty record")) {
            return "null_value";
        }
        if (reason.startsWith("no syslog layout")) {
            return "no_layout";
        }
        if (reason.startsWith("invalid JSON")) {
            return "invalid_json";
        }
        if (reason.startsWith("JSON")) {
            return "json_without_message";
        }
        if (reason.startsWith("record longer than")) {
            return "record_too_long";
        }
        if (reason.startsWith("record holds more than")) {
            return "too_many_lines";
        }
        if (reason.startsWith("line of ")) {
            return LINE_TOO_LONG;
        }
        if (reason.startsWith("decoder failure")) {
            return "decoder_failure";
        }
        if (reason.startsWith("no line")) {
            return "no_line";
        }
        return "other";
    }
}
