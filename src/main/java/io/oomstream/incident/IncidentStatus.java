package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonValue;

/** An incident's lifecycle; written as {@code status}. */
public enum IncidentStatus {
    /** Kills are still joining (the quiet gap has not passed since the last one). */
    OPEN("open"),
    /** The quiet gap passed after the last kill; {@code closed_at} says when. */
    CLOSED("closed");

    private final String json;

    IncidentStatus(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
