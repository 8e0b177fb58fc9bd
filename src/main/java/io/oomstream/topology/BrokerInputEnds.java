package io.oomstream.topology;

import io.oomstream.config.AppConfig;
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
 * (what a read_committed consumer can reach). The Admin client exists while a decode task uses it.
 */
final class BrokerInputEnds implements InputEnds {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerInputEnds.class);
    /** How fresh an answer is asked for: a caught-up partition's mark trails the wall clock by about this. */
    static final Duration REFRESH = Duration.ofMillis(200);
    /** How often the partitions of the input topic are looked up again (a topic may gain partitions). */
    static final Duration PARTITIONS_REFRESH = Duration.ofMinutes(1);

    private final Map<String, Object> adminConfig;
    private final String topic;
    private final String groupId;
    private final IsolationLevel isolation;
    private final AtomicBoolean asking = new AtomicBoolean();
    private int users;
    private Admin admin;
    private volatile long lastAsked;
    private volatile List<TopicPartition> partitionList;
    private volatile long partitionsAsked;
    private volatile Ends ends;

    /** One answer: the end offsets as of {@code askedAt}, and the committed offsets read after them. */
    private record Ends(long askedAt, Map<Integer, Long> end, Map<Integer, Long> committed) {
    }

    private BrokerInputEnds(final Map<String, Object> adminConfig, final String topic, final String groupId,
                            final IsolationLevel isolation) {
        this.adminConfig = adminConfig;
        this.topic = topic;
        this.groupId = groupId;
        this.isolation = isolation;
    }

    static BrokerInputEnds of(final AppConfig config) {
        final Map<String, Object> admin = new StreamsConfig(config.streamsProperties())
                .getAdminConfigs(config.applicationId() + "-input-ends");
        final IsolationLevel isolation = config.processingGuarantee().startsWith("exactly_once")
                ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
        return new BrokerInputEnds(admin, config.inputTopic(), config.applicationId(), isolation);
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
    public int partitions() {
        final List<TopicPartition> p = partitionList;
        return p == null ? 0 : p.size();
    }

    @Override
    public synchronized void open() {
        if (users++ == 0) {
            admin = Admin.create(adminConfig);
        }
    }

    @Override
    public synchronized void close() {
        if (users > 0 && --users == 0) {
            admin.close(Duration.ZERO);
            admin = null;
            ends = null;
        }
    }

    private void askIfStale() {
        final long now = System.currentTimeMillis();
        if (now - lastAsked < REFRESH.toMillis() || !asking.compareAndSet(false, true)) {
            return;
        }
        lastAsked = now;
        final Admin a;
        synchronized (this) {
            a = admin;
        }
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
                LOG.debug("input partitions not known", error);
            }
            asking.set(false);
        });
    }

    private void askEnds(final Admin a, final long askedAt, final List<TopicPartition> parts) {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        parts.forEach(p -> latest.put(p, OffsetSpec.latest()));
        a.listOffsets(latest, new ListOffsetsOptions(isolation)).all().whenComplete((offsets, error) -> {
            if (error != null) {
                LOG.debug("input end offsets not known", error);
                asking.set(false);
                return;
            }
            final Map<Integer, Long> end = new HashMap<>();
            offsets.forEach((p, info) -> end.put(p.partition(), info.offset()));
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
                    asking.set(false);
                });
            } catch (final RuntimeException e) {
                ends = new Ends(askedAt, end, Map.of());
                asking.set(false);
            }
        });
    }
}
