package io.oomstream.bench;

import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.topology.OomTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.Topology;

/**
 * One jar's side of {@link SideBySideTopologyBench}: loaded into that jar's class loader (with Kafka's
 * TopologyTestDriver beside it), so it runs the jar's own production topology ({@link OomTopology#build}) with the
 * bench's e2e settings (keyed by host, exactly_once_v2). Only plain arrays cross between the two loaders.
 *
 * <p>What it covers: everything after the ordinary-record filter. The input is the bench's e2e input (JSON, keyed by
 * host) with the records the filter would drop taken out beforehand (decoded once, outside the timed part, by the
 * same decoder and rule); the decode processor then decodes the kept records itself (in production it takes the
 * filter's decode from {@code DecodeHandoff}), and every processor, serde, cache, RocksDB store and changelog
 * serialisation after it runs as under Kafka Streams. Not covered: the filter, the consumer and producer, the
 * broker. TopologyTestDriver commits after every record (production: every 250 ms), so store flushes weigh more.
 */
public final class TopologyBenchWorker {

    private static final Instant WALL0 = Instant.parse("2024-03-01T00:00:00Z");
    /**
     * Wall clock advanced by a second after this many records (punctuators: idle timeouts, reaper grace, the 10 s
     * incident ticks): the default input's 8,000 records take 16 s of wall clock, a few ticks, as a run of the e2e
     * bench sees (its ticks rescan every open incident, so their number per record matters).
     */
    private static final int RECORDS_PER_WALL_SECOND = 500;
    /** Quiet wall time after the input, in 10 s steps: idle reports go out (30 s), as a few ticks. */
    private static final int QUIET_TICKS = 4;

    private TopologyBenchWorker() {
    }

    /**
     * The records of the bench's e2e input the ordinary-record filter passes on: {keys (String[]), values
     * (byte[][]), timestamps (long[])}; and, in a fourth slot, the whole input's record count (long[1]).
     */
    public static Object[] input(final long lines, final int hosts, final long seed) {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(lines).withHosts(hosts)
                .withFormat(OutputFormat.JSON).withSeed(seed));
        final SyslogDecoder decoder = new SyslogDecoder(new io.oomstream.syslog.DecoderOptions(null, ZoneOffset.UTC));
        final List<String> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        long n = 0;
        while (g.hasNext()) {
            final FleetRecord r = g.next();
            final byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            final long time = WALL0.toEpochMilli() + n * 5; // 200 records per second of record time
            n++;
            if (decoder.decode(value, Instant.ofEpochMilli(time), ProgramFilter.OOM_REPORT_LINES)
                    instanceof OrdinaryLine) {
                continue;
            }
            keys.add(r.host());
            values.add(value);
            times.add(time);
        }
        return new Object[] {keys.toArray(new String[0]), values.toArray(new byte[0][]),
                times.stream().mapToLong(Long::longValue).toArray(), new long[] {n}};
    }

    /**
     * Runs the input through a fresh driver of this jar's topology. Returns {thread CPU ns of piping the input and
     * the final quiet time, output records, a SHA-256 over every output topic's records (topic, key, value, in
     * order) folded into a long}.
     */
    public static long[] run(final Object[] input, final Path stateDir) {
        final String[] keys = (String[]) input[0];
        final byte[][] values = (byte[][]) input[1];
        final long[] times = (long[]) input[2];
        final Map<String, String> o = new HashMap<>();
        o.put("bootstrap.servers", "dummy:9092");
        o.put(AppConfig.APPLICATION_ID, "bench-topology");
        o.put(AppConfig.STATE_DIR, stateDir.toString());
        o.put(AppConfig.HTTP_PORT, "-1");
        o.put(AppConfig.INPUT_KEYED_BY_HOST, "true");
        final AppConfig config = AppConfig.load(null, Map.of(), o);
        final Topology topology = OomTopology.build(config, new Metrics());
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.gc(); // the other jar's garbage is not this run's
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config.streamsProperties(), WALL0)) {
            final TestInputTopic<String, byte[]> in = driver.createInputTopic(config.inputTopic(),
                    new StringSerializer(), new ByteArraySerializer());
            final List<TestOutputTopic<byte[], byte[]>> outs = new ArrayList<>();
            final List<String> names = new ArrayList<>(sinkTopics(topology));
            for (final String t : names) {
                outs.add(driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            }
            final long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < keys.length; i++) {
                in.pipeInput(keys[i], values[i], times[i]);
                if (i % RECORDS_PER_WALL_SECOND == RECORDS_PER_WALL_SECOND - 1) {
                    driver.advanceWallClockTime(Duration.ofSeconds(1));
                }
            }
            for (int s = 0; s < QUIET_TICKS; s++) {
                driver.advanceWallClockTime(Duration.ofSeconds(10));
            }
            final long cpu = threads.getCurrentThreadCpuTime() - t0;
            final MessageDigest digest = sha256();
            long records = 0;
            for (int k = 0; k < outs.size(); k++) {
                for (final TestRecord<byte[], byte[]> r : outs.get(k).readRecordsToList()) {
                    records++;
                    digest.update(names.get(k).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(r.key() == null ? new byte[] {1} : r.key());
                    digest.update((byte) 0);
                    digest.update(r.value() == null ? new byte[] {2} : r.value());
                    digest.update((byte) 0);
                }
            }
            final byte[] h = digest.digest();
            long folded = 0;
            for (int b = 0; b < 8; b++) {
                folded = folded << 8 | (h[b] & 0xff);
            }
            return new long[] {cpu, records, folded};
        } finally {
            delete(stateDir);
        }
    }

    /** The topology's sink topics, sorted (internal repartition topics left out). */
    static TreeSet<String> sinkTopics(final Topology topology) {
        final TreeSet<String> out = new TreeSet<>();
        for (final TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
            for (final TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && !sink.topic().endsWith("-repartition")) {
                    out.add(sink.topic());
                }
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
