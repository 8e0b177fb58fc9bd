package io.oomstream.event;

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
        Analysis analysis) {

    /** A copy marked as killed within a systemd unit. */
    public OomEvent withSystemdUnit(final String unit) {
        return new OomEvent(eventId, kind, host, time, firstLineTime, uptimeSeconds, complete, incompleteReason,
                kernelEra, kernelVersion, lineCount, killer, trigger, constraint, oomMemcg, taskMemcg, unit, victim,
                reaped, memcg, memInfo, zones, buddy, swap, ramKb, tasks, taskCount, tasksOmitted, analysis);
    }

    /** A copy with the reaper's verdict. */
    public OomEvent withReaped(final boolean wasReaped) {
        return new OomEvent(eventId, kind, host, time, firstLineTime, uptimeSeconds, complete, incompleteReason,
                kernelEra, kernelVersion, lineCount, killer, trigger, constraint, oomMemcg, taskMemcg, systemdUnit,
                victim, wasReaped, memcg, memInfo, zones, buddy, swap, ramKb, tasks, taskCount, tasksOmitted,
                analysis);
    }

    /** A copy listing other task rows (the count of rows left out adjusted by the caller). */
    public OomEvent withTasks(final List<TaskEntry> listed, final Integer omitted) {
        return new OomEvent(eventId, kind, host, time, firstLineTime, uptimeSeconds, complete, incompleteReason,
                kernelEra, kernelVersion, lineCount, killer, trigger, constraint, oomMemcg, taskMemcg, systemdUnit,
                victim, reaped, memcg, memInfo, zones, buddy, swap, ramKb, listed, taskCount, omitted, analysis);
    }

    /** A copy with another id (a repeat of an already-emitted kill takes the first one's id). */
    public OomEvent withEventId(final String id) {
        return new OomEvent(id, kind, host, time, firstLineTime, uptimeSeconds, complete, incompleteReason,
                kernelEra, kernelVersion, lineCount, killer, trigger, constraint, oomMemcg, taskMemcg, systemdUnit,
                victim, reaped, memcg, memInfo, zones, buddy, swap, ramKb, tasks, taskCount, tasksOmitted, analysis);
    }
}
