package io.oomstream.stitch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.LineKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A kill report that has just ended (its grace ran out, or its reaper line came), kept so that a member of it
 * delivered late can still join it. The kernel prints a memory.oom.group report in one burst, but delivery can pause
 * for real in the middle of it (a broker bounce stalls the producer, an rsyslog queue stalls, a network blip), for
 * longer than any grace: the members after the pause came out without the report's shared part. Their own kernel
 * stamps say they belong to it, and only the stamps can say so: a report without stamps is never kept.
 *
 * <p>It holds the ended report's bookkeeping as it was (its lines stay in the store, under the same indices), so a
 * member that rejoins is read exactly as if it had arrived in time: the same lines, {@code invocation_id} and rank.
 * It lives in the host's persisted state (so it survives a restart) and is dropped when the next report of the host
 * starts or the idle timeout after the report's last line has passed. Its size is the open report's bookkeeping.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class EndedReport {

    public String eventId;
    public int lineCount;
    public long byteCount;
    public boolean hasHeader;
    public boolean truncated;
    public boolean gap;
    public boolean groupKill;
    public int killLineIndex = -1;
    public Long firstMillis;
    public Long lastMillis;
    /** Input-clock time of the report's last line: the ended report is dropped an idle timeout after it. */
    public long lastActivity;
    public Integer killPid;
    public String systemdUnit;
    public Boolean reaped;
    /** Kernel stamp (us) of the report's last stamped line: a late member's stamp must continue it. */
    public Long lastUptimeMicros;
    public int section;
    public List<Integer> groupVictims;
    public String groupReportId;
    public Long longestPauseMillis;

    /**
     * Whether the report that is ending can take late members: a kill report whose lines carry kernel stamps. Without
     * stamps, time alone cannot tell a late member from the next invocation's kill, so nothing new is done.
     */
    static boolean keepable(final HostState s) {
        return s.phase == Phase.KILLED && !s.allocFailure && s.killLineIndex >= 0 && s.lastUptimeMicros != null;
    }

    /** The bookkeeping of the host's ending report (the caller then clears it from the host, keeping its lines). */
    static EndedReport of(final HostState s) {
        final EndedReport e = new EndedReport();
        e.eventId = s.eventId;
        e.lineCount = s.lineCount;
        e.byteCount = s.byteCount;
        e.hasHeader = s.hasHeader;
        e.truncated = s.truncated;
        e.gap = s.gap;
        e.groupKill = s.groupKill;
        e.killLineIndex = s.killLineIndex;
        e.firstMillis = s.firstMillis;
        e.lastMillis = s.lastMillis;
        e.lastActivity = s.lastActivity;
        e.killPid = s.killPid;
        e.systemdUnit = s.systemdUnit;
        e.reaped = s.reaped;
        e.lastUptimeMicros = s.lastUptimeMicros;
        e.section = s.section;
        e.groupVictims = s.groupVictims == null ? null : new ArrayList<>(s.groupVictims);
        e.groupReportId = s.groupReportId;
        e.longestPauseMillis = s.longestPauseMillis;
        return e;
    }

    /**
     * Whether the line continues this report: a line only the end of a kill report prints (a memory.oom.group
     * notice or a {@code sharing same memory} kill; once the group is announced, a further member's kill line or an
     * {@code already exiting} member), whose kernel stamp is as close to the report's last one as a line of the open
     * report must be ({@link Stitcher#STAMP_STEP_MICROS}). A kill line after a report that announced no group is
     * another kill today, and stays one.
     */
    boolean continuedBy(final Classified c, final ReportLine rl) {
        final LineKind kind = c.kind();
        final boolean member = kind == LineKind.GROUP_KILL_NOTICE
                || groupKill && (kind == LineKind.KILL || kind == LineKind.VICTIM_EXITING);
        return member && rl.fromKernel() && rl.uptimeMicros() != null && lastUptimeMicros != null
                && Math.abs(rl.uptimeMicros() - lastUptimeMicros) < Stitcher.STAMP_STEP_MICROS;
    }

    /** Puts the report back on the host as it was when it ended: waiting after its kill line. */
    void restoreInto(final HostState s) {
        s.phase = Phase.KILLED;
        s.eventId = eventId;
        s.lineCount = lineCount;
        s.byteCount = byteCount;
        s.hasHeader = hasHeader;
        s.allocFailure = false;
        s.truncated = truncated;
        s.gap = gap;
        s.emittedBefore = true;
        s.tableOpen = false;
        s.groupKill = groupKill;
        s.killLineIndex = killLineIndex;
        s.firstMillis = firstMillis;
        s.lastMillis = lastMillis;
        s.lastActivity = lastActivity;
        s.killPid = killPid;
        s.systemdUnit = systemdUnit;
        s.reaped = reaped;
        s.lastUptimeMicros = lastUptimeMicros;
        s.section = section;
        s.groupVictims = groupVictims == null ? null : new ArrayList<>(groupVictims);
        s.groupReportId = groupReportId;
        s.longestPauseMillis = longestPauseMillis;
    }
}
