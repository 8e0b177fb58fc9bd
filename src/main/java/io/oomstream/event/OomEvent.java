package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One OOM event: a kernel kill with its whole report, an allocation failure, or a
 * userspace/unit kill. Serialised as snake_case JSON (schemas/oom-event.schema.json).
 * A value the log did not show is null. Sizes are kB.
 *
 * @param eventId          deterministic id from the host and the report's own stamps and pids
 * @param time             ISO-8601 time of the kill line (else of the last line)
 * @param firstLineTime    ISO-8601 time of the report's first line
 * @param uptimeSeconds    the kill line's kernel uptime stamp
 * @param lineCount        lines the report consisted of
 * @param memInfo          Mem-Info counters converted to kB
 * @param ramKb            {@code pages RAM} times the page size
 * @param tasks            the task table (capped; see tasksOmitted)
 * @param taskCount        rows in the table, null when the table was not printed whole
 * @param tasksOmitted     rows left out of {@code tasks} by the size cap
 * @param killer           who killed: {@code kernel}, {@code systemd-oomd}, {@code earlyoom}; null for an allocation failure
 * @param invocationId     one OOM-killer invocation that killed several processes (memory.oom.group): the event_id of
 *                         its first kill, shared by every kill of it; null for an invocation that killed one process
 * @param invocationRank   this kill's place in that invocation, 1 for the process the kernel chose; null likewise
 * @param oomScope         what ran out, as far as the report shows it ({@link OomScope}): {@code host}, {@code memcg},
 *                         {@code cpuset}, {@code memory_policy}; null for a report that does not show it (a kill line
 *                         alone, a report joined from its middle) and for allocation failures and userspace kills
 */
