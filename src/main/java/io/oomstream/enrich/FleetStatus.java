package io.oomstream.enrich;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether fleet metadata was found for an event's host; written as {@code fleet_status}. */
public enum FleetStatus {
    /** The fleet topic (or file) has the host; the {@code fleet} object is filled. */
    KNOWN("known"),
    /** No metadata for the host (not in the inventory, not published yet, or the log named no host). */
    UNKNOWN("unknown");

    private final String json;

    FleetStatus(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
