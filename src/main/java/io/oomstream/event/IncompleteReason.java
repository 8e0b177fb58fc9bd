package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an event was emitted before its report ended; written as {@code incomplete_reason}. */
public enum IncompleteReason {
    /** The report reached an end without a kill line (e.g. no killable process). */
    NO_KILL_LINE("no_kill_line"),
    /** No line of the report arrived for the idle timeout (a host may still be writing it slowly). */
    IDLE_TIMEOUT("idle_timeout"),
    /** The input ended while the report was open. */
    END_OF_INPUT("end_of_input"),
    /** The host started a new report before this one ended. */
    SUPERSEDED("superseded"),
    /** The report exceeded the line or byte cap; the rest was not read. */
    TRUNCATED("truncated"),
    /** Body lines arrived with no header before them (lost lines, a fragment). */
    MISSING_HEADER("missing_header");

    private final String json;

    IncompleteReason(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
