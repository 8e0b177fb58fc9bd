package io.oomstream.incident;

/**
 * Tells a host's incidents that one of its kills belongs to a fleet-wide incident.
 *
 * @param host            the host as its logs name it
 * @param eventId         the kill
 * @param fleetIncidentId the fleet-wide incident
 */
public record FleetFlag(String host, String eventId, String fleetIncidentId) {
}