public record OomEvent(
        String eventId,
        EventKind kind,
        String host,
        String time,
        String firstLineTime,
        Double uptimeSeconds,
        boolean complete,
        IncompleteReason incompleteReason,
        String kernelEra,
        String kernelVersion,
        int lineCount,
        String killer,
        Trigger trigger,
        String constraint,
        String oomScope,
        String oomMemcg,
        String taskMemcg,
        String systemdUnit,
        Victim victim,
        Boolean reaped,
        MemcgUsage memcg,
        Map<String, Long> memInfo,
        List<Zone> zones,
        List<Buddy> buddy,
        Swap swap,
        Long ramKb,
        List<TaskEntry> tasks,
        Integer taskCount,
        Integer tasksOmitted,
        Analysis analysis,
        @JsonInclude(JsonInclude.Include.NON_NULL) String invocationId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer invocationRank) {

    /** A copy marked as killed within a systemd unit. */
    public OomEvent withSystemdUnit(final String unit) {
        return toBuilder().systemdUnit(unit).build();
    }

    /** A copy with the reaper's verdict. */
    public OomEvent withReaped(final boolean wasReaped) {
        return toBuilder().reaped(wasReaped).build();
    }

    /** A copy listing other task rows (the count of rows left out adjusted by the caller). */
    public OomEvent withTasks(final List<TaskEntry> listed, final Integer omitted) {
        return toBuilder().tasks(listed).tasksOmitted(omitted).build();
    }

    /** A copy with another id (a repeat of an already-emitted kill takes the first one's id). */
    public OomEvent withEventId(final String id) {
        return toBuilder().eventId(id).build();
    }

    /** An event built field by field; a field not set is null (false / 0 for the primitives). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this event, to build a copy that differs in a few. */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.eventId = eventId;
        b.kind = kind;
        b.host = host;
        b.time = time;
        b.firstLineTime = firstLineTime;
        b.uptimeSeconds = uptimeSeconds;
        b.complete = complete;
        b.incompleteReason = incompleteReason;
        b.kernelEra = kernelEra;
        b.kernelVersion = kernelVersion;
        b.lineCount = lineCount;
        b.killer = killer;
        b.trigger = trigger;
        b.constraint = constraint;
        b.oomScope = oomScope;
        b.oomMemcg = oomMemcg;
        b.taskMemcg = taskMemcg;
        b.systemdUnit = systemdUnit;
        b.victim = victim;
        b.reaped = reaped;
        b.memcg = memcg;
        b.memInfo = memInfo;
        b.zones = zones;
        b.buddy = buddy;
        b.swap = swap;
        b.ramKb = ramKb;
        b.tasks = tasks;
        b.taskCount = taskCount;
        b.tasksOmitted = tasksOmitted;
        b.analysis = analysis;
        b.invocationId = invocationId;
        b.invocationRank = invocationRank;
        return b;
    }

    /**
     * Builds an {@link OomEvent} by field name, so a new field is one component above plus its line in each of
     * the three lists below (field, setter, {@link #build}), all in this file; {@code OomEventBuilderTest} fails
     * when {@link #toBuilder} forgets one.
     */
    public static final class Builder {
        private String eventId;
        private EventKind kind;
        private String host;
        private String time;
        private String firstLineTime;
        private Double uptimeSeconds;
        private boolean complete;
        private IncompleteReason incompleteReason;
        private String kernelEra;
        private String kernelVersion;
        private int lineCount;
        private String killer;
        private Trigger trigger;
        private String constraint;
        private String oomScope;
        private String oomMemcg;
        private String taskMemcg;
        private String systemdUnit;
        private Victim victim;
        private Boolean reaped;
        private MemcgUsage memcg;
        private Map<String, Long> memInfo;
        private List<Zone> zones;
        private List<Buddy> buddy;
        private Swap swap;
        private Long ramKb;
        private List<TaskEntry> tasks;
        private Integer taskCount;
        private Integer tasksOmitted;
        private Analysis analysis;
        private String invocationId;
        private Integer invocationRank;

        private Builder() {
        }

        public Builder eventId(final String value) {
            this.eventId = value;
            return this;
        }

        public Builder kind(final EventKind value) {
            this.kind = value;
            return this;
        }

        public Builder host(final String value) {
            this.host = value;
            return this;
        }

        public Builder time(final String value) {
            this.time = value;
            return this;
        }

        public Builder firstLineTime(final String value) {
            this.firstLineTime = value;
            return this;
        }

        public Builder uptimeSeconds(final Double value) {
            this.uptimeSeconds = value;
            return this;
        }

        public Builder complete(final boolean value) {
            this.complete = value;
            return this;
        }

        public Builder incompleteReason(final IncompleteReason value) {
            this.incompleteReason = value;
            return this;
        }

        public Builder kernelEra(final String value) {
            this.kernelEra = value;
            return this;
        }

        public Builder kernelVersion(final String value) {
            this.kernelVersion = value;
            return this;
        }

        public Builder lineCount(final int value) {
            this.lineCount = value;
            return this;
        }

        public Builder killer(final String value) {
            this.killer = value;
            return this;
        }

        public Builder trigger(final Trigger value) {
            this.trigger = value;
            return this;
        }

        public Builder constraint(final String value) {
            this.constraint = value;
            return this;
        }

        public Builder oomScope(final String value) {
            this.oomScope = value;
            return this;
        }

        public Builder oomMemcg(final String value) {
            this.oomMemcg = value;
            return this;
        }

        public Builder taskMemcg(final String value) {
            this.taskMemcg = value;
            return this;
        }

        public Builder systemdUnit(final String value) {
            this.systemdUnit = value;
            return this;
        }

        public Builder victim(final Victim value) {
            this.victim = value;
            return this;
        }

        public Builder reaped(final Boolean value) {
            this.reaped = value;
            return this;
        }

        public Builder memcg(final MemcgUsage value) {
            this.memcg = value;
            return this;
        }

        public Builder memInfo(final Map<String, Long> value) {
            this.memInfo = value;
            return this;
        }

        public Builder zones(final List<Zone> value) {
            this.zones = value;
            return this;
        }

        public Builder buddy(final List<Buddy> value) {
            this.buddy = value;
            return this;
        }

        public Builder swap(final Swap value) {
            this.swap = value;
            return this;
        }

        public Builder ramKb(final Long value) {
            this.ramKb = value;
            return this;
        }

        public Builder tasks(final List<TaskEntry> value) {
            this.tasks = value;
            return this;
        }

        public Builder taskCount(final Integer value) {
            this.taskCount = value;
            return this;
        }

        public Builder tasksOmitted(final Integer value) {
            this.tasksOmitted = value;
            return this;
        }

        public Builder analysis(final Analysis value) {
            this.analysis = value;
            return this;
        }

        public Builder invocationId(final String value) {
            this.invocationId = value;
            return this;
        }

        public Builder invocationRank(final Integer value) {
            this.invocationRank = value;
            return this;
        }

        public OomEvent build() {
            return new OomEvent(eventId, kind, host, time, firstLineTime, uptimeSeconds, complete, incompleteReason,
                    kernelEra, kernelVersion, lineCount, killer, trigger, constraint, oomScope, oomMemcg, taskMemcg, systemdUnit, victim,
                    reaped, memcg, memInfo, zones, buddy, swap, ramKb, tasks, taskCount, tasksOmitted, analysis,
                    invocationId, invocationRank);
        }
    }
}
