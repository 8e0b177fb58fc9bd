package io.oomstream.stitch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When each host's next timer is due (on the input clock), ordered by time, and which hosts have a report open:
 * a tick reads only the hosts that are due and the open-reports gauge is a count, however many hosts hold state.
 *
 * <p>Derived data, kept in memory beside the store: the store stays the one truth, and the index is rebuilt
 * from it whenever a stitcher starts (after a restart, a rebalance or a restore from the changelog).
 */
final class TimerIndex {

    /** One host's next due time; ordered by time, then host, so equal times of different hosts coexist. */
    private record Due(long at, String host) implements Comparable<Due> {
        @Override
        public int compareTo(final Due o) {
            final int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : host.compareTo(o.host);
        }
    }

    private final StitcherConfig config;
    private final Map<String, Long> dueByHost = new HashMap<>();
    private final TreeSet<Due> byTime = new TreeSet<>();
    private final Set<String> open = new HashSet<>();

    TimerIndex(final StitcherConfig config) {
        this.config = config;
    }

    /** Records the host's state as it now stands (null or empty: the host has nothing pending). */
    void track(final String host, final HostState s) {
        final Long previous = dueByHost.remove(host);
        if (previous != null) {
            byTime.remove(new Due(previous, host));
        }
        final Long due = s == null ? null : dueAt(s, config);
        if (due != null) {
            dueByHost.put(host, due);
            byTime.add(new Due(due, host));
        }
        if (s != null && s.phase != null && s.phase != Phase.LINGERING) {
            open.add(host);
        } else {
            open.remove(host);
        }
    }

    /** The hosts whose next timer is due at {@code now} or before, earliest first (a snapshot). */
    List<String> dueBy(final long now) {
        final List<String> hosts = new ArrayList<>();
        for (final Due d : byTime) {
            if (d.at() > now) {
                break;
            }
            hosts.add(d.host());
        }
        return hosts;
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
            due = plus(s.lastActivity, bound(s.phase, config));
        }
        if (s.pendingUnit != null) {
            final long unitDue = plus(s.pendingUnitActivity, config.reaperGrace());
            due = due == null ? unitDue : Math.min(due, unitDue);
        }
        return due;
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
