package io.oomstream.stitch;

import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.rules.AllocFailureRules;
import io.oomstream.kernel.rules.Era1Rules;
import io.oomstream.syslog.LogLine;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stitches the lines of kernel OOM reports, per host, into events: a pure state machine with
 * no Kafka imports, shared by {@code analyze} and the Kafka Streams processor.
 *
 * <p>Decisions (role of the line's kind x the host's {@link Phase}):
 * <ul>
 *   <li>a START line closes the host's open report and opens a new one;</li>
 *   <li>BODY lines join the open report; with none open, body lines that only a report
 *       prints open a fragment (emitted incomplete, {@code missing_header});</li>
 *   <li>the kill line moves the report to {@link Phase#KILLED}: the event goes out after the
 *       reaper line for that pid, the next report, or a short grace;</li>
 *   <li>lines of other programs and unrelated kernel messages are skipped without closing;</li>
 *   <li>a line joins the open report only when the evidence allows it: its kernel stamp continues the
 *       report's, the report's kind prints such a line (an allocation failure never ends in a kill), and it
 *       does not begin a part the report has already printed; otherwise the open report is closed and the
 *       line is read as the start of another;</li>
 *   <li>after {@code memory.oom.group} is announced, every further kill line of the invocation is an event
 *       of its own with the report's shared context; a member printed twice is one kill, and reaper lines in
 *       between attach to their own victims without ending the group;</li>
 *   <li>a report idle for the idle timeout goes out incomplete and lingers: if its rest
 *       arrives, it goes out again, complete, under the same {@code event_id}.</li>
 *   <li>a kill report that ended is kept (lines and bookkeeping) until the host's next report or the idle timeout:
 *       a memory.oom.group member delivered after a pause longer than the grace rejoins it when its kernel stamp
 *       continues the report's ({@link EndedReport}); without kernel stamps nothing is kept.</li>
 * </ul>
 * Time is passed in: {@code streamNow} is the input's own time (the newest record time seen), {@code wallNow}
 * the processing clock or null. Timers run on the input clock ({@link #inputNow}): the input's time, plus the
 * wall-clock time it has stood still. So a report whose lines are delayed by lag is judged on the lines' own
 * times, and the wall clock only counts for input that went quiet.
 *
 * <p>State is written only when it changed, and a tick reads only the hosts whose timer is due ({@link TimerIndex}).
 */
public final class Stitcher {

    private static final long UNIT_ATTRIBUTION_MILLIS = 10_000;
    private static final Pattern LEADING_STAMP = Pattern.compile("^\\s*\\[\\s*(\\d{1,10})\\.(\\d{1,6})\\]\\s?(.*)$");

    /** Body lines that only an OOM report (or show_mem) prints, so they may open a fragment. */
    private static final Set<LineKind> FRAGMENT_OPENERS = EnumSet.of(
            LineKind.MEMINFO_START, LineKind.MEMINFO_COUNTERS, LineKind.FREE_PAGES, LineKind.NODE_STATS,
            LineKind.ZONE, LineKind.LOWMEM_RESERVE, LineKind.BUDDY, LineKind.FREE_SWAP, LineKind.TOTAL_SWAP,
            LineKind.PAGES_RAM, LineKind.MEMCG_TASK_IN, LineKind.MEMCG_USAGE, LineKind.MEMCG_STATS,
            LineKind.TASKS_STATE, LineKind.TASK_HEADER, LineKind.GROUP_KILL_NOTICE);

    /**
     * A kernel stamp this far (or farther) from the open report's last one, either way, belongs to another
     * invocation or another boot. The kernel stores a report's lines back to back (a slow serial console costs
     * milliseconds a line); only the reaper waits (up to about 3 s from 5.18 on), and reaper lines are matched by
     * pid, not by this rule. Stamps are immune to transport lag, unlike the syslog time.
     */
    static final long STAMP_STEP_MICROS = 1_000_000L;

    /** Rules whose line starts a report that prints no stack dump and ends with its own few lines. */
    private static final Set<String> WHOLE_AT_THEIR_FIRST_LINE = Set.of(Era1Rules.ONE_LINE_ALLOC_FAILURE,
            AllocFailureRules.SLUB_FAILURE);

    /** All an allocation failure prints: its warning line, the stack and show_mem. Nothing else joins one. */
    private static final Set<LineKind> ALLOC_FAILURE_MEMBERS = EnumSet.of(
            LineKind.CPUSET, LineKind.STACK_HEADER, LineKind.STACK, LineKind.MEMINFO_START, LineKind.PERCPU,
            LineKind.MEMINFO_COUNTERS, LineKind.FREE_PAGES, LineKind.NODE_STATS, LineKind.ZONE,
            LineKind.LOWMEM_RESERVE, LineKind.BUDDY, LineKind.MEM_SUMMARY, LineKind.FREE_SWAP, LineKind.TOTAL_SWAP,
            LineKind.PAGES_RAM, LineKind.SHOW_MEM_TAIL, LineKind.BLANK);

    /** Kinds kept even past the line cap: the event cannot do without them. */
    private static final Set<LineKind> ALWAYS_KEPT = EnumSet.of(
            LineKind.TRIGGER, LineKind.ALLOC_FAILURE, LineKind.OOM_SUMMARY, LineKind.SELECTION, LineKind.KILL,
            LineKind.REAPER, LineKind.NO_VICTIM, LineKind.STACK_HEADER);

    private final StitcherConfig config;
    private final StitchStore store;
    private final StitchStats stats;
    private final EventAssembler assembler;
    private final EventPublisher events;
    /** Due timers and open reports by host; built from the store on first use. */
    private TimerIndex timers;
    /** The input clock ({@link #inputNow}): newest input time seen, wall time input was last seen, last look. */
    private long clockStream = Long.MIN_VALUE;
    private Long clockWall;
    private Long lastLook;
    /** A record has been processed since this stitcher started; until then the wall clock is no evidence of silence. */
    private boolean inputSinceStart;
    /** The wall time of this stitcher's first look (the start of its wait for input). */
    private Long firstLook;
    /** Open memory.oom.group reports' shared parts, by host key (in memory only: rebuilt from the lines if lost). */
    private final Map<String, GroupKills> groupKills = new HashMap<>();
    /**
     * Open reports' lines as their last assembly read them, by host key (in memory only; see {@link ReadSoFar}); the
     * {@value ReadSoFar#MAX_KEPT} latest only, so that a storm of open reports costs no more heap than their lines (a
     * report whose reader was let go is read whole at its next assembly, as before).
     */
    private final Map<String, ReadSoFar> readSoFar = ReadSoFar.newTable();

    public Stitcher(final StitcherConfig config, final StitchStore store, final Consumer<OomEvent> sink,
                    final StitchStats stats) {
        this.config = config;
        this.store = store;
        this.stats = stats;
        this.assembler = new EventAssembler(config.maxTasksInEvent());
        this.events = new EventPublisher(store, sink, stats);
    }

    /** The host key reports are grouped by: case-insensitive, short and FQDN names kept apart. */
    public static String hostKey(final String host) {
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    public StitchStats stats() {
        return stats;
    }

    /**
     * Feeds one decoded line. Lines that cannot matter (other programs) cost a set lookup.
     *
     * @param streamNow newest log time seen, epoch ms (for timers)
     * @param wallNow   processing wall clock, epoch ms, or null when only log time counts
     */
    public void accept(final LogLine line, final long streamNow, final Long wallNow) {
        accept(line, null, streamNow, wallNow);
    }

    /**
     * Like {@link #accept(LogLine, long, Long)}, with the line's classification when the caller has it already
     * ({@code KernelGrammar.classify} of this very line, which may matter); null to classify it here.
     */
    public void accept(final LogLine line, final Classified classified, final long streamNow, final Long wallNow) {
        inputSeen(streamNow, wallNow);
        if (classified == null && !KernelGrammar.mayMatter(line)) {
            return;
        }
        final Classified c = classified != null ? classified : KernelGrammar.classify(line);
        if (c.kind() == LineKind.OTHER) {
            return;
        }
        final String key = hostKey(line.host());
        HostState s = store.state(key);
        final byte[] before = s == null ? null : formBeforeStep(s);
        if (s == null) {
            s = new HostState();
            s.host = line.host();
        }
        final ReportLine rl = ReportLine.of(line);
        fireTimers(key, s, inputNow(streamNow, wallNow));
        rejoinEndedReport(key, s, c, rl);
        separateDistantReport(key, s, rl);
        route(key, s, c, rl, streamNow, wallNow);
        save(key, s, before);
        feedGluedRest(line, c, streamNow, wallNow);
    }

    /** Lost or elided input for this host (an undecodable line): a table being read is no longer whole. */
    public void markGap(final String host) {
        final String key = hostKey(host);
        final HostState s = store.state(key);
        if (s != null && s.phase == Phase.COLLECTING && s.tableOpen) {
            s.gap = true;
            save(key, s);
        }
    }

    /**
     * Fires the timers that are due (idle timeout, reaper grace, linger expiry, pending units), reading and
     * writing only the hosts concerned.
     */
    public void advance(final long streamNow, final Long wallNow) {
        advance(streamNow, wallNow, () -> true);
    }

    /**
     * Like {@link #advance(long, Long)}, earliest timer first, while {@code budgetLeft} says so (at least one host
     * per call); the hosts left over are still due at the next call. Under exactly-once a punctuation must end
     * well within the transaction timeout: 10,000 reports timing out together cannot all go out in one.
     *
     * @return true when every due timer was fired
     */
    public boolean advance(final long streamNow, final Long wallNow, final BooleanSupplier budgetLeft) {
        final TimerIndex index = timers(); // first: the clock starts from the restored state, not from this look
        final long now = inputNow(streamNow, wallNow);
        boolean first = true;
        for (final String key : index.dueBy(now)) {
            if (!first && !budgetLeft.getAsBoolean()) {
                return false;
            }
            first = false;
            final HostState s = store.state(key);
            if (s == null) {
                index.track(key, null);
                continue;
            }
            final byte[] before = formBeforeStep(s);
            fireTimers(key, s, now);
            save(key, s, before);
        }
        return true;
    }

    /** End of input: everything open goes out now, marked for what it is. */
    public void flushAll() {
        for (final String key : store.hostKeys()) {
            final HostState s = store.state(key);
            if (s == null) {
                continue;
            }
            final byte[] before = formBeforeStep(s);
            if (s.phase == Phase.KILLED || s.phase == Phase.TAIL) {
                emitAndClear(key, s, null);
            } else if (s.phase == Phase.COLLECTING) {
                s.gap |= s.tableOpen; // the input ended inside the task table: how many rows it had is not known
                emitAndClear(key, s, incompleteReason(s, IncompleteReason.END_OF_INPUT));
            } else if (s.phase == Phase.LINGERING) {
                dropReport(key, s);
            }
            dropEnded(key, s); // no input follows: no late member can come
            if (s.pendingUnit != null) {
                emitPendingUnit(key, s);
            }
            save(key, s, before);
        }
    }

    /** Reports open right now, across hosts (a count kept as states change; for gauges). */
    public int openReports() {
        return timers().openReports();
    }

    /** Hosts with a timer pending (open or lingering reports, unit lines waiting for a kill). */
    public int scheduledTimers() {
        return timers().scheduled();
    }

    private void route(final String key, final HostState s, final Classified c, final ReportLine rl,
                       final long streamNow, final Long wallNow) {
        final LineKind kind = c.kind();
        if (s.phase != null && joinsOpenReport(kind) && !belongs(s, c, rl)) {
            closeOpen(key, s, IncompleteReason.SUPERSEDED);
        }
        switch (kind.role()) {
            case START -> {
                closeOpen(key, s, IncompleteReason.SUPERSEDED);
                open(key, s, rl, true, streamNow, wallNow);
                s.allocFailure = kind == LineKind.ALLOC_FAILURE;
                if (WHOLE_AT_THEIR_FIRST_LINE.contains(c.rule().id())) {
                    // No dump follows (2.4's one-line failure; SLUB's, whose few lines TAIL still takes): ended, whole.
                    s.phase = Phase.TAIL;
                }
            }
            case BODY -> onBody(key, s, c, rl, streamNow, wallNow);
            case TAIL -> onTail(key, s, c, rl, streamNow, wallNow);
            case END -> onEnd(key, s, c, rl, streamNow, wallNow);
            case AFTER -> onReaper(key, s, c, rl, streamNow, wallNow);
            case META -> {
                if (kind == LineKind.BLANK && s.phase == Phase.COLLECTING) {
                    append(key, s, c, rl, streamNow, wallNow);
                }
            }
            case USERSPACE -> onUserspace(key, s, c, rl, streamNow, wallNow);
            default -> {
            }
        }
        if (s.phase != null) {
            s.section = Math.max(s.section, section(kind));
        }
    }

    private static boolean joinsOpenReport(final LineKind kind) {
        final LineKind.Role role = kind.role();
        return role == LineKind.Role.BODY || role == LineKind.Role.TAIL || role == LineKind.Role.END;
    }

    /**
     * Whether the evidence lets this line join the host's open report: its kernel stamp continues the report's,
     * the report's kind prints such a line, and the line does not begin a part the report has already printed
     * (a second {@code Mem-Info:} or task table is a second invocation whose header was lost).
     */
    private static boolean belongs(final HostState s, final Classified c, final ReportLine rl) {
        if (rl.uptimeMicros() != null && s.lastUptimeMicros != null
                && Math.abs(rl.uptimeMicros() - s.lastUptimeMicros) >= STAMP_STEP_MICROS) {
            return false;
        }
        final LineKind kind = c.kind();
        if (s.allocFailure && !ALLOC_FAILURE_MEMBERS.contains(kind)) {
            return false;
        }
        return !(startsSection(kind) && s.section >= section(kind));
    }

    /**
     * The part of a report a line belongs to, in the order every era prints them: 0 the header, 1 the stack,
     * 2 Mem-Info or the memcg counters, 3 the {@code Tasks state} line, 4 the task table, 5 the summary, the
     * selection and the kill lines.
     */
    private static int section(final LineKind kind) {
        return switch (kind) {
            case TRIGGER, ALLOC_FAILURE -> 0;
            case MEMINFO_START, MEMINFO_COUNTERS, PERCPU, FREE_PAGES, NODE_STATS, ZONE, LOWMEM_RESERVE, BUDDY,
                    MEM_SUMMARY, FREE_SWAP, TOTAL_SWAP, PAGES_RAM, SHOW_MEM_TAIL, MEMCG_TASK_IN, MEMCG_USAGE,
                    MEMCG_STATS, MEMCG_STAT_LINE -> 2;
            case TASKS_STATE -> 3;
            case TASK_HEADER, TASK_ROW -> 4;
            case OOM_SUMMARY, SELECTION, KILL, GROUP_KILL_NOTICE, NO_VICTIM, VICTIM_EXITING -> 5;
            default -> 1;
        };
    }

    /** Lines a report prints once, at the start of its part: met again, they start another report. */
    private static boolean startsSection(final LineKind kind) {
        return kind == LineKind.MEMINFO_START || kind == LineKind.MEMCG_TASK_IN || kind == LineKind.TASKS_STATE
                || kind == LineKind.TASK_HEADER;
    }

    private void onBody(final String key, final HostState s, final Classified c, final ReportLine rl,
                        final long streamNow, final Long wallNow) {
        final LineKind kind = c.kind();
        if (s.phase == Phase.TAIL && (kind == LineKind.MEM_SUMMARY || kind == LineKind.SHOW_MEM_TAIL)) {
            append(key, s, c, rl, streamNow, wallNow);
            return;
        }
        if (s.phase == Phase.KILLED && kind == LineKind.GROUP_KILL_NOTICE) {
            // memory.oom.group: the kernel goes on to kill the rest of the cgroup; those kills share this report.
            if (!s.groupKill) {
                announceGroup(key, s);
            }
            final Integer sharing = c.intGroup("pid"); // 'Kill process N (x) sharing same memory' names a further kill
            if (sharing != null && (s.groupVictims == null || !s.groupVictims.contains(sharing))) {
                nextGroupKill(key, s, rl, c, streamNow, wallNow);
                return;
            }
            noteStamp(s, rl);
            touch(s, rl, streamNow, wallNow);
            return;
        }
        if (s.phase == Phase.KILLED && !FRAGMENT_OPENERS.contains(kind)) {
            // A stack or CPU line of another thread's dump (an Oops, a hung task) between a kill and its reaper line
            // or the rest of a memory.oom.group: it starts nothing, so the kill goes on waiting for its own lines.
            stats.stray();
            return;
        }
        if (s.phase == Phase.KILLED || s.phase == Phase.TAIL) {
            // A body line after the end belongs to a report whose header we did not see.
            emitAndClear(key, s, null);
        }
        if (s.phase == Phase.LINGERING) {
            s.phase = Phase.COLLECTING;
        }
        if (s.phase == null) {
            if (!FRAGMENT_OPENERS.contains(kind)) {
                stats.stray();
                return;
            }
            open(key, s, rl, false, streamNow, wallNow);
            s.tableOpen = kind == LineKind.TASK_HEADER;
            return;
        }
        append(key, s, c, rl, streamNow, wallNow);
        if (kind == LineKind.TASK_HEADER) {
            s.tableOpen = true;
        }
        if (kind == LineKind.SHOW_MEM_TAIL && s.allocFailure) {
            s.phase = Phase.TAIL;
        }
    }

    private void onTail(final String key, final HostState s, final Classified c, final ReportLine rl,
                        final long streamNow, final Long wallNow) {
        s.tableOpen = false;
        if (s.phase == Phase.KILLED || s.phase == Phase.TAIL) {
            emitAndClear(key, s, null);
        }
        if (s.phase == Phase.LINGERING) {
            s.phase = Phase.COLLECTING;
        }
        if (s.phase == null) {
            open(key, s, rl, true, streamNow, wallNow);
            return;
        }
        append(key, s, c, rl, streamNow, wallNow);
    }

    private void onEnd(final String key, final HostState s, final Classified c, final ReportLine rl,
                       final long streamNow, final Long wallNow) {
        s.tableOpen = false;
        if (s.phase == Phase.KILLED && s.groupKill
                && (c.kind() == LineKind.KILL || c.kind() == LineKind.VICTIM_EXITING)) {
            final Integer pid = c.intGroup("pid");
            if (c.kind() == LineKind.KILL && pid != null && (s.groupVictims == null || !s.groupVictims.contains(pid))) {
                nextGroupKill(key, s, rl, c, streamNow, wallNow);
            } else {
                // The walk reached the first victim again (its kill line printed twice), or a member already exiting:
                // no further kill.
                noteStamp(s, rl);
                touch(s, rl, streamNow, wallNow);
            }
            return;
        }
        if (s.phase == Phase.KILLED || s.phase == Phase.TAIL) {
            // Another kill right after one (mm-sharing, a rate-limited cascade): its own event.
            emitAndClear(key, s, null);
        }
        if (s.phase == Phase.LINGERING) {
            s.phase = Phase.COLLECTING;
        }
        if (s.phase == null) {
            open(key, s, rl, true, streamNow, wallNow);
        } else {
            append(key, s, c, rl, streamNow, wallNow);
        }
        if (c.kind() == LineKind.NO_VICTIM || c.kind() == LineKind.VICTIM_EXITING) {
            emitAndClear(key, s, IncompleteReason.NO_KILL_LINE);
            return;
        }
        s.phase = Phase.KILLED;
        s.killPid = c.intGroup("pid");
        s.killLineIndex = s.lineCount - 1;
        if (s.systemdUnit == null && s.pendingUnit != null && close(s.pendingUnitMillis, rl.epochMillis())) {
            s.systemdUnit = s.pendingUnit;
            s.clearPendingUnit();
        }
        publishAtKill(key, s);
    }

    /**
     * The event goes out when its kill line arrives, not after the reaper grace: that is when an operator wants it.
     * The report stays open for the grace; its reaper and systemd unit lines, when they come, re-emit the event under
     * the same {@code event_id} (as late lines always did), and an unchanged version at the grace's end is dropped by
     * {@link EventPublisher}. When the kill was already out under another id (a fragment of it seen before), the
     * report keeps that id, so its later versions update that event instead of looking like a second kill.
     */
    private void publishAtKill(final String key, final HostState s) {
        final IncompleteReason effective = s.truncated ? IncompleteReason.TRUNCATED
                : !s.hasHeader ? IncompleteReason.MISSING_HEADER : null;
        s.eventId = events.publish(key, assemble(key, s, effective));
        s.emittedBefore = true;
    }

    /**
     * A further kill of a memory.oom.group burst: the previous kill goes out, and this one becomes
     * an event of its own with the same report context (trigger, cgroups, table), its id taken
     * from its own kill line.
     */
    private void nextGroupKill(final String key, final HostState s, final ReportLine rl, final Classified c,
                               final long streamNow, final Long wallNow) {
        events.publish(key, assemble(key, s, null));
        store.truncateLines(key, s.killLineIndex, s.lineCount);
        final GroupKills group = groupKills.get(key);
        if (group != null) {
            group.ownLines.clear();
        }
        s.lineCount = s.killLineIndex;
        s.eventId = EventIds.of(key, rl);
        s.emittedBefore = false;
        s.reaped = null;
        s.systemdUnit = null;
        append(key, s, c, rl, streamNow, wallNow);
        s.killPid = c.intGroup("pid");
        s.killLineIndex = s.lineCount - 1;
        if (s.groupVictims == null) {
            s.groupVictims = new ArrayList<>(); // state written before this field existed
        }
        s.groupVictims.add(s.killPid);
        publishAtKill(key, s);
    }

    /**
     * memory.oom.group announced after the first kill: the lines before that kill are the context every kill of
     * the group shares; they are read once here.
     */
    private void announceGroup(final String key, final HostState s) {
        s.groupKill = true;
        s.groupReportId = s.eventId;
        s.groupVictims = new ArrayList<>();
        if (s.killPid != null) {
            s.groupVictims.add(s.killPid);
        }
        readGroupContext(key, s);
    }

    /** Reads the group's shared part once, for each further kill to read its own lines only ({@link GroupKills}). */
    private void readGroupContext(final String key, final HostState s) {
        final List<ReportLine> lines = store.lines(key, s.lineCount);
        if (s.killLineIndex < 0 || lines.size() != s.lineCount) {
            return; // the lines are not all there: each kill reads the report whole
        }
        final GroupKills group = new GroupKills(s.groupReportId, s.killLineIndex,
                EventAssembler.read(new ReportReader(), lines.subList(0, s.killLineIndex)));
        group.ownLines.addAll(lines.subList(s.killLineIndex, lines.size()));
        groupKills.put(key, group);
    }

    private void onReaper(final String key, final HostState s, final Classified c, final ReportLine rl,
                          final long streamNow, final Long wallNow) {
        final Integer pid = c.intGroup("pid");
        final boolean reaped = c.rule().id().endsWith(".reaper");
        if (s.phase == Phase.KILLED && pid != null && pid.equals(s.killPid)) {
            append(key, s, c, rl, streamNow, wallNow);
            s.reaped = reaped;
            if (!s.groupKill) {
                endKeepingForLateMembers(key, s);
            } // else the reaper runs beside the group's walk: more members' kill lines may follow
            return;
        }
        final OomEvent killed = pid == null ? null : events.recentVictim(key, pid);
        if (killed == null) {
            stats.stray();
        } else if (!Boolean.valueOf(reaped).equals(killed.reaped())) {
            events.publish(key, killed.withReaped(reaped));
        }
    }

    private void onUserspace(final String key, final HostState s, final Classified c, final ReportLine rl,
                             final long streamNow, final Long wallNow) {
        if (c.kind() == LineKind.USERSPACE_KILL) {
            events.publish(key, assembler.userspaceKill(s.host, c, rl));
            return;
        }
        final String unit = c.group("unit");
        final boolean failed = c.kind() == LineKind.UNIT_FAILED_OOM;
        if (s.phase == Phase.KILLED) {
            if (s.systemdUnit == null) {
                s.systemdUnit = unit;
            }
            return;
        }
        final OomEvent lastKill = events.lastKernelKill(key);
        if (lastKill != null && close(EventPublisher.millisOf(lastKill), rl.epochMillis())) {
            if (lastKill.systemdUnit() == null) {
                events.publish(key, lastKill.withSystemdUnit(unit));
            }
            return; // a unit further up the hierarchy, or the unit's own failure line: same kill
        }
        if (s.pendingUnit == null) {
            s.pendingUnit = unit;
            s.pendingUnitMillis = rl.epochMillis();
            s.pendingUnitActivity = activity(streamNow, wallNow);
            s.pendingUnitLine = rl.message();
            s.pendingUnitFailed = failed;
        } else if (s.pendingUnit.equals(unit)) {
            s.pendingUnitFailed |= failed;
        }
    }

    private void open(final String key, final HostState s, final ReportLine first, final boolean header,
                      final long streamNow, final Long wallNow) {
        dropEnded(key, s); // the next report has started: what follows is not the ended one's
        s.clearReport();
        groupKills.remove(key);
        readSoFar.remove(key);
        s.phase = Phase.COLLECTING;
        s.hasHeader = header;
        s.eventId = EventIds.of(key, first);
        s.firstMillis = first.epochMillis();
        store.removeLines(key, 0);
        appendRaw(key, s, first, streamNow, wallNow);
    }

    private void append(final String key, final HostState s, final Classified c, final ReportLine rl,
                        final long streamNow, final Long wallNow) {
        if (s.lineCount >= config.maxReportLines() || s.byteCount + rl.weight() > config.maxReportBytes()) {
            if (!s.truncated) {
                s.truncated = true;
                stats.truncated();
                // Emit now, marked truncated, so a report that never ends is still seen; the kill re-emits it.
                events.publish(key, assemble(key, s, IncompleteReason.TRUNCATED));
                s.emittedBefore = true;
            }
            if (!ALWAYS_KEPT.contains(c.kind())) {
                noteStamp(s, rl);
                touch(s, rl, streamNow, wallNow);
                return;
            }
        }
        appendRaw(key, s, rl, streamNow, wallNow);
    }

    private void appendRaw(final String key, final HostState s, final ReportLine rl, final long streamNow,
                           final Long wallNow) {
        store.appendLine(key, s.lineCount, rl);
        s.lineCount++;
        s.byteCount += rl.weight();
        noteStamp(s, rl);
        final GroupKills group = s.groupKill ? groupKills.get(key) : null;
        if (group != null) {
            group.ownLines.add(rl);
        }
        touch(s, rl, streamNow, wallNow);
    }

    /** The report's newest kernel stamp, which the next line must continue (see {@link #belongs}). */
    private static void noteStamp(final HostState s, final ReportLine rl) {
        if (rl.uptimeMicros() != null) {
            s.lastUptimeMicros = rl.uptimeMicros();
        }
    }

    private void touch(final HostState s, final ReportLine rl, final long streamNow, final Long wallNow) {
        if (rl.epochMillis() != null) {
            s.lastMillis = rl.epochMillis();
            if (s.firstMillis == null) {
                s.firstMillis = rl.epochMillis();
            }
        }
        final long now = activity(streamNow, wallNow);
        notePause(s, now);
        s.lastActivity = now;
    }

    /**
     * The longest pause between the open report's own lines, on the input clock: the cadence its lines arrive at.
     * The kernel prints a report in one burst, but a shipper or producer may deliver it in batches, a second or more
     * apart; a pause no longer than those the report has already shown is not the end of it (see
     * {@link TimerIndex#bound(HostState, StitcherConfig)}). A pause of the idle timeout or more is not cadence: the
     * report had gone out and its rest came back.
     */
    private void notePause(final HostState s, final long now) {
        if (s.lineCount <= 1) {
            return; // the report's first line: the time since the host's previous report is no pause of this one
        }
        final long pause = now - s.lastActivity;
        if (pause > 0 && pause < config.idleTimeout().toMillis()
                && (s.longestPauseMillis == null || pause > s.longestPauseMillis)) {
            s.longestPauseMillis = pause;
        }
    }

    /** The time of a line's arrival on the input clock (timers count from it). */
    private long activity(final long streamNow, final Long wallNow) {
        return inputNow(streamNow, wallNow);
    }

    /**
     * Input is being processed right now (a line arrives, or the partition's stream time just moved while records
     * were processed, including records the stitcher never sees): the input clock follows the input's time again.
     */
    public void inputSeen(final long streamNow, final Long wallNow) {
        timers(); // first: after a restart the clock starts from the state's own input time
        inputNow(streamNow, wallNow);
        inputSinceStart = true;
        if (wallNow != null) {
            clockWall = wallNow;
            lastLook = wallNow;
        }
    }

    /**
     * The input clock: the newest input time seen, plus the wall-clock time that has passed since input was last
     * seen. While records keep coming, however far behind the input is, only their own times count: a host whose
     * next lines are still waiting in the backlog is not idle. Once the input has caught up or gone quiet, the wall
     * clock carries the time forward, so an open report still times out with no input at all. Without a wall
     * clock (offline analysis) it is the input's time alone.
     *
     * <p>A look from outside the processing (a wall-clock tick) that finds the input's time moved only knows the
     * input arrived since its previous look: silence is counted from then.
     *
     * <p>Silence is time this stitcher watched its input and none came. A stitcher that has just started (a restart,
     * a rebalance, a restore from the changelog) has watched nothing yet: its input holds the backlog of the time it
     * was away, which the consumer may take seconds to fetch, and wall-clock ticks run meanwhile. Until its first
     * record, the clock stays at the input time its state holds; only if no record comes for the idle timeout is the
     * input quiet, and then all the wall time since the stitcher's first look counts, so an open report still ends.
     */
    private long inputNow(final long streamNow, final Long wallNow) {
        if (wallNow == null) {
            clockStream = Math.max(clockStream, streamNow);
            return clockStream;
        }
        if (clockWall == null || wallNow < clockWall) {
            clockWall = wallNow; // silence is counted from the first time this stitcher sees the wall clock
            lastLook = wallNow;
        }
        if (firstLook == null) {
            firstLook = wallNow;
        }
        if (streamNow > clockStream) {
            clockStream = streamNow;
            clockWall = lastLook;
        }
        lastLook = wallNow;
        if (!inputSinceStart) {
            final long waited = Math.max(0, wallNow - firstLook);
            return waited < config.idleTimeout().toMillis() ? clockStream
                    : TimerIndex.plus(clockStream, java.time.Duration.ofMillis(waited));
        }
        return TimerIndex.plus(clockStream, java.time.Duration.ofMillis(wallNow - clockWall));
    }

    /** Fires the host's timers that are due at {@code now} on the input clock (see {@link TimerIndex#dueAt}). */
    private void fireTimers(final String key, final HostState s, final long now) {
        if (s.phase != null && now >= TimerIndex.plus(s.lastActivity, TimerIndex.bound(s, config))) {
            switch (s.phase) {
                case KILLED -> endKeepingForLateMembers(key, s);
                case TAIL -> emitAndClear(key, s, null);
                case COLLECTING -> {
                    // Quiet inside the task table: the rows so far go out, not as the whole table (more may come,
                    // and a version with them replaces this one, so the gap is not kept).
                    final boolean gap = s.gap;
                    s.gap |= s.tableOpen;
                    events.publish(key, assemble(key, s, incompleteReason(s, IncompleteReason.IDLE_TIMEOUT)));
                    s.gap = gap;
                    s.emittedBefore = true;
                    s.phase = Phase.LINGERING;
                }
                case LINGERING -> dropReport(key, s);
            }
        }
        if (s.ended != null && now >= TimerIndex.plus(s.ended.lastActivity, config.idleTimeout())) {
            dropEnded(key, s);
        }
        if (s.pendingUnit != null && now >= TimerIndex.plus(s.pendingUnitActivity, config.reaperGrace())) {
            emitPendingUnit(key, s);
        }
    }

    /**
     * A line whose log time is far from the open report's (another day's fragment of the same
     * host, or a report resumed after its linger window) must not be glued onto it.
     */
    private void separateDistantReport(final String key, final HostState s, final ReportLine rl) {
        if (s.phase == null || s.lastMillis == null || rl.epochMillis() == null) {
            return;
        }
        final long delta = rl.epochMillis() - s.lastMillis;
        final boolean backwards = delta < -config.idleTimeout().toMillis();
        final boolean tooLate = delta > config.linger().toMillis();
        if (!backwards && !tooLate) {
            return;
        }
        switch (s.phase) {
            case KILLED, TAIL -> emitAndClear(key, s, null);
            case COLLECTING -> {
                s.gap |= s.tableOpen;
                emitAndClear(key, s, incompleteReason(s, IncompleteReason.IDLE_TIMEOUT));
            }
            case LINGERING -> dropReport(key, s);
            default -> {
            }
        }
    }

    private void closeOpen(final String key, final HostState s, final IncompleteReason ifNoEnd) {
        if (s.phase == Phase.KILLED || s.phase == Phase.TAIL) {
            emitAndClear(key, s, null);
        } else if (s.phase == Phase.COLLECTING) {
            emitAndClear(key, s, incompleteReason(s, ifNoEnd));
        } else if (s.phase == Phase.LINGERING) {
            dropReport(key, s);
        }
    }

    private static IncompleteReason incompleteReason(final HostState s, final IncompleteReason otherwise) {
        if (s.truncated) {
            return IncompleteReason.TRUNCATED;
        }
        if (!s.hasHeader) {
            return IncompleteReason.MISSING_HEADER;
        }
        return otherwise;
    }

    /** Emits the open report; {@code reason} null means it ended (its own fragment/truncation flags still apply). */
    private void emitAndClear(final String key, final HostState s, final IncompleteReason reason) {
        events.publish(key, assemble(key, s, reason != null ? reason : endingReason(s)));
        dropReport(key, s);
    }

    /** Why a report that ends on its own goes out incomplete: lines cut by the cap, or no header; null when whole. */
    private static IncompleteReason endingReason(final HostState s) {
        return s.truncated ? IncompleteReason.TRUNCATED : !s.hasHeader ? IncompleteReason.MISSING_HEADER : null;
    }

    /**
     * A kill report ends with nothing after it (its grace ran out, or its reaper line came): it goes out as
     * {@link #emitAndClear} sends it, and if its lines carry kernel stamps it is kept, lines and all, for a member
     * delivered after a pause in delivery ({@link EndedReport}).
     */
    private void endKeepingForLateMembers(final String key, final HostState s) {
        if (!EndedReport.keepable(s)) {
            emitAndClear(key, s, null);
            return;
        }
        events.publish(key, assemble(key, s, endingReason(s)));
        final EndedReport ended = EndedReport.of(s);
        s.clearReport(); // its lines stay in the store, under the same indices, until the ended report is dropped
        groupKills.remove(key);
        readSoFar.remove(key);
        s.ended = ended;
    }

    /**
     * A line that continues the host's ended report by its kernel stamp (a memory.oom.group member delivered after a
     * pause) puts the report back as it was, so the line is read exactly as if it had arrived in time.
     */
    private void rejoinEndedReport(final String key, final HostState s, final Classified c, final ReportLine rl) {
        if (s.phase != null || s.ended == null || !s.ended.continuedBy(c, rl)) {
            return;
        }
        s.ended.restoreInto(s);
        s.ended = null;
        if (s.groupKill) {
            readGroupContext(key, s);
        }
        stats.lateMemberRejoined();
    }

    /** Forgets the host's ended report and its lines. */
    private void dropEnded(final String key, final HostState s) {
        if (s.ended != null) {
            store.removeLines(key, s.ended.lineCount);
            s.ended = null;
        }
    }

    private OomEvent assemble(final String key, final HostState s, final IncompleteReason reason) {
        return Invocations.mark(s, assembleReport(key, s, reason));
    }

    private OomEvent assembleReport(final String key, final HostState s, final IncompleteReason reason) {
        final GroupKills group = s.groupKill ? groupKills.get(key) : null;
        if (group != null && group.describes(s)) {
            return assembler.assemble(s, EventAssembler.read(group.shared.copy(), group.ownLines), s.lineCount,
                    reason);
        }
        if (group != null) {
            groupKills.remove(key); // it no longer matches the stored lines (a cap dropped one): read them whole
        }
        final List<ReportLine> lines = store.lines(key, s.lineCount);
        final ReportReader reader = ReadSoFar.readerFor(readSoFar.remove(key), lines);
        readSoFar.put(key, ReadSoFar.keep(lines, reader));
        return assembler.assemble(s, reader, lines.size(), reason);
    }

    private void dropReport(final String key, final HostState s) {
        store.removeLines(key, s.lineCount);
        s.clearReport();
        groupKills.remove(key);
        readSoFar.remove(key);
    }

    private void emitPendingUnit(final String key, final HostState s) {
        events.publish(key, assembler.unitKill(s.host, s.pendingUnit, s.pendingUnitFailed, s.pendingUnitMillis,
                s.pendingUnitLine, key));
        s.clearPendingUnit();
    }

    /** Two log times close enough to be one happening; unknown times (dmesg, pastes) count as adjacent. */
    private static boolean close(final Long a, final Long b) {
        return a == null || b == null || Math.abs(a - b) <= UNIT_ATTRIBUTION_MILLIS;
    }

    private void save(final String key, final HostState s) {
        if (s.isEmpty()) {
            store.removeState(key);
        } else {
            store.putState(key, s);
        }
        timers().track(key, s);
    }

    /** Stands for the state before a step where the store needs no comparison ({@link StitchStore#holdsStateObjects}). */
    private static final byte[] NOT_COMPARED = new byte[0];

    /** The state's stored form, to compare after the step; not serialised for a store that holds the objects. */
    private byte[] formBeforeStep(final HostState s) {
        return store.holdsStateObjects() ? NOT_COMPARED : s.formBeforeStep();
    }

    /**
     * Writes the host's state only if it changed: {@code before} is its stored form when it was read, null when the
     * host had no state. Every timer tick and every line that changes nothing would otherwise rewrite the state
     * (and its changelog record).
     */
    private void save(final String key, final HostState s, final byte[] before) {
        if (s.isEmpty()) {
            if (before != null) {
                store.removeState(key);
            }
        } else if (store.holdsStateObjects()) {
            store.putState(key, s);
        } else {
            final byte[] after = s.persistedForm();
            if (before == null || !java.util.Arrays.equals(before, after)) {
                s.formToWrite = after;
                store.putState(key, s);
                s.formToWrite = null;
            }
        }
        timers().track(key, s);
    }

    /** The timer index, built from the store the first time it is needed (the store survives restarts; it does not). */
    private TimerIndex timers() {
        if (timers == null) {
            final TimerIndex index = new TimerIndex(config);
            store.forEachState((key, s) -> {
                index.track(key, s);
                // After a restart before any input, the clock starts from the newest activity the state holds.
                clockStream = Math.max(clockStream, Math.max(s.lastActivity, s.pendingUnitActivity));
            });
            timers = index;
        }
        return timers;
    }

    /** Early 5.0 kernels printed the summary line without its newline; the next record is glued on. */
    private void feedGluedRest(final LogLine line, final Classified c, final long streamNow, final Long wallNow) {
        if (c.kind() != LineKind.OOM_SUMMARY) {
            return;
        }
        final String rest = c.group("rest");
        if (rest == null || rest.isBlank()) {
            return;
        }
        final Matcher m = LEADING_STAMP.matcher(rest);
        if (m.matches()) {
            final String frac = (m.group(2) + "000000").substring(0, 6);
            final long micros = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(frac);
            accept(line.withMessage(m.group(3), micros), streamNow, wallNow);
        } else {
            accept(line.withMessage(rest.strip(), line.uptimeMicros()), streamNow, wallNow);
        }
    }
}
