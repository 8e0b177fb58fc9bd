package io.oomstream.bench;

import io.oomstream.topology.OrdinaryRecordFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * What the consumer-side filter of ordinary records costs the stream thread per input record, without a broker: the
 * bench's end-to-end input (rsyslog omkafka JSON keyed by host, 10,000 hosts, 4 partitions as the default partitioner
 * spreads them) fed to {@link OrdinaryRecordFilter#onConsume} in polls of 10,000 records, as the main consumer polls
 * with the filter on (or another size), by {@link FilterPasses}. The figure is the thread's CPU time per record,
 * median of the rounds, so a shared machine's load does not inflate it; the values' copy out of the fetch buffer is
 * in it. Two builds side by side: {@link SideBySideFilterBench}.
 *
 * <p>Run: {@code java -cp target/oomstream.jar io.oomstream.bench.OrdinaryFilterBench [records] [rounds] [poll]}.
 */
public final class OrdinaryFilterBench {

    private static final int DEFAULT_POLL = 10_000;

    private OrdinaryFilterBench() {
    }

    public static void main(final String[] args) {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        final int pollSize = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_POLL;
        final List<ConsumerRecords<byte[], byte[]>> polls = FilterPasses.polls(records, pollSize);
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final List<Double> ns = new ArrayList<>();
        long kept = 0;
        for (int r = 0; r < rounds + 3; r++) {
            final long t0 = mx.getCurrentThreadCpuTime();
            kept = FilterPasses.pass(polls);
            final long cpu = mx.getCurrentThreadCpuTime() - t0;
            if (r >= 3) {
                ns.add(cpu / (double) records);
            }
        }
        final List<Double> sorted = ns.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%,d records in polls of %,d over %d partitions, %,d kept per pass: median %.1f "
                + "ns/record of CPU (min %.1f, max %.1f, %d rounds)%n", records, pollSize, FilterPasses.PARTITIONS, kept,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
