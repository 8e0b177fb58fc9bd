package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of hosts a fleet-wide incident can span: the hosts where one service runs, or the hosts of one role.
 *
 * @param groupBy {@code service} or {@code role}
 * @param value   the service or role name
 */
public record FleetGroup(String groupBy, String value) {

    public static final String SERVICE = "service";
    public static final String ROLE = "role";

    /** The groups a kill counts for: its service, and its host's role when the fleet metadata gives one. */
    public static List<FleetGroup> of(final Kill kill) {
        final List<FleetGroup> groups = new ArrayList<>(2);
        if (kill.summary().service() != null) {
            groups.add(new FleetGroup(SERVICE, kill.summary().service()));
        }
        if (kill.fleet() != null && kill.fleet().role() != null) {
            groups.add(new FleetGroup(ROLE, kill.fleet().role()));
        }
        return groups;
    }

    /** {@code service:httpd}: the key of the group's state and of its repartition topic. */
    @JsonIgnore
    public String key() {
        return groupBy + ":" + value;
    }
}
