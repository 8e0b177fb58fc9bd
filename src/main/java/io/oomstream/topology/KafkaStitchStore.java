package io.oomstream.topology;

import io.oomstream.event.OomEvent;
import io.oomstream.stitch.HostState;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.StitchStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stitcher's state in three Kafka Streams key-value stores (persistent, changelogged):
 * per-host bookkeeping, report lines one entry each (key {@code host NUL index}, so appending
 * a line writes only that line), and the host's recently emitted events.
 *
 * <p>The open hosts' states are also kept as objects in memory ({@link #cached}), written through: a storm's report
 * line read and deserialised its host's state from RocksDB, about a seventh of the stream thread's time. The store
 * stays the truth; the copy is dropped with the processor (a task closed, revived after an aborted transaction or
 * moved away starts empty) and by {@link #forgetCached} when a step fails half-way.
 */
final class KafkaStitchStore implements StitchStore {

    private final KeyValueStore<String, HostState> open;
    private final KeyValueStore<String, ReportLine> lines;
    private final KeyValueStore<String, RecentEvents> recent;
    /** Host states as last read or written, by host key; the least recently used go first beyond the bound. */
    private final Map<String, HostState> cached;
    /**
     * Hosts' recent events as last read or written, by host key (the least recently used go first beyond the bound).
     * Every publish reads its host's recent events and writes them back, and a report publishes two or three times in a
     * few seconds (kill line, reaper, unit line): read from the store, each read decoded every event's JSON again, and
     * each write encoded the decoded copies again (the bytes {@link EventJson} keeps are found by identity). About a
     * twentieth of the stream thread in the end-to-end bench.
     */
    private final Map<String, List<OomEvent>> cachedRecent;
    /**
     * Open reports' lines as appended, by host key, while they are all known from index 0 (a report begun before this
     * processor was made, or whose lines were let go here, is read from the store). A report's lines were written and,
     * at its end, read back from RocksDB and their JSON decoded again a few seconds later: about a seventh of the
     * stitcher's time in the side-by-side topology bench's profile. Lines are immutable records, equal to what the
     * store gives back (a line's JSON reads back as the same line). The least recently touched hosts' lines go first
     * beyond {@link #MAX_KEPT_LINES} lines in all.
     */
    private final LinkedHashMap<String, List<ReportLine>> keptLines;
    private int keptLineCount;

    KafkaStitchStore(final KeyValueStore<String, HostState> open, final KeyValueStore<String, ReportLine> lines,
                     final KeyValueStore<String, RecentEvents> recent) {
        this.open = open;
        this.lines = lines;
        this.recent = recent;
        this.cached = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, HostState> eldest) {
                return size() > MAX_CACHED_STATES;
            }
        };
        this.cachedRecent = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, List<OomEvent>> eldest) {
                return size() > MAX_CACHED_RECENT;
            }
        };
        this.keptLines = new LinkedHashMap<>(64, 0.75f, true);
    }

    /** Report lines kept in memory at most, all hosts together: a few MiB (a line is a kernel line, at most ~1 kB). */
    static final int MAX_KEPT_LINES = 20_000;

    /**
     * Hosts whose recent events are kept in memory at most: the hosts that published lately (a report's publishes come
     * within seconds). Recalled events hold a few tasks only, and a host keeps at most eight: a few MiB at most.
     */
    static final int MAX_CACHED_RECENT = 1_024;

    /**
     * States kept in memory at most: a storm of 10,000 hosts fits many times over (a state is under 1 kB); beyond
     * that the least recently used are read from the store again.
     */
    static final int MAX_CACHED_STATES = 100_000;

    /** Drops the in-memory copies (a step failed after changing a state it had not written yet). */
    void forgetCached() {
        cached.clear();
        cachedRecent.clear();
        keptLines.clear();
        keptLineCount = 0;
    }

    /**
     * {@code host NUL index}, the index zero-padded to 8 digits so keys sort by index. Built by hand: String.format
     * here was a twelfth of a storm's stream thread (it looks up the locale's digits on every call).
     */
    static String lineKey(final String hostKey, final int index) {
        final String digits = Integer.toString(index);
        final StringBuilder key = new StringBuilder(hostKey.length() + 9).append(hostKey).append('\u0000');
        for (int pad = digits.length(); pad < 8; pad++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    @Override
    public HostState state(final String hostKey) {
        final HostState known = cached.get(hostKey);
        if (known != null) {
            return known;
        }
        final HostState read = open.get(hostKey);
        if (read != null) {
            cached.put(hostKey, read);
        }
        return read;
    }

    /**
     * Writes the state; the object becomes the cached copy, and the bytes written (when the stitcher computed them)
     * its stored form, so the next step compares against them without serialising again.
     */
    @Override
    public void putState(final String hostKey, final HostState state) {
        open.put(hostKey, state);
        state.storedForm = state.formToWrite;
        cached.put(hostKey, state);
    }

    @Override
    public void removeState(final String hostKey) {
        if (cached.remove(hostKey) != null || open.get(hostKey) != null) {
            open.delete(hostKey);
        }
    }

    @Override
    public void appendLine(final String hostKey, final int index, final ReportLine line) {
        lines.put(lineKey(hostKey, index), line);
        // After the write: a write that fails leaves the kept lines as the store is.
        final List<ReportLine> kept = index == 0 ? null : keptLines.get(hostKey);
        if (index == 0) {
            forgetLines(hostKey);
            final List<ReportLine> first = new ArrayList<>();
            first.add(line);
            keptLines.put(hostKey, first);
        } else if (kept != null && kept.size() == index) {
            kept.add(line);
        } else {
            forgetLines(hostKey); // not known from index 0 on: the store is asked
            return;
        }
        keptLineCount++;
        while (keptLineCount > MAX_KEPT_LINES) {
            forgetLines(keptLines.keySet().iterator().next());
        }
    }

    private void forgetLines(final String hostKey) {
        final List<ReportLine> gone = keptLines.remove(hostKey);
        if (gone != null) {
            keptLineCount -= gone.size();
        }
    }

    @Override
    public List<ReportLine> lines(final String hostKey, final int count) {
        final List<ReportLine> kept = keptLines.get(hostKey);
        if (kept != null && kept.size() >= count) {
            return new ArrayList<>(kept.subList(0, count));
        }
        final List<ReportLine> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        try (KeyValueIterator<String, ReportLine> it = lines.range(lineKey(hostKey, 0), lineKey(hostKey, count - 1))) {
            while (it.hasNext()) {
                out.add(it.next().value);
            }
        }
        return out;
    }

    @Override
    public void removeLines(final String hostKey, final int count) {
        forgetLines(hostKey);
        for (int i = 0; i < count; i++) {
            lines.delete(lineKey(hostKey, i));
        }
    }

    @Override
    public void truncateLines(final String hostKey, final int keep, final int count) {
        for (int i = keep; i < count; i++) {
            lines.delete(lineKey(hostKey, i));
        }
        final List<ReportLine> kept = keptLines.get(hostKey);
        if (kept != null && kept.size() == count && keep <= count) {
            kept.subList(keep, count).clear();
            keptLineCount -= count - keep;
        } else {
            forgetLines(hostKey);
        }
    }

    @Override
    public List<OomEvent> recent(final String hostKey) {
        final List<OomEvent> known = cachedRecent.get(hostKey);
        if (known != null) {
            return known;
        }
        final RecentEvents r = recent.get(hostKey);
        final List<OomEvent> read = r == null ? List.of() : List.copyOf(r.events()); // shared now: never changed
        cachedRecent.put(hostKey, read);
        return read;
    }

    @Override
    public void putRecent(final String hostKey, final List<OomEvent> events) {
        final List<OomEvent> written = List.copyOf(events);
        recent.put(hostKey, new RecentEvents(written));
        cachedRecent.put(hostKey, written); // after the write: a write that fails leaves the cache as the store is
    }

    @Override
    public List<String> hostKeys() {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, HostState> it = open.all()) {
            while (it.hasNext()) {
                final KeyValue<String, HostState> kv = it.next();
                keys.add(kv.key);
            }
        }
        return keys;
    }

    @Override
    public void forEachState(final BiConsumer<String, HostState> action) {
        try (KeyValueIterator<String, HostState> it = open.all()) {
            while (it.hasNext()) {
                final KeyValue<String, HostState> kv = it.next();
                if (kv.value != null) {
                    action.accept(kv.key, kv.value);
                }
            }
        }
    }
}
