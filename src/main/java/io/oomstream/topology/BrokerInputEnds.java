package io.oomstream.topology;

import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input partitions' end offsets, asked of the broker by one Admin client per application instance, for all
 * partitions in one request, at most every {@link #REFRESH} (when a decode task wants them: no task, no request),
 * and the group's committed offsets with them (a task that has read nothing since it started is at least there).
 *
 * <p>Why not the consumer's {@code records-lag} metric: it is the consumer's fetch position against the end, not what
 * the decode task has processed (Kafka Streams buffers fetched records per partition), and it is only updated when a
 * fetch returns, so a quiet partition's zero goes stale while new records wait to be fetched. An end offset asked at
 * time T and a position at or past it prove what is needed: every record appended before T has been read.
 *
 * <p>"Before T" is on this process's clock against the broker's LogAppendTime: the hosts' clocks are taken to agree
 * within the reorder stage's margin, as NTP keeps them. With exactly-once the end asked is the last stable offset
 * (what a read_committed consumer can reach). The Admin client exists while a task uses it; it is created at the
 * first ask, not when a task starts, so a task starts whatever the broker's state (and TopologyTestDriver, which has no
 * broker, can run the stage's tasks). A client that cannot be created or a request that fails is counted
 * ({@value #FAILURES}) and logged as a warning, and the age of the last answer is a gauge ({@value #ANSWER_AGE}): while
 * the broker cannot be asked, no partition counts as caught up, lines move only with what was read, and a line held
 * 30 s goes on ({@code outcome="held_too_long"}). Creating the client is tried again after {@link #RETRY}.
 *
 * <p>The answers also tell when the input last grew ({@link InputGrowth}): a decode task's marks stop once they are
 * far enough past it to have freed everything ({@link #markMayFree}).
 */
final class BrokerInputEnds implements InputEnds {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerInputEnds.class);
    /** How fresh an answer is asked for: a caught-up partition's mark trails the wall clock by about this. */
    static final Duration REFRESH = Duration.ofMillis(200);
    /** How often the partitions of the input topic are looked up again (a topic may gain partitions). */
    static final Duration PARTITIONS_REFRESH = Duration.ofMinutes(1);
    /** How long after a failed creation of the client it is tried again. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How often a run of failures is logged again as a warning (each failure is logged at debug). */
    static final Duration WARN_AGAIN = Duration.ofMinutes(1);
    static final String FAILURES = "oomstream_reorder_input_ends_failures_total";
    static final String ANSWER_AGE = "oomstream_reorder_input_ends_age_seconds";

    private final Map<String, Object> adminConfig;
    private final String topic;
    private final String groupId;
    private final IsolationLevel isolation;
    private final Metrics.Counter failures;
    private final AtomicBoolean asking = new AtomicBoolean();
    private int users;
    private Admin admin;
    /** When creating the client failed last (0: it did not), so that it is not tried on every mark. */
    private long createFailedAt;
    /** Failures since the last answer, and when the run was last logged as a warning. */
    private long failuresInARow;
    private long warnedAt;
    private volatile long lastAsked;
    private volatile List<TopicPartition> partitionList;
    private volatile long partitionsAsked;
    private volatile Ends ends;
    /** When the input last grew: whether marks may still free anything ({@link #markMayFree}). */
    private final InputGrowth growth;

    /** One answer: the end offsets as of {@code askedAt}, and the committed offsets read after them. */
    private record Ends(long askedAt, Map<Integer, Long> end, Map<Integer, Long> committed) {
    }

    /** @param window the reorder stage's window ({@code oomstream.reorder.window.ms}): its longest wait */
    BrokerInputEnds(final Map<String, Object> adminConfig, final String topic, final String groupId,
                    final IsolationLevel isolation, final Duration window, final Metrics metrics) {
        this.growth = new InputGrowth(window.toMillis());
        this.adminConfig = adminConfig;
        this.topic = topic;
        this.groupId = groupId;
        this.isolation = isolation;
        this.failures = metrics.counter(FAILURES, "Failed asks of the broker for the input partitions' end offsets, "
                + "the reorder stage's clock (admin client not created, request failed): while they fail, held lines "
                + "go on only after 30 s held");
        metrics.gauge(ANSWER_AGE, "Age of the broker's last answer on the input partitions' end offsets (the reorder "
                + "stage's clock; about 0.2 s when well, -1 before the first answer)", () -> {
                    final Ends e = ends;
                    return e == null ? -1 : (System.currentTimeMillis() - e.askedAt()) / 1000.0;
                });
    }

    static BrokerInputEnds of(final AppConfig config, final Metrics metrics) {
        final Map<String, Object> admin = new StreamsConfig(config.streamsProperties())
                .getAdminConfigs(config.applicationId() + "-input-ends");
        final IsolationLevel isolation = config.processingGuarantee().startsWith("exactly_once")
                ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
        return new BrokerInputEnds(admin, config.inputTopic(), config.applicationId(), isolation,
                config.reorderWindow(), metrics);
    }

    @Override
    public long caughtUpAt(final int partition, final long position, final long wallNow) {
        askIfStale();
        final Ends e = ends;
        if (e == null) {
            return Long.MIN_VALUE;
        }
        final Long end = e.end().get(partition);
        if (end == null) {
            return Long.MIN_VALUE;
        }
        final long at = Math.max(position, e.committed().getOrDefault(partition, 0L));
        return at >= end ? e.askedAt() : Long.MIN_VALUE;
    }

    @Override
    public boolean unread(final int partition) {
        askIfStale();
        final Ends e = ends;
        if (e == null) {
            return false;
        }
        final Long end = e.end().get(partition);
        // A group that never committed an offset has read nothing it can prove.
        return end != null && e.committed().getOrDefault(partition, 0L) < end;
    }

    @Override
    public boolean markMayFree(final long progress) {
        return growth.markMayFree(progress);
    }

    @Override
    public int partitions() {
        final List<TopicPartition> p = partitionList;
        return p == null ? 0 : p.size();
    }

    @Override
    public synchronized void open() {
        users++; // the client comes at the first ask (clientOrNull)
        // A task starting here (a reorder task moved in with lines held, a decode task) needs the marks: the next
        // answer counts as growth, so they go for another quiet time (InputGrowth) even on a quiet input.
        growth.reset();
    }

    @Override
    public synchronized void close() {
        if (users > 0 && --users == 0) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            admin = null;
            ends = null;
            growth.reset();
            createFailedAt = 0;
        }
    }

    /** The client, created now if a task uses it and it is not there (not again within {@link #RETRY} of a failure). */
    private synchronized Admin clientOrNull(final long now) {
        if (admin != null || users == 0 || (createFailedAt != 0 && now - createFailedAt < RETRY.toMillis())) {
            return admin;
        }
        try {
            admin = Admin.create(adminConfig);
            createFailedAt = 0;
        } catch (final RuntimeException e) {
            // An address that does not resolve (ConfigException "No resolvable bootstrap urls"), a bad setting.
            createFailedAt = now;
            failed("admin client for the input's end offsets not created", e);
        }
        return admin;
    }

    /** Counted, logged at debug, and as a warning when a run of failures starts and every {@link #WARN_AGAIN}. */
    private void failed(final String what, final Throwable error) {
        failures.inc();
        final long now = System.currentTimeMillis();
        final boolean warn;
        final long inARow;
        synchronized (this) {
            inARow = ++failuresInARow;
            warn = inARow == 1 || now - warnedAt >= WARN_AGAIN.toMillis();
            if (warn) {
                warnedAt = now;
            }
        }
        if (warn) {
            LOG.warn("reorder stage: {} ({} in a row): {}; until the broker answers, no input partition counts as "
                    + "caught up, and held lines go on only after 30 s held", what, inARow, String.valueOf(error));
        }
        LOG.debug(what, error);
    }

    private void answered() {
        final long inARow;
        synchronized (this) {
            inARow = failuresInARow;
            failuresInARow = 0;
        }
        if (inARow > 0) {
            LOG.info("reorder stage: the broker answers on the input's end offsets again, after {} failures", inARow);
        }
    }

    private void askIfStale() {
        final long now = System.currentTimeMillis();
        if (now - lastAsked < REFRESH.toMillis() || !asking.compareAndSet(false, true)) {
            return;
        }
        lastAsked = now;
        final Admin a = clientOrNull(now);
        if (a == null) {
            asking.set(false);
            return;
        }
        try {
            if (partitionList == null || now - partitionsAsked >= PARTITIONS_REFRESH.toMillis()) {
                askPartitions(a, now);
            } else {
                askEnds(a, now, partitionList);
            }
        } catch (final RuntimeException e) {
            asking.set(false); // the client was closed meanwhile
            LOG.debug("input end offsets not asked", e);
        }
    }

    private void askPartitions(final Admin a, final long now) {
        a.describeTopics(Set.of(topic)).allTopicNames().whenComplete((d, error) -> {
            if (error == null) {
                partitionList = d.get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                partitionsAsked = now;
                lastAsked = 0; // the ends next, without waiting
            } else {
                failed("input topic " + topic + " not described", error);
            }
            asking.set(false);
        });
    }

    private void askEnds(final Admin a, final long askedAt, final List<TopicPartition> parts) {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        parts.forEach(p -> latest.put(p, OffsetSpec.latest()));
        a.listOffsets(latest, new ListOffsetsOptions(isolation)).all().whenComplete((offsets, error) -> {
            if (error != null) {
                failed("input end offsets not listed", error);
                asking.set(false);
                return;
            }
            final Map<Integer, Long> end = new HashMap<>();
            offsets.forEach((p, info) -> end.put(p.partition(), info.offset()));
            growth.answered(end, System.currentTimeMillis());
            try {
                a.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().whenComplete((c, cError) -> {
                    final Map<Integer, Long> committed = new HashMap<>();
                    if (c != null) {
                        c.forEach((p, o) -> {
                            if (o != null && topic.equals(p.topic())) {
                                committed.put(p.partition(), o.offset());
                            }
                        });
                    }
                    ends = new Ends(askedAt, end, committed);
                    answered();
                    asking.set(false);
                });
            } catch (final RuntimeException e) {
                ends = new Ends(askedAt, end, Map.of());
                asking.set(false);
            }
        });
    }
}
