package io.oomstream.stitch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.oomstream.event.Json;

/**
 * The stitcher's working state for one host: the open report's bookkeeping (its lines are
 * stored apart, one entry each, so appending a line never rewrites the others) plus a
 * systemd unit line waiting for a kernel kill to attach to.
 *
 * <p>Mutable by design: one stitcher owns it and persists it after each change. Times are
 * epoch milliseconds of log time ({@code *Millis}) or of the stitcher's input clock ({@code *Activity}).
 * Unknown fields are ignored when read, so state written by an older or newer version restores
 * (older versions wrote {@code last_wall} and {@code pending_unit_wall}; timers no longer need them).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL) // absent reads back as null: a storm's states are a quarter smaller
public final class HostState {
    /** Host as the log names it (null for host-less input such as a dmesg paste). */
    public String host;
    public Phase phase;
    public String eventId;
    public int lineCount;
    public long byteCount;
    /** The report began with its trigger line (or a kill pair); false for a fragment of body lines. */
    public boolean hasHeader;
    public boolean allocFailure;
    /** Lines were dropped by the cap. */
    public boolean truncated;
    /** Input around the report was lost or elided (an undecodable line in the middle of a table). */
    public boolean gap;
    public boolean emittedBefore;
    /** A task table is being read (a gap now means the table is not whole). */
    public boolean tableOpen;
    /** The report announced a memory.oom.group kill: further kill lines share its context. */
    public boolean groupKill;
    /** Index of the kill line among the report's lines (for memory.oom.group siblings). */
    public int killLineIndex = -1;
    public Long firstMillis;
    public Long lastMillis;
    /** Input-clock time of the report's last line: its timers count from here. */
    public long lastActivity;
    public Integer killPid;
    public String systemdUnit;
    public Boolean reaped;
    /** A systemd unit OOM line with no kernel kill to attach to (yet). */
    public String pendingUnit;
    public boolean pendingUnitFailed;
    public Long pendingUnitMillis;
    public long pendingUnitActivity;
    public String pendingUnitLine;
    /** Kernel uptime stamp (us) of the report's last line that carried one: later lines must continue it. */
    public Long lastUptimeMicros;
    /** How far the report got in the order every report prints its parts (see Stitcher's section rule). */
    public int section;
    /** memory.oom.group: pids already killed by this invocation (a member's kill line printed twice is one kill). */
    public java.util.List<Integer> groupVictims;
    /** memory.oom.group: the id of the report's first event, which names the shared context of its kills. */
    public String groupReportId;
    /** Longest pause between two of the report's lines on the input clock, ms; null when none (see TimerIndex.bound). */
    public Long longestPauseMillis;
    /**
     * The host's last kill report, ended with no report open since: a member delivered after a pause in delivery
     * rejoins it by its kernel stamp (see {@link EndedReport}); null otherwise, and then absent from the stored form.
     */
    public EndedReport ended;

    /**
     * The bytes this state was read from, where the store keeps bytes (its serde sets them): the form before a step,
     * without serialising the state once more for each line.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public transient byte[] storedForm;
    /** The form the stitcher has just computed to compare; the store's serde writes it instead of serialising again. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public transient byte[] formToWrite;

    /** The stored form before a step: the bytes it was read from if known, else serialised now. */
    public byte[] formBeforeStep() {
        return storedForm != null ? storedForm : persistedForm();
    }

    /** The state as the store keeps it (JSON): compared before and after a step, so unchanged state is not rewritten. */
    public byte[] persistedForm() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise host state", e);
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasReport() {
        return phase != null;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return phase == null && pendingUnit == null && ended == null;
    }

    /** Forgets the open report, keeping a pending unit line. */
    public void clearReport() {
        phase = null;
        eventId = null;
        lineCount = 0;
        byteCount = 0;
        hasHeader = false;
        allocFailure = false;
        truncated = false;
        gap = false;
        emittedBefore = false;
        tableOpen = false;
        groupKill = false;
        killLineIndex = -1;
        firstMillis = null;
        lastMillis = null;
        killPid = null;
        systemdUnit = null;
        reaped = null;
        lastUptimeMicros = null;
        section = 0;
        groupVictims = null;
        groupReportId = null;
        longestPauseMillis = null;
    }

    public void clearPendingUnit() {
        pendingUnit = null;
        pendingUnitFailed = false;
        pendingUnitMillis = null;
        pendingUnitLine = null;
    }
}
