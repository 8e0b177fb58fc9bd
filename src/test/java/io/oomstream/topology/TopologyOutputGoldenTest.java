package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.HostNames;
import io.oomstream.enrich.Service;
import io.oomstream.event.Json;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record the production topology writes (its output topics and its stores' changelogs) for one input, byte for
 * byte as the topology wrote it before the hot path's serialisation and store writes were made cheaper: a serialiser
 * that writes a byte differently, a tombstone that goes missing or a store value that changes form fails here, with
 * the first record that differs. The input is the e2e bench's kind (a generated fleet log in JSON, keyed by host;
 * only the records the ordinary-record filter passes on, kept in a file so the generator may change), with fleet
 * metadata for its hosts (all one role, so kills of three hosts within ten minutes make fleet-wide incidents), fed
 * with the wall clock advancing, then quiet long enough for idle reports, incidents and kill-count windows to close.
 *
 * <p>Both files are gzipped (the golden file is 4 MB of JSON). Regenerate (only from a build whose output is known
 * right, e.g. main before the change): {@code -Dgolden.write=true}; the input is written only when its file is missing.
 */
class TopologyOutputGoldenTest {

    private static final String INPUT = "topology-output/generated-fleet-report-lines.tsv.gz";
    private static final String GOLDEN = "topology-output/generated-fleet-outputs.golden.jsonl.gz";
    private static final Instant WALL0 = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void shouldWriteEveryOutputAndChangelogRecordByteForByteAsBefore() throws IOException {
        if (Boolean.getBoolean("golden.write") && !Files.exists(Fixtures.RESOURCES.resolve(INPUT))) {
            writeInput();
        }
        final List<String> actual = run(readGzip(INPUT));
        if (Boolean.getBoolean("golden.write")) {
            writeGzip(GOLDEN, String.join("\n", actual) + "\n");
        }
        final List<String> expected = readGzip(GOLDEN).lines().toList();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "output record " + i + " (of " + expected.size() + ")");
        }
        assertEquals(expected.size(), actual.size(), "output records");
    }

    private List<String> run(final String input) {
        final Map<String, String> keys = new HashMap<>();
        keys.put(AppConfig.STATE_DIR, stateDir.toString());
        keys.put("bootstrap.servers", "dummy:1234");
        keys.put(AppConfig.INPUT_KEYED_BY_HOST, "true");
        final AppConfig config = AppConfig.load(null, Map.of(), keys);
        final Topology topology = OomTopology.build(config, new Metrics());
        final List<String[]> records = input.lines().map(l -> l.split("\t", 3)).toList();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config.streamsProperties(), WALL0)) {
            final TestInputTopic<String, String> fleet = driver.createInputTopic(config.fleetTopic(),
                    new StringSerializer(), new StringSerializer());
            new TreeSet<>(records.stream().map(r -> r[0]).toList()).forEach(host ->
                    fleet.pipeInput(HostNames.key(host), Json.write(web(host))));
            final List<String> topics = new ArrayList<>(writtenTopics(topology, config.applicationId()));
            final List<TestOutputTopic<String, byte[]>> outs = topics.stream()
                    .map(t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer()))
                    .toList();
            final TestInputTopic<String, String> in = driver.createInputTopic(config.inputTopic(),
                    new StringSerializer(), new StringSerializer());
            int n = 0;
            for (final String[] r : records) {
                in.pipeInput(r[0], r[2], Long.parseLong(r[1]));
                if (++n % 20 == 0) {
                    driver.advanceWallClockTime(Duration.ofSeconds(1));
                }
            }
            for (int s = 0; s < 400; s++) { // quiet: 2 h of wall clock in 20 s steps
                driver.advanceWallClockTime(Duration.ofSeconds(20));
            }
            final List<String> out = new ArrayList<>();
            for (int t = 0; t < topics.size(); t++) {
                for (final TestRecord<String, byte[]> r : outs.get(t).readRecordsToList()) {
                    final ObjectNode line = Json.MAPPER.createObjectNode();
                    line.put("topic", topics.get(t));
                    line.put("key", r.key());
                    line.put("time", r.timestamp());
                    line.put("value", r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
                    out.add(Json.write(line));
                }
            }
            return out;
        }
    }

    /** Output topics and changelogs, sorted (repartition topics are the topology's own business). */
    private static TreeSet<String> writtenTopics(final Topology topology, final String applicationId) {
        final TreeSet<String> out = new TreeSet<>();
        final TopologyDescription d = topology.describe();
        for (final TopologyDescription.Subtopology s : d.subtopologies()) {
            for (final TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && !sink.topic().endsWith("-repartition")) {
                    out.add(sink.topic());
                }
                if (n instanceof TopologyDescription.Processor p) {
                    p.stores().forEach(store -> out.add(applicationId + "-" + store + "-changelog"));
                }
            }
        }
        return out;
    }

    private static FleetHost web(final String host) {
        return new FleetHost(host, "dc1", "prod", "web", "web-platform", null, null, null,
                List.of(new Service("tomcat", List.of("java"), List.of(), false)));
    }

    /** The bench's e2e input, small: the records the filter passes on, as host TAB time TAB value. */
    private static void writeInput() throws IOException {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(150_000).withHosts(40)
                .withFormat(OutputFormat.JSON).withSeed(1313));
        final SyslogDecoder decoder = new SyslogDecoder(OomTopology.decoderOptions());
        final StringBuilder sb = new StringBuilder();
        while (g.hasNext()) {
            final FleetRecord r = g.next();
            final byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
            if (decoder.decode(value, Instant.ofEpochMilli(r.epochMillis()), ProgramFilter.OOM_REPORT_LINES)
                    instanceof OrdinaryLine) {
                continue;
            }
            sb.append(r.host()).append('\t').append(r.epochMillis()).append('\t').append(r.value()).append('\n');
        }
        writeGzip(INPUT, sb.toString());
    }

    private static String readGzip(final String resource) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Fixtures.RESOURCES.resolve(resource)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void writeGzip(final String resource, final String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Fixtures.RESOURCES.resolve(resource)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
