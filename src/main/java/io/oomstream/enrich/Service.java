package io.oomstream.enrich;

import java.util.List;

/**
 * One service a fleet host runs, as its operators declare it in the fleet file.
 *
 * @param name         the service's name as people say it ({@code tomcat}, {@code mysql}); what kills are
 *                     attributed to
 * @param processNames process names (comm) its processes run as ({@code java} for Tomcat); compared on the
 *                     kernel's 15-character truncation, case-sensitively as the kernel prints them
 * @param systemdUnits systemd units that run it ({@code tomcat9.service}); the {@code .service} suffix is optional
 * @param critical     a kill of this service makes its incident critical
 */
public record Service(String name, List<String> processNames, List<String> systemdUnits, boolean critical) {

    /** Nulls become empty lists so callers never check. */
    public Service {
        processNames = processNames == null ? List.of() : List.copyOf(processNames);
        systemdUnits = systemdUnits == null ? List.of() : List.copyOf(systemdUnits);
    }
}
