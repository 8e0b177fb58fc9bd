package io.oomstream.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tumbling-window kill counts per {@link KillDimensions}, with the semantics of the topology's windowed
 * aggregation (offline use and reference): a kill counts in the window of its log time; stream time is the
 * newest log time seen; a window closes, and is emitted, once stream time reaches its end plus the grace;
 * a kill for a closed window is late and dropped ({@link #lateKills()}). Each event id counts once.
 * Two things only the topology does: it caps log times at processing time (a clock running ahead cannot
 * push the windows into the future), and it moves stream time on with processing time when the fleet is
 * quiet, where this counter emits what is left with {@link #flush()}. Not thread-safe.
 */
public final class KillCounter {

    private final long size;
    private final long grace;
    /** Open windows by start (epoch ms), then counts by dimensions in order of first kill. */
    private final TreeMap<Long, Map<KillDimensions, Long>> windows = new TreeMap<>();
    /** Event ids counted, by their window start, forgotten with their window. */
    private final Map<String, Long> counted = new HashMap<>();
    private long streamTime = Long.MIN_VALUE;
    private long late;

    public KillCounter(final Duration window, final Duration grace) {
        this.size = window.toMillis();
        this.grace = grace.toMillis();
    }

    public KillCounter(final IncidentSettings settings) {
        this(settings.killCountWindow(), settings.killCountGrace());
    }

    /** Counts one kill and returns the windows its log time closed. */
    public List<KillCount> onKill(final Kill kill) {
        final long t = kill.time().toEpochMilli();
        final long start = Math.floorDiv(t, size) * size;
        streamTime = Math.max(streamTime, t);
        if (start + size + grace <= streamTime) {
            late++;
        } else if (counted.putIfAbsent(kill.summary().eventId(), start) == null) {
            windows.computeIfAbsent(start, s -> new LinkedHashMap<>()).merge(KillDimensions.of(kill), 1L, Long::sum);
        }
        return closeUpTo(streamTime);
    }

    /** Advances stream time without a kill (e.g. other records' time) and returns the windows that closed. */
    public List<KillCount> advance(final Instant now) {
        streamTime = Math.max(streamTime, now.toEpochMilli());
        return closeUpTo(streamTime);
    }

    /** End of input: every window still open, as it stands. */
    public List<KillCount> flush() {
        return closeUpTo(Long.MAX_VALUE);
    }

    /** Kills dropped because their window had closed. */
    public long lateKills() {
        return late;
    }

    private List<KillCount> closeUpTo(final long now) {
        final List<KillCount> out = new ArrayList<>();
        final Iterator<Map.Entry<Long, Map<KillDimensions, Long>>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<Long, Map<KillDimensions, Long>> w = it.next();
            final long start = w.getKey();
            if (now != Long.MAX_VALUE && start + size + grace > now) {
                break;
            }
            w.getValue().forEach((d, n) -> out.add(KillCount.of(d, Instant.ofEpochMilli(start),
                    Instant.ofEpochMilli(start + size), n)));
            counted.values().removeIf(s -> s == start);
            it.remove();
        }
        return out;
    }
}
