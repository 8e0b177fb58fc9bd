package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A value of the incidents topic: a host incident or a fleet-wide one, told apart by {@code scope}
 * ({@code host} | {@code fleet}) and by the key ({@code fleet:} prefix for fleet-wide).
 * schemas/incident.schema.json.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "scope",
        visible = true)
@JsonSubTypes({@JsonSubTypes.Type(value = Incident.class, name = "host"),
        @JsonSubTypes.Type(value = FleetIncident.class, name = "fleet")})
public sealed interface IncidentRecord permits Incident, FleetIncident {

    /** The key: stable over the incident's life, so the compacted topic keeps its latest state. */
    String incidentId();

    IncidentScope scope();

    IncidentStatus status();

    /** ISO-8601 time of the first kill. */
    String openedAt();
}
