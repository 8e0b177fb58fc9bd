package io.oomstream.topology;

import io.oomstream.incident.CountedKill;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.incident.KillDeduplicator;
import io.oomstream.incident.KillDimensions;
import io.oomstream.incident.KillCounter;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the kill counts: each kill once (repeats, marked by {@link KillRepeatProcessor}, are not passed on; nor
 * are OOM reports that show no kill, {@link Kill#withoutKill()}: they never count as kills),
 * keyed by its {@link KillDimensions}, valued by its event id, at its log time. A kill whose id is older than
 * the retention cannot be told from a repeat ({@link KillDeduplicator.Verdict#TOO_OLD}) and is not counted.
 *
 * <p>The log time is capped at processing time: a host whose clock runs ahead would otherwise push stream
 * time into the future, and the repartition topic refuses records more than an hour ahead. A kill dated in
 * the future is therefore counted in the window of when it was processed.
 *
 * <p>Ticks: windows close on stream time, which only records advance, and each partition of the count has its
 * own; in a quiet fleet the last window would wait for the next kill. So when this task has seen no kill for
 * {@link #TICK_EVERY} it sends a {@link #TICK} record to every partition of the count
 * ({@link KillCountPartitioner}), stamped with its clock: the newest kill time it sent plus the processing time
 * elapsed since. The clock is kept in the store, so a restarted task goes on ticking.
 *
 * <p>Runs on the by-host stream: event ids derive from the host, so one id always reaches the same task.
 */
final class KillCountFeedProcessor extends ContextualProcessor<String, Kill, KillDimensions, String> {

    /** The key of ticks: no kill has empty dimensions (services and fleet names are never blank). */
    static final KillDimensions TICK = new KillDimensions("", "", "", "");
    static final String TICK_VALUE = "tick";
    /** Idle time before ticking, and the tick interval. */
    static final Duration TICK_EVERY = Duration.ofSeconds(10);
    /** Kills not counted, by reason: {@link #OLDER_THAN_RETENTION} or {@link #BEFORE_1970}. */
    static final String REFUSED = "oomstream_kill_counts_refused_total";
    static final String OLDER_THAN_RETENTION = "older_than_retention";
    /** A clock reset to the epoch in a zone ahead of UTC; the repartition topic refuses negative timestamps. */
    static final String BEFORE_1970 = "before_1970";

    /** Prefix of the value of a retraction: the kill of that event id is taken back from these dimensions. */
    static final String RETRACT = "-";
    static final String MOVED = "oomstream_kill_counts_reattributed_total";
    /** How often what kills were counted as is forgotten past the retention (a scan of the kept ids). */
    static final Duration FORGET_EVERY = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(KillCountFeedProcessor.class);
    /** The clock: the newest kill time sent, and the processing time when it was sent. */
    private static final String CLOCK_AT = "m|clock-at";
    private static final String CLOCK_SET_AT = "m|clock-set-at";

    private final IncidentSettings settings;
    private final Metrics metrics;
    private KeyValueStore<String, Long> store;
    private KeyValueStore<String, CountedKill> counted;
    private Metrics.Counter tooOld;
    private Metrics.Counter before1970;
    private Metrics.Counter moved;
    private long forgotAt = Long.MIN_VALUE;

    KillCountFeedProcessor(final IncidentSettings settings, final Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    static Metrics.Counter refused(final Metrics metrics, final String reason) {
        return metrics.counter(REFUSED, "Kills not counted in kill counts (still in events and incidents), by reason",
                "reason", reason);
    }

    static StoreBuilder<KeyValueStore<String, Long>> clockStore() {
        return KafkaKillCountStore.builder(Names.KILL_FEED_CLOCK_STORE);
    }

    static StoreBuilder<KeyValueStore<String, CountedKill>> countedStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.KILLS_COUNTED_STORE),
                Serdes.String(), new JsonSerde<>(CountedKill.class));
    }

    @Override
    public void init(final ProcessorContext<KillDimensions, String> context) {
        super.init(context);
        store = context.getStateStore(Names.KILL_FEED_CLOCK_STORE);
        counted = context.getStateStore(Names.KILLS_COUNTED_STORE);
        moved = metrics.counter(MOVED, "Kills emitted again with another service or fleet fields: moved from "
                + "their first dimensions to the new ones in kill counts");
        tooOld = refused(metrics, OLDER_THAN_RETENTION);
        before1970 = refused(metrics, BEFORE_1970);
        context.schedule(TICK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(final Record<String, Kill> record) {
        final Kill kill = record.value();
        if (kill.withoutKill()) {
            return;
        }
        final String id = kill.summary().eventId();
        final long logTime = KillCounter.clampedMillis(kill.time());
        if (logTime < 0) {
            before1970.inc();
            LOG.warn("kill {} on {} at {} is dated before 1970 (a reset clock?): not counted", id,
                    kill.summary().host(), kill.summary().time());
            return;
        }
        final long wallNow = context().currentSystemTimeMs();
        final CountedKill now = new CountedKill(KillDimensions.of(kill), logTime, Math.min(logTime, wallNow));
        // Unchecked (null) cannot happen behind KillRepeatProcessor; counting it is the safe reading.
        switch (kill.seen() == null ? KillDeduplicator.Verdict.FIRST : kill.seen()) {
            case DUPLICATE -> moveIfAttributedElsewhere(id, now);
            case TOO_OLD -> {
                tooOld.inc();
                LOG.warn("kill {} on {} at {} is older than the kill-count retention ({}): not counted", id,
                        kill.summary().host(), kill.summary().time(), settings.killCountRetention());
            }
            case FIRST -> {
                final Long clockNow = clock(wallNow);
                store.put(CLOCK_AT, clockNow == null ? now.countedAt() : Math.max(clockNow, now.countedAt()));
                store.put(CLOCK_SET_AT, wallNow);
                counted.put(id, now);
                context().forward(new Record<>(now.dimensions(), id, now.countedAt()));
            }
        }
    }

    /**
     * A kill emitted again may carry another attribution (fleet metadata that arrived in between, a systemd
     * unit line that came late): take it back where it was counted and count it under the new one.
     */
    private void moveIfAttributedElsewhere(final String id, final CountedKill now) {
        final CountedKill before = counted.get(id);
        if (before == null || !before.movedBy(now, settings.killCountWindow().toMillis())) {
            return;
        }
        moved.inc();
        counted.put(id, now);
        context().forward(new Record<>(before.dimensions(), RETRACT + id, before.countedAt()));
        context().forward(new Record<>(now.dimensions(), id, now.countedAt()));
    }

    private void punctuate(final long wallNow) {
        final Long clock = clock(wallNow);
        if (clock == null) {
            return;
        }
        if (wallNow - store.get(CLOCK_SET_AT) >= TICK_EVERY.toMillis()) {
            context().forward(new Record<>(TICK, TICK_VALUE, Math.min(clock, wallNow)));
        }
        if (forgotAt == Long.MIN_VALUE || wallNow - forgotAt >= FORGET_EVERY.toMillis()) {
            forgotAt = wallNow;
            forgetCountedBefore(clock - settings.killCountRetention().toMillis());
        }
    }

    /**
     * Past the retention a repeat is refused upstream anyway. Only the old ids are collected, and deleted after
     * the iteration: the store is not modified under an open iterator.
     */
    private void forgetCountedBefore(final long horizon) {
        final List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, CountedKill> it = counted.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.logTime() < horizon) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(counted::delete);
    }

    /** The newest kill time sent plus the processing time elapsed since, or null before the first kill. */
    private Long clock(final long wallNow) {
        final Long at = store.get(CLOCK_AT);
        return at == null ? null : at + Math.max(0, wallNow - store.get(CLOCK_SET_AT));
    }
}
