package io.oomstream.stitch;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TaskEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The stitcher's way out: each host's recently emitted events are remembered ({@link StitchStore#recent}), so
 * that the same kill seen twice goes out once, a fuller version of an event replaces it under the same id, and
 * late lines (reaper, systemd unit) can update an event already sent. Not thread-safe.
 */
final class EventPublisher {

    private static final int RECENT_EVENTS_KEPT = 8;
    /**
     * Task rows kept in the recent-events state: the state store's changelog record must stay far
     * below the broker's 1 MB limit (under exactly_once_v2 a refused record kills the stream thread),
     * so a late update (reaper, unit) re-emits an event with its largest rows only.
     */
    static final int RECALLED_TASKS = 50;
    /** Two kill lines of one pid this close in log time are one kill printed twice. */
    private static final long SAME_KILL_MILLIS = 2_000;

    private final StitchStore store;
    private final Consumer<OomEvent> sink;
    private final StitchStats stats;

    EventPublisher(final StitchStore store, final Consumer<OomEvent> sink, final StitchStats stats) {
        this.store = store;
        this.sink = sink;
        this.stats = stats;
    }

    /**
     * Sends an event unless an identical or richer version with the same id (or the same kill) already went out.
     *
     * @return the id the event went out (or was dropped) under: another event's when it is the same kill seen again
     */
    String publish(final String key, final OomEvent candidate) {
        final List<OomEvent> recent = new ArrayList<>(store.recent(key));
        OomEvent e = candidate;
        if (e.victim() != null && e.victim().pid() != null && e.kind() != EventKind.USERSPACE_OOM_KILL) {
            for (final OomEvent r : recent) {
                if (r.victim() != null && e.victim().pid().equals(r.victim().pid()) && !r.eventId().equals(e.eventId())
                        && r.kind() != EventKind.USERSPACE_OOM_KILL && !twoInvocations(r, e) && sameMoment(r, e)) {
                    e = e.withEventId(r.eventId()); // the same kill seen twice: one event
                    break;
                }
            }
        }
        int existingAt = -1;
        for (int i = 0; i < recent.size(); i++) {
            if (recent.get(i).eventId().equals(e.eventId())) {
                existingAt = i;
            }
        }
        if (existingAt >= 0) {
            final OomEvent old = recent.get(existingAt);
            if (!richer(e, old)) {
                stats.duplicate();
                return e.eventId();
            }
            e = carryOver(e, old);
            recent.remove(existingAt);
        }
        recent.add(forRecall(e));
        while (recent.size() > RECENT_EVENTS_KEPT) {
            recent.remove(0);
        }
        store.putRecent(key, recent);
        stats.emitted(e, existingAt >= 0);
        sink.accept(e);
        return e.eventId();
    }

    private static OomEvent forRecall(final OomEvent e) {
        if (e.tasks() == null || e.tasks().size() <= RECALLED_TASKS) {
            return e;
        }
        final List<TaskEntry> biggest = new ArrayList<>(e.tasks());
        biggest.sort(Comparator.comparingLong(
                (TaskEntry t) -> t.rssKb() == null ? 0L : t.rssKb()).reversed());
        final Set<TaskEntry> keep = new HashSet<>(biggest.subList(0, RECALLED_TASKS));
        final List<TaskEntry> listed = e.tasks().stream().filter(keep::contains).toList();
        final int omitted = (e.tasksOmitted() == null ? 0 : e.tasksOmitted()) + e.tasks().size() - listed.size();
        return e.withTasks(listed, omitted);
    }

    private static boolean richer(final OomEvent e, final OomEvent old) {
        if (e.complete() != old.complete()) {
            return e.complete();
        }
        if (e.lineCount() != old.lineCount()) {
            return e.lineCount() > old.lineCount();
        }
        if (e.reaped() != null && !e.reaped().equals(old.reaped())) {
            return true;
        }
        if (e.invocationId() != null && !e.invocationId().equals(old.invocationId())) {
            return true; // the event went out at its kill line, before the group announced itself
        }
        return e.systemdUnit() != null && !e.systemdUnit().equals(old.systemdUnit());
    }

    /** Facts learnt after an earlier version went out are not lost when a fuller version replaces it. */
    private static OomEvent carryOver(final OomEvent e, final OomEvent old) {
        OomEvent out = e;
        if (out.systemdUnit() == null && old.systemdUnit() != null) {
            out = out.withSystemdUnit(old.systemdUnit());
        }
        if (out.reaped() == null && old.reaped() != null) {
            out = out.withReaped(old.reaped());
        }
        if (out.invocationId() == null && old.invocationId() != null) {
            out = out.toBuilder().invocationId(old.invocationId()).invocationRank(old.invocationRank()).build();
        }
        return out;
    }

    /**
     * Two reports that each printed their own header are two invocations of the OOM killer, whatever pid they name:
     * a redelivered copy of a whole report has the same first line and so the same id, and only a fragment (a
     * report whose header was lost or rate-limited) can be another view of a kill already seen.
     */
    private static boolean twoInvocations(final OomEvent a, final OomEvent b) {
        return a.trigger() != null && b.trigger() != null;
    }

    private static boolean sameMoment(final OomEvent a, final OomEvent b) {
        if (a.uptimeSeconds() != null && b.uptimeSeconds() != null) {
            return Math.abs(a.uptimeSeconds() - b.uptimeSeconds()) <= 1.0;
        }
        final Long ta = millisOf(a);
        final Long tb = millisOf(b);
        return ta == null || tb == null || Math.abs(ta - tb) <= SAME_KILL_MILLIS;
    }

    /** The host's most recent event whose victim had {@code pid}, or null. */
    OomEvent recentVictim(final String key, final int pid) {
        final List<OomEvent> recent = store.recent(key);
        for (int i = recent.size() - 1; i >= 0; i--) {
            final OomEvent e = recent.get(i);
            if (e.victim() != null && e.victim().pid() != null && e.victim().pid() == pid) {
                return e;
            }
        }
        return null;
    }

    /** The host's last kernel kill event with a victim, if it is the last kernel kill emitted. */
    OomEvent lastKernelKill(final String key) {
        final List<OomEvent> recent = store.recent(key);
        for (int i = recent.size() - 1; i >= 0; i--) {
            final OomEvent e = recent.get(i);
            if (e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL) {
                return e.victim() != null ? e : null;
            }
        }
        return null;
    }

    static Long millisOf(final OomEvent e) {
        return e.time() == null ? null : Instant.parse(e.time()).toEpochMilli();
    }
}
