package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad an incident is, lowest first; the rules are {@link SeverityRules}'s. */
public enum Severity {
    /** One kill of a non-critical service, host otherwise healthy. */
    LOW("low"),
    /** Two OOM-killer invocations (one memory.oom.group invocation counts once), or swap exhausted. */
    MEDIUM("medium"),
    /**
     * A cascade (the OOM killer ran three or more times), a host suspected to hang (a thrashing report, or an OOM report that never
     * reached its kill line), or part of a fleet-wide incident.
     */
    HIGH("high"),
    /** A service the fleet metadata marks critical was killed. */
    CRITICAL("critical");

    private final String json;

    Severity(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
