package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an event reports; written as the event's {@code kind}. */
public enum EventKind {
    /**
     * The kernel's global OOM killer killed a process; or, with no {@code victim} (and {@code killer} null), a report
     * of it whose kill line the log does not show, or memory lines without their header: no kill is counted for those.
     */
    OOM_KILL("oom_kill"),
    /** The kernel killed a process because a memory cgroup hit its limit; without a {@code victim}, as above. */
    MEMCG_OOM_KILL("memcg_oom_kill"),
    /** A page allocation failed (or stalled); nothing was killed. */
    ALLOC_FAILURE("alloc_failure"),
    /** systemd reported a unit's process killed by the OOM killer, with no kernel kill line seen. */
    UNIT_OOM_KILL("unit_oom_kill"),
    /** systemd-oomd or earlyoom killed something: a real kill, but not the kernel's. */
    USERSPACE_OOM_KILL("userspace_oom_kill");

    private final String json;

    EventKind(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
