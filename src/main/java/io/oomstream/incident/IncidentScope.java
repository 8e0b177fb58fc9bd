package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which kind of record of the incidents topic this is; written as {@code scope}. */
public enum IncidentScope {
    /** Kills of one host ({@link Incident}); key {@code <host>:<event_id>}. */
    HOST("host"),
    /** Many hosts of one service or role within a short span ({@link FleetIncident}); key {@code fleet:...}. */
    FLEET("fleet");

    private final String json;

    IncidentScope(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
