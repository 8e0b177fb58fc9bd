package io.oomstream.enrich;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which rule decided a kill's service; written as the enriched event's {@code service_rule}. Tried in this order. */
public enum ServiceRule {
    /** The victim's memory cgroup names a systemd service ({@code /system.slice/apache2.service}). */
    MEMCG_PATH("memcg_path"),
    /** The host's fleet metadata lists the victim's process name under a service (java on a Tomcat host). */
    FLEET_PROCESS_NAME("fleet_process_name"),
    /** systemd's own line named the unit ({@code apache2.service: A process of this unit has been killed ...}). */
    SYSTEMD_UNIT("systemd_unit"),
    /** Nothing better: the victim's process name is the service. */
    PROCESS_NAME("process_name");

    private final String json;

    ServiceRule(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
