package io.oomstream.count;

import java.util.HashMap;
import java.util.Map;

/** {@link LedgerStore} in memory: {@code analyze} and tests. Not thread-safe. */
public final class InMemoryLedgerStore implements LedgerStore {

    private final InMemoryKillCountStore ids = new InMemoryKillCountStore();
    private final Map<String, CountedKill> counted = new HashMap<>();
    private TickClock clock;

    @Override
    public KillCountStore ids() {
        return ids;
    }

    @Override
    public CountedKill counted(final String eventId) {
        return counted.get(eventId);
    }

    @Override
    public void putCounted(final String eventId, final CountedKill kill) {
        counted.put(eventId, kill);
    }

    @Override
    public void forgetCountedBefore(final long horizon) {
        counted.values().removeIf(k -> k.logTime() < horizon);
    }

    @Override
    public TickClock clock() {
        return clock;
    }

    @Override
    public void putClock(final TickClock clock) {
        this.clock = clock;
    }

    /** Number of counted kills kept: state size in tests. */
    public int countedSize() {
        return counted.size();
    }
}
