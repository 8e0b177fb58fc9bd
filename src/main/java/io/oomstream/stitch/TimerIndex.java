package io.oomstream.stitch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * When each host's next timer is due (on the input clock), ordered by time, and which hosts have a report open:
 * a tick reads only the hosts that are due and the open-reports gauge is a count, however many hosts hold state.
 *
 * <p>Derived data, kept in memory beside the store: the store stays the one truth, and the index is rebuilt
 * from it whenever a stitcher starts (after a restart, a rebalance or a restore from the changelog).
 *
 * <p>Every report line moves its host's timer, so {@link #track} is on the path of every line: the due times are a
 * binary heap whose outdated entries are skipped when they come up (a later time appended to a heap costs next to
 * nothing), not a sorted set that removes and re-inserts a host per line (a tenth of a storm's stream thread).
 * {@link #dueByHost} says which entry is current; the heap is rebuilt from it when outdated entries pile up.
 */
final class TimerIndex {

    /** One host's due time; ordered by time, then host, so the earliest comes first and ties are stable. */
    private record Due(long at, String host) implements Comparable<Due> {
        @Override
        public int compareTo(final Due o) {
            final int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : host.compareTo(o.host);
        }
    }

    /** Outdated heap entries tolerated beyond the current ones before the heap is rebuilt. */
    private static final int SLACK = 4096;

    private final StitcherConfig config;
    /** Each host's current due time (the truth the heap's entries are checked against). */
    private final Map<String, Long> dueByHost = new HashMap<>();
    private final PriorityQueue<Due> byTime = new PriorityQueue<>();
    private final Set<String> open = new HashSet<>();

    TimerIndex(final StitcherConfig config) {
        this.config = config;
    }

    /** Records the host's state as it now stands (null or empty: the host has nothing pending). */
    void track(final String host, final HostState s) {
        final Long due = s == null ? null : dueAt(s, config);
        if (due == null) {
            dueByHost.remove(host);
        } else {
            final Long previous = dueByHost.put(host, due);
            if (!due.equals(previous)) {
                byTime.add(new Due(due, host));
            }
        }
        if (s != null && s.phase != null && s.phase != Phase.LINGERING) {
            open.add(host);
        } else {
            open.remove(host);
        }
        if (byTime.size() > 2 * dueByHost.size() + SLACK) {
            rebuild();
        }
    }

    /** The hosts whose next timer is due at {@code now} or before, earliest first (a snapshot). */
    List<String> dueBy(final long now) {
        final List<String> hosts = new ArrayList<>();
        final List<Due> current = new ArrayList<>();
        while (!byTime.isEmpty() && byTime.peek().at() <= now) {
            final Due d = byTime.poll();
            final Long due = dueByHost.get(d.host());
            if (due != null && due == d.at() && (current.isEmpty() || !current.get(current.size() - 1).equals(d))) {
                current.add(d);
                hosts.add(d.host());
            }
        }
        // They stay due until the caller moves them (it may stop early, within its time budget).
        byTime.addAll(current);
        return hosts;
    }

    private void rebuild() {
        byTime.clear();
        dueByHost.forEach((host, at) -> byTime.add(new Due(at, host)));
    }

    /** Reports open (collecting, or waiting after their end), not the lingering ones. */
    int openReports() {
        return open.size();
    }

    /** Hosts with a timer pending. */
    int scheduled() {
        return dueByHost.size();
    }

    /** When the host's next timer is due on the input clock, null when it has none. */
    static Long dueAt(final HostState s, final StitcherConfig config) {
        Long due = null;
        if (s.phase != null) {
            due = plus(s.lastActivity, bound(s, config));
        }
        if (s.pendingUnit != null) {
            final long unitDue = plus(s.pendingUnitActivity, config.reaperGrace());
            due = due == null ? unitDue : Math.min(due, unitDue);
        }
        if (s.ended != null) {
            final long endedDue = plus(s.ended.lastActivity, config.idleTimeout()); // kept for late members until then
            due = due == null ? endedDue : Math.min(due, endedDue);
        }
        return due;
    }

    /**
     * How long the host's open report may go without a new line before its timer fires: its phase's bound, and after
     * the kill line at least twice the longest pause its own lines have shown (up to the idle timeout). The reaper
     * grace is short because the kernel prints a report at once; a report that arrives in batches a second apart
     * (a shipper's, or a producer's that waits for acknowledgements) would otherwise be ended between two batches,
     * and a memory.oom.group report lose the kills of its next batch.
     */
    static Duration bound(final HostState s, final StitcherConfig config) {
        final Duration byPhase = bound(s.phase, config);
        if ((s.phase == Phase.KILLED || s.phase == Phase.TAIL) && s.longestPauseMillis != null) {
            final long byCadence = Math.min(2 * s.longestPauseMillis, config.idleTimeout().toMillis());
            return byCadence > byPhase.toMillis() ? Duration.ofMillis(byCadence) : byPhase;
        }
        return byPhase;
    }

    /** How long a report may stay in {@code phase} without a new line before its timer fires. */
    static Duration bound(final Phase phase, final StitcherConfig config) {
        return switch (phase) {
            case KILLED, TAIL -> config.reaperGrace();
            case COLLECTING -> config.idleTimeout();
            case LINGERING -> config.linger();
        };
    }

    /** {@code since + bound} in epoch ms, saturating: a huge linger must not wrap around into the past. */
    static long plus(final long since, final Duration bound) {
        final long millis = bound.toMillis();
        final long sum = since + millis;
        return millis > 0 && sum < since ? Long.MAX_VALUE : sum;
    }
}
