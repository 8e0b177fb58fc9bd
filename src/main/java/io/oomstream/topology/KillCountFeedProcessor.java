package io.oomstream.topology;

import io.oomstream.incident.Kill;
import io.oomstream.incident.KillDimensions;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Feeds the windowed kill count: each kill once by event id (the stitcher re-emits an event when it learns
 * more), keyed by its {@link KillDimensions}, valued by its event id, at its log time.
 *
 * <p>The log time is capped at processing time: a host whose clock runs ahead would otherwise push stream
 * time into the future, making every other host's kills late, and the repartition topic refuses records more
 * than an hour ahead. A kill dated in the future is therefore counted in the window of when it was processed.
 *
 * <p>Ticks: windows close on stream time, which only records advance, and each partition of the count has its
 * own; in a quiet fleet the last window would wait for the next kill. So when this task has seen no kill for
 * {@link #TICK_EVERY} it sends a {@link #TICK} record to every partition of the count
 * ({@link KillCountPartitioner}), stamped with its clock: the newest kill time it sent plus the processing time
 * elapsed since. A tick that would not move a partition's stream time is dropped there
 * ({@link TickFilterProcessor}); the others are counted under their own key and dropped before the sink. The
 * clock lives in memory: a task sends no tick before its first kill after a (re)start.
 *
 * <p>Runs on the by-host stream: event ids derive from the host, so one id always reaches the same task.
 */
final class KillCountFeedProcessor extends ContextualProcessor<String, Kill, KillDimensions, String> {

    /** The key of ticks: no kill has empty dimensions (services and fleet names are never blank). */
    static final KillDimensions TICK = new KillDimensions("", "", "", "");
    static final String TICK_VALUE = "tick";
    /** Idle time before ticking, and the tick interval. */
    static final Duration TICK_EVERY = Duration.ofSeconds(10);
    /** Re-emissions come within the stitcher's linger (10 min by default); a day is ample and cheap. */
    static final Duration RETENTION = Duration.ofDays(1);
    static final String DUPLICATES = "oomstream_kill_duplicates_total";

    private final Metrics metrics;
    private WindowStore<String, Long> seen;
    private Metrics.Counter duplicates;
    private long clockAt = -1;
    private long clockSetAt;

    KillCountFeedProcessor(final Metrics metrics) {
        this.metrics = metrics;
    }

    static StoreBuilder<WindowStore<String, Long>> store() {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(Names.KILL_DEDUP_STORE, RETENTION, RETENTION,
                false), Serdes.String(), Serdes.Long());
    }

    @Override
    public void init(final ProcessorContext<KillDimensions, String> context) {
        super.init(context);
        seen = context.getStateStore(Names.KILL_DEDUP_STORE);
        duplicates = metrics.counter(DUPLICATES, "Re-emitted kills not counted again in kill counts");
        context.schedule(TICK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(final Record<String, Kill> record) {
        final String id = record.value().summary().eventId();
        final long stamp = record.timestamp();
        try (WindowStoreIterator<Long> it = seen.fetch(id, stamp - RETENTION.toMillis(), stamp + RETENTION.toMillis())) {
            if (it.hasNext()) {
                duplicates.inc();
                return;
            }
        }
        seen.put(id, stamp, stamp);
        final long wallNow = context().currentSystemTimeMs();
        final long logTime = Math.min(record.value().time().toEpochMilli(), wallNow);
        clockAt = Math.max(clock(wallNow), logTime);
        clockSetAt = wallNow;
        context().forward(new Record<>(KillDimensions.of(record.value()), id, logTime));
    }

    private void tick(final long wallNow) {
        if (clockAt >= 0 && wallNow - clockSetAt >= TICK_EVERY.toMillis()) {
            context().forward(new Record<>(TICK, TICK_VALUE, Math.min(clock(wallNow), wallNow)));
        }
    }

    private long clock(final long wallNow) {
        return clockAt < 0 ? Long.MIN_VALUE : clockAt + Math.max(0, wallNow - clockSetAt);
    }
}
