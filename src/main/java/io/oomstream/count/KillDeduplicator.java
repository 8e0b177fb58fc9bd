package io.oomstream.count;

import io.oomstream.incident.Kill;
import java.util.Map;

/**
 * Each kill once by event id, for incidents and kill counts (part of the {@link KillLedger}): the stitcher emits an event again when it learns more (a
 * report completed after its idle timeout), and a replayed log emits the same ids again. Ids are kept in a
 * {@link KillCountStore}, with their kill's log time, for the retention behind the newest kill time seen;
 * a second key per id, time first, lets them be forgotten with one bounded range scan.
 *
 * <p>A kill older than that horizon is refused outright ({@link Kill.Seen#TOO_OLD}) rather than looked up:
 * its id may already have been forgotten, and counting it could count it twice. So one horizon decides both
 * what is forgotten and what is refused, and no kill is ever counted twice. Not thread-safe.
 */
public final class KillDeduplicator {

    private static final String ID = "k|";
    private static final String BY_TIME = "t|";
    private static final String HORIZON = "m|horizon";

    private final KillCountStore store;

    public KillDeduplicator(final KillCountStore store) {
        this.store = store;
    }

    /** Decides on the kill {@code eventId} at log time {@code time} (epoch ms) and remembers it if it is new. */
    public Kill.Seen check(final String eventId, final long time) {
        final Long horizon = store.get(HORIZON);
        if (horizon != null && time < horizon) {
            return Kill.Seen.TOO_OLD;
        }
        final String key = ID + eventId;
        if (store.get(key) != null) {
            return Kill.Seen.DUPLICATE;
        }
        store.put(key, time);
        store.put(BY_TIME + SortableMillis.of(time) + '|' + eventId, time);
        return Kill.Seen.FIRST;
    }

    /**
     * Moves the horizon to {@code horizon} if that is later and forgets the ids of kills before it.
     *
     * @return the number of ids forgotten
     */
    public int forgetBefore(final long horizon) {
        final Long before = store.get(HORIZON);
        if (before != null && before >= horizon) {
            return 0;
        }
        store.put(HORIZON, horizon);
        int forgotten = 0;
        for (final Map.Entry<String, Long> e : store.range(BY_TIME, BY_TIME + SortableMillis.of(horizon))) {
            store.delete(e.getKey());
            store.delete(ID + e.getKey().substring(BY_TIME.length() + SortableMillis.DIGITS + 1));
            forgotten++;
        }
        return forgotten;
    }
}
