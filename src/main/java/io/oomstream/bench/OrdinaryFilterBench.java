package io.oomstream.bench;

import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.OrdinaryRecordFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * What the consumer-side filter of ordinary records costs the stream thread per input record, without a broker: the
 * bench's end-to-end input (rsyslog omkafka JSON keyed by host, 10,000 hosts, 4 partitions as the default partitioner
 * spreads them) fed to {@link OrdinaryRecordFilter#onConsume} in polls of 10,000 records, as the main consumer polls
 * with the filter on (or another size). The figure is the thread's CPU time per record, median of the rounds, so a shared machine's
 * load does not inflate it.
 *
 * <p>Each poll's values are copied into fresh arrays first, as the consumer copies them out of its fetch buffer right
 * before the interceptor sees them (so the filter reads bytes as warm as in the stream thread); the copy is in the
 * figure.
 *
 * <p>Run: {@code java -cp target/oomstream.jar io.oomstream.bench.OrdinaryFilterBench [records] [rounds] [poll]}. It uses
 * only the filter's public face ({@code streamsProperties}' config keys), so the same class file also runs against
 * an older jar.
 */
public final class OrdinaryFilterBench {

    private static final String TOPIC = "bench.syslog";
    private static final int PARTITIONS = 4;
    private static final int DEFAULT_POLL = 10_000;

    private OrdinaryFilterBench() {
    }

    public static void main(final String[] args) {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        final int pollSize = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_POLL;
        final List<List<ConsumerRecord<byte[], byte[]>>> byPartition = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            byPartition.add(new ArrayList<>());
        }
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(records)
                .withHosts(10_000).withFormat(OutputFormat.JSON).withSeed(1));
        final long appended = System.currentTimeMillis();
        while (g.hasNext()) {
            final FleetRecord r = g.next();
            final int p = Math.floorMod(r.host().hashCode(), PARTITIONS);
            final List<ConsumerRecord<byte[], byte[]>> part = byPartition.get(p);
            final byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            part.add(new ConsumerRecord<>(TOPIC, p, part.size(), appended + part.size() / 50, TimestampType.LOG_APPEND_TIME,
                    r.host().length(), value.length, r.host().getBytes(StandardCharsets.UTF_8), value,
                    new RecordHeaders(), java.util.Optional.empty()));
        }
        final List<ConsumerRecords<byte[], byte[]>> polls = polls(byPartition, pollSize);
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final List<Double> ns = new ArrayList<>();
        long kept = 0;
        for (int r = 0; r < rounds + 3; r++) {
            final OrdinaryRecordFilter filter = new OrdinaryRecordFilter();
            filter.configure(Map.of("oomstream.ordinary.filter.topic", TOPIC,
                    "oomstream.ordinary.filter.metrics", new Metrics()));
            kept = 0;
            final long t0 = mx.getCurrentThreadCpuTime();
            for (final ConsumerRecords<byte[], byte[]> poll : polls) {
                kept += filter.onConsume(fresh(poll)).count();
            }
            final long cpu = mx.getCurrentThreadCpuTime() - t0;
            if (r >= 3) {
                ns.add(cpu / (double) records);
            }
            drainHandoff(byPartition);
        }
        final List<Double> sorted = ns.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%,d records in polls of %,d over %d partitions, %,d kept per pass: median %.1f "
                + "ns/record of CPU (min %.1f, max %.1f, %d rounds)%n", records, pollSize, PARTITIONS, kept,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** The filter hands its kept records' decode on (a per-thread table): a new filter's pass starts again at 0. */
    private static void drainHandoff(final List<List<ConsumerRecord<byte[], byte[]>>> byPartition) {
        try {
            final Class<?> handoff = Class.forName("io.oomstream.topology.DecodeHandoff");
            final java.lang.reflect.Method reset = handoff.getDeclaredMethod("reset", TopicPartition.class);
            reset.setAccessible(true);
            for (int p = 0; p < byPartition.size(); p++) {
                reset.invoke(null, new TopicPartition(TOPIC, p));
            }
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The poll with each record's value in a fresh array, as the consumer hands a poll to its interceptors. */
    private static ConsumerRecords<byte[], byte[]> fresh(final ConsumerRecords<byte[], byte[]> poll) {
        final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
        for (final TopicPartition tp : poll.partitions()) {
            final List<ConsumerRecord<byte[], byte[]>> records = poll.records(tp);
            final List<ConsumerRecord<byte[], byte[]>> copied = new ArrayList<>(records.size());
            for (final ConsumerRecord<byte[], byte[]> r : records) {
                copied.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                        r.serializedKeySize(), r.serializedValueSize(), r.key(), r.value().clone(), r.headers(),
                        r.leaderEpoch()));
            }
            out.put(tp, copied);
        }
        return new ConsumerRecords<>(out, poll.nextOffsets());
    }

    /** Polls of up to {@code size} records, taken from the partitions in turn as a fetch would. */
    private static List<ConsumerRecords<byte[], byte[]>> polls(final List<List<ConsumerRecord<byte[], byte[]>>> parts,
                                                               final int size) {
        final List<ConsumerRecords<byte[], byte[]>> polls = new ArrayList<>();
        final int[] at = new int[parts.size()];
        final int per = Math.max(1, size / parts.size());
        boolean more = true;
        while (more) {
            more = false;
            final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> poll = new LinkedHashMap<>();
            final Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
            for (int p = 0; p < parts.size(); p++) {
                final List<ConsumerRecord<byte[], byte[]>> part = parts.get(p);
                final int to = Math.min(part.size(), at[p] + per);
                if (to > at[p]) {
                    final TopicPartition tp = new TopicPartition(TOPIC, p);
                    poll.put(tp, part.subList(at[p], to));
                    next.put(tp, new OffsetAndMetadata(to));
                    at[p] = to;
                    more = true;
                }
            }
            if (!poll.isEmpty()) {
                polls.add(new ConsumerRecords<>(poll, next));
            }
        }
        return polls;
    }
}
