package io.oomstream.enrich;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;

/**
 * Decides which service a kill hit, trying in order (first match wins, recorded as {@link ServiceRule}):
 * <ol>
 *   <li>the memcg path ({@code task_memcg}, else {@code oom_memcg}) naming a systemd service;</li>
 *   <li>the fleet metadata's process names of the host's services;</li>
 *   <li>the {@code systemd_unit} systemd logged for the kill;</li>
 *   <li>the victim's process name.</li>
 * </ol>
 * A unit found by rule 1 or 3 is reported under the fleet's service name when a fleet service lists that
 * unit ({@code tomcat9.service} → {@code tomcat}). Pod uid and container id come from the memcg path
 * whatever rule decides the service. Allocation failures are not kills and get no attribution.
 */
public final class ServiceAttribution {

    /** The kernel keeps 15 characters of a process name (TASK_COMM_LEN 16 with the NUL). */
    static final int COMM_LENGTH = 15;

    private ServiceAttribution() {
    }

    /** Whether the event reports a process killed for memory (by the kernel, systemd-oomd or earlyoom). */
    public static boolean isKill(final OomEvent e) {
        return e.kind() != EventKind.ALLOC_FAILURE;
    }

    /** Attributes one event; {@code fleet} may be null (unknown host). */
    public static Attribution attribute(final OomEvent e, final FleetHost fleet) {
        if (!isKill(e)) {
            return Attribution.NONE;
        }
        final CgroupPath cgroup = memcgPath(e);
        final String victim = e.victim() == null ? null : e.victim().name();
        final String fleetService = fleetServiceOfProcess(fleet, victim);
        final String loggedUnit = CgroupPath.unitName(e.systemdUnit());
        final String service;
        final ServiceRule rule;
        if (cgroup.unit() != null) {
            service = fleetServiceOfUnit(fleet, cgroup.unit());
            rule = ServiceRule.MEMCG_PATH;
        } else if (fleetService != null) {
            service = fleetService;
            rule = ServiceRule.FLEET_PROCESS_NAME;
        } else if (loggedUnit != null) {
            service = fleetServiceOfUnit(fleet, loggedUnit);
            rule = ServiceRule.SYSTEMD_UNIT;
        } else if (victim != null && !victim.isBlank()) {
            service = victim;
            rule = ServiceRule.PROCESS_NAME;
        } else {
            service = null;
            rule = null;
        }
        return new Attribution(service, rule, cgroup.podUid(), cgroup.containerId());
    }

    /** What the event's memcg paths say: {@code task_memcg}, else {@code oom_memcg} when the task's says nothing. */
    static CgroupPath memcgPath(final OomEvent e) {
        final CgroupPath task = CgroupPath.parse(e.taskMemcg());
        if (task.unit() == null && task.podUid() == null && task.containerId() == null) {
            return CgroupPath.parse(e.oomMemcg());
        }
        return task;
    }

    /** A process name as the kernel prints it: at most 15 characters. */
    static String comm(final String name) {
        return name.length() > COMM_LENGTH ? name.substring(0, COMM_LENGTH) : name;
    }

    private static String fleetServiceOfProcess(final FleetHost fleet, final String victim) {
        if (fleet == null || victim == null) {
            return null;
        }
        final String comm = comm(victim);
        for (final Service s : fleet.services()) {
            for (final String p : s.processNames()) {
                if (comm(p).equals(comm)) {
                    return s.name();
                }
            }
        }
        return null;
    }

    private static String fleetServiceOfUnit(final FleetHost fleet, final String unit) {
        if (fleet != null) {
            for (final Service s : fleet.services()) {
                for (final String u : s.systemdUnits()) {
                    if (unit.equals(CgroupPath.unitName(u))) {
                        return s.name();
                    }
                }
            }
        }
        return unit;
    }
}
