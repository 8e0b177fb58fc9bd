package io.oomstream.count;

import io.oomstream.incident.IncidentSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tumbling-window kill counts per {@link KillDimensions} on log time, one logic for the topology and for
 * {@code analyze}, with its state in a {@link KillCountStore} so a restarted application carries on where it
 * stopped (nothing emitted twice, nothing forgotten).
 *
 * <p>Stream time is the newest time seen: kills' log times and {@link #advance} (the topology's ticks in quiet
 * periods). A window is emitted once stream time reaches its end plus the grace. A kill for a window already
 * emitted is counted all the same and its window is emitted again with the corrected count, under the same key
 * (dimensions plus start): a consumer that upserts by key ends with the right number, so late and replayed
 * logs are counted exactly once instead of being dropped as a windowed aggregation would. Emitted windows are
 * kept for the retention behind stream time; a kill for an older window is refused ({@link Arrival#TOO_OLD}),
 * because its previous count is gone and emitting 1 would overwrite a larger number.
 *
 * <p>Does not deduplicate: the {@link KillLedger} does, where kills are still keyed by host, and feeds this counter
 * ({@link #apply}); a kill emitted again under other dimensions is moved with a retraction and a count. Not
 * thread-safe.
 */
public final class KillCounter {

    /** What became of a kill. */
    public enum Arrival {
        /** Counted in a window not yet emitted. */
        IN_TIME,
        /** Counted in a window already emitted, which is emitted again. */
        CORRECTION,
        /** Not counted: its window is older than the retention. */
        TOO_OLD,
        /** Not a kill: a {@link CountFeed.Tick}, which only moves stream time. */
        TICK
    }

    /** A kill's arrival and the windows emitted because of it (closed ones, or its corrected one). */
    public record Counted(Arrival arrival, List<KillCount> emitted) {
    }

    private static final String STREAM_TIME = "m|stream-time";
    /**
     * Windows starting before this were forgotten. Kept, and only moved forward, so that a retention raised
     * later cannot let a kill into a window already forgotten, where it would count from 1.
     */
    private static final String HORIZON = "m|horizon";
    /** Log times are clamped to about +-70 million years, so that no window arithmetic can overflow. */
    private static final long LIMIT = Long.MAX_VALUE / 4;

    private final long size;
    private final long grace;
    private final long retention;
    private final KillCountStore store;

    public KillCounter(final Duration window, final Duration grace, final Duration retention,
                       final KillCountStore store) {
        this.size = window.toMillis();
        this.grace = grace.toMillis();
        this.retention = retention.toMillis();
        if (this.retention < this.size + this.grace) {
            throw new IllegalArgumentException("retention " + retention + " is shorter than window plus grace");
        }
        this.store = store;
    }

    public KillCounter(final IncidentSettings settings, final KillCountStore store) {
        this(settings.killCountWindow(), settings.killCountGrace(), settings.killCountRetention(), store);
    }

    /**
     * Applies one item of the {@link KillLedger}'s feed, sent under {@code dimensions} at {@code time}: a count, a
     * retraction, or a tick that only moves stream time. The one entry point of the topology and of {@code analyze}.
     */
    public Counted apply(final KillDimensions dimensions, final CountFeed item, final Instant time) {
        if (item instanceof CountFeed.Count) {
            return onKill(dimensions, time);
        }
        if (item instanceof CountFeed.Retraction) {
            return onRetraction(dimensions, time);
        }
        return new Counted(Arrival.TICK, advance(time));
    }

    /** Counts one kill at {@code time} (its log time). */
    public Counted onKill(final KillDimensions dimensions, final Instant time) {
        return add(dimensions, time, 1);
    }

    /**
     * Takes back a kill counted at {@code time} under {@code dimensions}: it was emitted again with another
     * attribution and is counted under that instead. An emitted window goes out again with the lower count,
     * possibly 0, so that an upsert by key ends right; an open window simply holds one kill less.
     */
    public Counted onRetraction(final KillDimensions dimensions, final Instant time) {
        return add(dimensions, time, -1);
    }

    private Counted add(final KillDimensions dimensions, final Instant time, final int delta) {
        final List<KillCount> emitted = new ArrayList<>(advance(time));
        final KillWindowKey window = new KillWindowKey(Math.floorDiv(clampedMillis(time), size) * size, dimensions);
        final long now = store.get(STREAM_TIME);
        final Long horizon = store.get(HORIZON);
        if (window.start() < now - retention || horizon != null && window.start() < horizon) {
            return new Counted(Arrival.TOO_OLD, emitted);
        }
        if (window.start() + size + grace > now) {
            addToCount(window.in(KillWindowKey.OPEN), delta, true);
            return new Counted(Arrival.IN_TIME, emitted);
        }
        final Long n = addToCount(window.in(KillWindowKey.EMITTED), delta, false);
        if (n != null) {
            emitted.add(count(window, n));
        }
        return new Counted(Arrival.CORRECTION, emitted);
    }

    /** Moves stream time to {@code time} if that is later; returns the windows this closed, oldest first. */
    public List<KillCount> advance(final Instant time) {
        final Long before = store.get(STREAM_TIME);
        final long now = before == null ? clampedMillis(time) : Math.max(before, clampedMillis(time));
        if (before != null && before == now) {
            return List.of();
        }
        store.put(STREAM_TIME, now);
        final List<KillCount> closed = emitOpenBefore(now - size - grace + 1);
        forgetEmittedBefore(now - retention);
        return closed;
    }

    /** End of input: every window still open, as it stands, oldest first. */
    public List<KillCount> flush() {
        return emitOpenBefore(Long.MAX_VALUE);
    }

    /** Stream time, or null before the first kill or tick. */
    public Instant streamTime() {
        final Long t = store.get(STREAM_TIME);
        return t == null ? null : Instant.ofEpochMilli(t);
    }

    /** Emits every open window that starts before {@code start} and keeps it for corrections. */
    private List<KillCount> emitOpenBefore(final long start) {
        final List<KillCount> out = new ArrayList<>();
        for (final Map.Entry<String, Long> e : store.range(KillWindowKey.OPEN,
                start == Long.MAX_VALUE ? KillWindowKey.OPEN + '~' : KillWindowKey.from(KillWindowKey.OPEN, start))) {
            final KillWindowKey window = KillWindowKey.parse(e.getKey());
            store.delete(e.getKey());
            store.put(window.in(KillWindowKey.EMITTED), e.getValue());
            out.add(count(window, e.getValue()));
        }
        return out;
    }

    private void forgetEmittedBefore(final long start) {
        final Long horizon = store.get(HORIZON);
        if (horizon != null && horizon >= start) {
            return;
        }
        store.put(HORIZON, start);
        for (final Map.Entry<String, Long> e : store.range(KillWindowKey.EMITTED,
                KillWindowKey.from(KillWindowKey.EMITTED, start))) {
            store.delete(e.getKey());
        }
    }

    /** Epoch milliseconds of {@code time}, clamped so that window arithmetic cannot overflow. */
    public static long clampedMillis(final Instant time) {
        if (time.getEpochSecond() > LIMIT / 1000) {
            return LIMIT;
        }
        if (time.getEpochSecond() < -LIMIT / 1000) {
            return -LIMIT;
        }
        return time.toEpochMilli();
    }

    /**
     * Adds {@code delta} to the count under {@code key}; a count that would go below 0 (nothing to take back:
     * never counted there) is left alone. An open window that drops to 0 is removed, so it is never emitted;
     * an emitted one keeps its 0, which is emitted.
     *
     * @return the new count, or null when nothing changed
     */
    private Long addToCount(final String key, final int delta, final boolean removeAtZero) {
        final Long n = store.get(key);
        final long next = (n == null ? 0 : n) + delta;
        if (next < 0) {
            return null;
        }
        if (next == 0 && removeAtZero) {
            store.delete(key);
        } else {
            store.put(key, next);
        }
        return next;
    }

    private KillCount count(final KillWindowKey window, final long n) {
        return KillCount.of(window.dimensions(), Instant.ofEpochMilli(window.start()),
                Instant.ofEpochMilli(window.start() + size), n);
    }
}
