package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.HostNames;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running deployment upgrades to the kill-ledger engine without losing its kill-count state: the four stores
 * are restored from the bytes e321e1f wrote (kill-ledger/state-written-by-e321e1f.tsv, put into the stores as a
 * changelog restore puts them: raw, under the serdes), and the new code goes on deduplicating, moving, counting
 * and ticking from them. The restart is an hour after the old instance stopped.
 */
class KillLedgerUpgradeTest {

    private static final Instant WALL1 = Instant.parse("2026-12-01T01:00:00Z");
    private static final String OLD_STATE = "kill-ledger/state-written-by-e321e1f.tsv";

    @TempDir
    Path stateDir;

    private final Metrics metrics = new Metrics();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<String, String> fleet;
    private TestOutputTopic<String, String> killCounts;

    @BeforeEach
    void restoreTheOldState() {
        final Map<String, String> keys = new HashMap<>();
        keys.put(AppConfig.STATE_DIR, stateDir.toString());
        keys.put("bootstrap.servers", "dummy:1234");
        // Not about order: input declared keyed by host, so the reorder stage (on by default for unkeyed input) is out.
        keys.putIfAbsent(AppConfig.INPUT_KEYED_BY_HOST, "true");
        final AppConfig config = AppConfig.load(null, Map.of(), keys);
        driver = new TopologyTestDriver(OomTopology.build(config, metrics), config.streamsProperties(), WALL1);
        input = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                WALL1, Duration.ofMillis(1));
        fleet = driver.createInputTopic(config.fleetTopic(), new StringSerializer(), new StringSerializer());
        killCounts = driver.createOutputTopic(config.killCountsTopic(), new StringDeserializer(),
                new StringDeserializer());
        int restored = 0;
        for (final String line : Fixtures.read(OLD_STATE).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final String[] f = line.split("\t");
            rawStore(f[0]).put(Bytes.wrap(f[1].getBytes(StandardCharsets.UTF_8)), HexFormat.of().parseHex(f[2]));
            restored++;
        }
        assertEquals(20, restored, "every entry of the fixture");
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void shouldNotCountAKillCountedBeforeTheUpgradeAgainWhenItsLogIsReplayed() {
        pipe(kill("a1", "2026-03-01T10:00:20Z", 1, "java"));

        assertEquals(1.0, metric(KillRepeatProcessor.DUPLICATES), "its id came from the old oom-kill-ids");
        assertEquals(Map.of(), counts(), "the 10:00 java window keeps its 2");
    }

    @Test
    void shouldMoveAKillCountedBeforeTheUpgradeFromWhereTheOldVersionCountedIt() {
        publish(new FleetHost("db-9", "dc1", "prod", "db", "data", null, null, null, List.of()));
        pipe(kill("db-9", "2026-03-01T10:00:10Z", 4242, "mysqld"));

        assertEquals(Map.of("mysqld/null/null/null@2026-03-01T10:00:00Z", 0L,
                "mysqld/prod/dc1/data@2026-03-01T10:00:00Z", 1L), counts(),
                "taken back from the emitted window the old oom-kills-counted names, counted under its fleet fields");
        assertEquals(1.0, metric(KillCountFeedProcessor.MOVED));
    }

    @Test
    void shouldGoOnCountingAnOpenWindowAndNotEmitAClosedOneAgain() {
        pipe(kill("c2", "2026-03-01T10:02:30Z", 5, "java"));
        pipe(kill("d1", "2026-03-01T10:04:00Z", 6, "nginx"));

        assertEquals(Map.of("java/null/null/null@2026-03-01T10:02:00Z", 2L), counts(),
                "c1, counted before the upgrade, and c2; the 10:00 windows were emitted before it");
    }

    @Test
    void shouldTickOnTheClockTheOldVersionKeptAndCloseItsOpenWindow() {
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        assertEquals(Map.of("java/null/null/null@2026-03-01T10:02:00Z", 1L), counts(),
                "the restored clock (10:02:10 plus the hour since) closed the window the old version left open");
    }

    // Helpers.

    /** The store's innermost, byte-level layer: where a changelog restore writes. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> rawStore(final String name) {
        StateStore s = driver.getKeyValueStore(name);
        assertFalse(s == null, name + " is not in the topology any more");
        while (s instanceof WrappedStateStore<?, ?, ?> w) {
            s = w.wrapped();
        }
        return (KeyValueStore<Bytes, byte[]>) s;
    }

    /** Pipes one record and lets the stitcher emit it (its reaper grace passes on the wall clock). */
    private void pipe(final String record) {
        input.pipeInput(null, record.getBytes(StandardCharsets.UTF_8));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
    }

    private void publish(final FleetHost host) {
        fleet.pipeInput(HostNames.key(host.host()), Json.write(host));
    }

    /** Every count emitted so far, latest per key, as {@code service/environment/datacenter/team@start}. */
    private Map<String, Long> counts() {
        final Map<String, Long> out = new HashMap<>();
        killCounts.readRecordsToList().forEach(r -> {
            final JsonNode v = parse(r.value());
            EventSchema.assertValid("kill-count.schema.json", v);
            out.put(v.get("service").asText() + "/" + v.get("environment").asText() + "/"
                    + v.get("datacenter").asText() + "/" + v.get("team").asText() + "@"
                    + v.get("window_start").asText(), v.get("count").asLong());
        });
        return out;
    }

    private double metric(final String name) {
        return metrics.snapshot().stream().filter(m -> m.name().equals(name)).mapToDouble(Metrics.Sample::value).sum();
    }

    /** The same records as the old version was given (kill-ledger/state-written-by-e321e1f.tsv). */
    private static String kill(final String host, final String time, final int pid, final String name) {
        return "{\"hostname\":\"" + host + "\",\"timestamp\":\"" + time + "\",\"programname\":\"kernel\",\"msg\":\""
                + "Out of memory: Killed process " + pid + " (" + name + ") total-vm:1000kB, anon-rss:900kB, "
                + "file-rss:0kB, shmem-rss:0kB\"}";
    }

    private static JsonNode parse(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
