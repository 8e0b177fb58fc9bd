package io.oomstream.topology;

import io.oomstream.event.OomEvent;
import io.oomstream.stitch.HostState;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.StitchStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stitcher's state in three Kafka Streams key-value stores (persistent, changelogged):
 * per-host bookkeeping, report lines one entry each (key {@code host NUL index}, so appending
 * a line writes only that line), and the host's recently emitted events.
 */
final class KafkaStitchStore implements StitchStore {

    private final KeyValueStore<String, HostState> open;
    private final KeyValueStore<String, ReportLine> lines;
    private final KeyValueStore<String, RecentEvents> recent;

    KafkaStitchStore(final KeyValueStore<String, HostState> open, final KeyValueStore<String, ReportLine> lines,
                     final KeyValueStore<String, RecentEvents> recent) {
        this.open = open;
        this.lines = lines;
        this.recent = recent;
    }

    static String lineKey(final String hostKey, final int index) {
        return hostKey + '\u0000' + String.format("%08d", index);
    }

    @Override
    public HostState state(final String hostKey) {
        return open.get(hostKey);
    }

    @Override
    public void putState(final String hostKey, final HostState state) {
        open.put(hostKey, state);
    }

    @Override
    public void removeState(final String hostKey) {
        if (open.get(hostKey) != null) {
            open.delete(hostKey);
        }
    }

    @Override
    public void appendLine(final String hostKey, final int index, final ReportLine line) {
        lines.put(lineKey(hostKey, index), line);
    }

    @Override
    public List<ReportLine> lines(final String hostKey, final int count) {
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
        for (int i = 0; i < count; i++) {
            lines.delete(lineKey(hostKey, i));
        }
    }

    @Override
    public void truncateLines(final String hostKey, final int keep, final int count) {
        for (int i = keep; i < count; i++) {
            lines.delete(lineKey(hostKey, i));
        }
    }

    @Override
    public List<OomEvent> recent(final String hostKey) {
        final RecentEvents r = recent.get(hostKey);
        return r == null ? List.of() : r.events();
    }

    @Override
    public void putRecent(final String hostKey, final List<OomEvent> events) {
        recent.put(hostKey, new RecentEvents(List.copyOf(events)));
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
