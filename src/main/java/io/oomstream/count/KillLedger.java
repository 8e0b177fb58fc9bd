package io.oomstream.count;

import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import java.time.Duration;

/**
 * The kill ledger: per event id, when it was first seen and what it was counted as; the one horizon behind which
 * ids are forgotten and kills refused; and the clock that ticks the {@link KillCounter} in quiet periods. A pure
 * engine with no Kafka imports, run by the topology (on the by-host stream: event ids derive from the host, so
 * one id always reaches the same task) and by {@code analyze --counts}, over a {@link LedgerStore}; what it counts
 * it sends to a {@link CountFeed.Sink}.
 *
 * <p>Two steps per kill, because incidents need the first one too: {@link #see} tells a first kill from a repeat
 * (the stitcher re-emits an event when it learns more, and a replayed log emits the same ids again);
 * {@link #count} then counts a first kill, and moves a repeat whose dimensions or window changed (fleet metadata
 * that arrived in between, a systemd unit line that came late). A report without a kill is never counted.
 *
 * <p>Time: a kill is kept under its own log time; it is sent at that time capped at processing time
 * ({@code wallNow}), because a host whose clock runs ahead would otherwise push stream time into the future (and
 * a repartition topic refuses records more than an hour ahead). {@code analyze} passes {@link #NO_WALL_CLOCK}:
 * log time is its only clock. Not thread-safe.
 */
public final class KillLedger {

    /** The processing time of a run without one ({@code analyze}): nothing is capped, the clock never ticks. */
    public static final long NO_WALL_CLOCK = Long.MAX_VALUE;
    /** Idle time before ticking, and the tick interval. */
    public static final Duration TICK_EVERY = Duration.ofSeconds(10);

    /** What became of a kill in {@link #count}. */
    public enum Outcome {
        /** Sent to the counter. */
        COUNTED,
        /** A repeat counted as before: nothing sent. */
        REPEAT,
        /** A repeat with other dimensions or another window: taken back there and counted here. */
        MOVED,
        /** Older than the ledger's horizon: it cannot be told from a repeat, so it is not counted. */
        TOO_OLD,
        /** Dated before 1970 (a reset clock in a zone ahead of UTC): a repartition refuses negative times. */
        BEFORE_1970,
        /** A report without a kill ({@link Kill#withoutKill()}): never counted. */
        WITHOUT_KILL
    }

    /** The newest kill time seen, capped at processing time: the horizon follows it. */
    private static final String NEWEST = "m|newest-kill";

    private final IncidentSettings settings;
    private final LedgerStore store;
    private final KillDeduplicator dedup;
    private final CountFeed.Sink sink;

    public KillLedger(final IncidentSettings settings, final LedgerStore store, final CountFeed.Sink sink) {
        this.settings = settings;
        this.store = store;
        this.dedup = new KillDeduplicator(store.ids());
        this.sink = sink;
    }

    /** Whether {@code kill}'s event id was seen before; remembers it if not. */
    public Kill.Seen see(final Kill kill, final long wallNow) {
        // Kept under its own log time, not one capped at processing time: a capped (future-dated) kill would be
        // forgotten a retention after it was processed, and counted again if its log were replayed.
        final long time = KillCounter.clampedMillis(kill.time());
        final Kill.Seen seen = dedup.check(kill.dedupKey(), time);
        // The horizon follows the newest kill, capped at processing time: a host clock running years ahead must
        // not make everyone else's kills "too old".
        final long capped = Math.min(time, wallNow);
        final Long newest = store.ids().get(NEWEST);
        if (newest == null || newest < capped) {
            store.ids().put(NEWEST, capped);
        }
        return seen;
    }

    /** Counts {@code kill}, marked by {@link #see}, or moves it if it is a repeat counted elsewhere. */
    public Outcome count(final Kill kill, final long wallNow) {
        if (kill.withoutKill()) {
            return Outcome.WITHOUT_KILL;
        }
        final String id = kill.summary().eventId();
        final long logTime = KillCounter.clampedMillis(kill.time());
        if (logTime < 0) {
            return Outcome.BEFORE_1970;
        }
        final CountedKill now = new CountedKill(KillDimensions.of(kill), logTime, Math.min(logTime, wallNow));
        // Unmarked (null) cannot happen behind see(); counting it is the safe reading.
        switch (kill.seen() == null ? Kill.Seen.FIRST : kill.seen()) {
            case DUPLICATE:
                return moveIfCountedElsewhere(id, now);
            case TOO_OLD:
                return Outcome.TOO_OLD;
            default:
                final TickClock clock = store.clock();
                store.putClock(new TickClock(clock == null ? now.countedAt()
                        : Math.max(clock.now(wallNow), now.countedAt()), wallNow));
                store.putCounted(id, now);
                sink.send(now.dimensions(), new CountFeed.Count(id), now.countedAt());
                return Outcome.COUNTED;
        }
    }

    private Outcome moveIfCountedElsewhere(final String id, final CountedKill now) {
        final CountedKill before = store.counted(id);
        if (before == null || !before.movedBy(now, settings.killCountWindow().toMillis())) {
            return Outcome.REPEAT;
        }
        store.putCounted(id, now);
        sink.send(before.dimensions(), new CountFeed.Retraction(id), before.countedAt());
        sink.send(now.dimensions(), new CountFeed.Count(id), now.countedAt());
        return Outcome.MOVED;
    }

    /**
     * Windows close on the counter's stream time, which only records advance: when no kill was counted for
     * {@link #TICK_EVERY}, sends a tick at the clock's time (at most {@code wallNow}).
     *
     * @return whether a tick was sent
     */
    public boolean tick(final long wallNow) {
        final TickClock clock = store.clock();
        if (clock == null || wallNow - clock.setAt() < TICK_EVERY.toMillis()) {
            return false;
        }
        sink.send(CountFeed.TICK_KEY, CountFeed.Tick.INSTANCE, Math.min(clock.now(wallNow), wallNow));
        return true;
    }

    /**
     * Forgets ids and what they were counted as, both behind one horizon: the retention behind the newest kill
     * time. A kill older than it is refused ({@link Kill.Seen#TOO_OLD}) rather than looked up, so none counts twice.
     *
     * @return the number of ids forgotten
     */
    public int forget() {
        final Long newest = store.ids().get(NEWEST);
        if (newest == null) {
            return 0;
        }
        final long horizon = newest - settings.killCountRetention().toMillis();
        final int forgotten = dedup.forgetBefore(horizon);
        store.forgetCountedBefore(horizon);
        return forgotten;
    }
}
