package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.StreamsApp;
import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.TopicPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real shipper: Debian's rsyslogd with the omkafka configuration users drop in
 * (deploy/rsyslog/60-oomstream-kafka.conf), started privately on loopback, receives raw
 * kernel-facility syslog lines over TCP from several hosts interleaved and ships them to the
 * real broker; the topology must turn them into events, and a redelivered copy (rsyslog is
 * at-least-once) must not produce a second event. .ci/run installs rsyslog and rsyslog-kafka.
 */
@Tag("broker")
@Timeout(240)
class RsyslogEndToEndTest {

    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final Path DROP_IN = Path.of("deploy", "rsyslog", "60-oomstream-kafka.conf").toAbsolutePath();

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldTurnReportsShippedByRsyslogIntoOneEventEach() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(RSYSLOGD), "rsyslogd not installed (apt-get install rsyslog rsyslog-kafka)");
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/omkafka.so"))
                || Files.exists(Path.of("/usr/lib/rsyslog/omkafka.so")), "omkafka not installed (apt-get install rsyslog-kafka)");
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(
                "bootstrap.servers", KAFKA.bootstrapServers(),
                AppConfig.APPLICATION_ID, "rsyslog-e2e",
                AppConfig.STATE_DIR, work.resolve("state").toString(),
                AppConfig.HTTP_PORT, "-1",
                AppConfig.COMMIT_INTERVAL_MS, "100",
                AppConfig.REPLICATION_FACTOR, "1",
                AppConfig.INPUT_KEYED_BY_HOST, "true"));
        KAFKA.createTopics(TopicPlan.topics(config, 3, (short) 1));

        final List<String> hosts = List.of("db01", "web07", "cache3");
        final List<List<String>> reports = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            reports.add(rawKernelLines(hosts.get(i), StreamsOnBrokerTest.report(hosts.get(i), 9000 + i, 700 + i, "postgres")));
        }
        final List<String> interleaved = interleave(reports);

        final int port = freePort();
        final Process rsyslogd = startRsyslogd(port, config.inputTopic());
        try (StreamsApp app = StreamsApp.start(config, new Metrics())) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            send(port, interleaved);
            // Upsert by event_id: each kill's last record (the one with its reaper line) is the event.
            final List<OomEvent> events = TopicIO.awaitLatest(KAFKA.bootstrapServers(), config.eventsTopic(),
                    Duration.ofSeconds(90), ev -> ev.stream().filter(e -> Boolean.TRUE.equals(e.reaped()))
                            .map(OomEvent::host).distinct().count() == hosts.size());
            final Map<String, OomEvent> byHost = events.stream().collect(Collectors.toMap(OomEvent::host, e -> e));
            final int records = TopicIO.events(KAFKA.bootstrapServers(), config.eventsTopic(), Duration.ofSeconds(2))
                    .size();
            for (int i = 0; i < hosts.size(); i++) {
                final OomEvent e = byHost.get(hosts.get(i));
                assertEquals(700 + i, e.victim().pid());
                assertTrue(e.complete());
                assertEquals(reports.get(i).size(), e.lineCount(), "every line of " + hosts.get(i) + " stitched");
                assertTrue(e.reaped());
            }

            // rsyslog redelivers after an outage: the same lines again must not make new events.
            send(port, interleaved);
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), config.applicationId(), config.inputTopic(),
                    Duration.ofSeconds(60));
            TimeUnit.SECONDS.sleep(4);
            final List<OomEvent> after = TopicIO.events(KAFKA.bootstrapServers(), config.eventsTopic(), Duration.ofSeconds(2));
            assertEquals(hosts.size(), TopicIO.latest(after).size(), "no duplicate event after redelivery: " + after);
            assertEquals(records, after.size(), "the redelivered lines add no record, not even a version: " + after);
        } finally {
            rsyslogd.destroy();
            rsyslogd.waitFor(10, TimeUnit.SECONDS);
            rsyslogd.destroyForcibly();
        }
    }

    private Process startRsyslogd(final int port, final String topic) throws IOException, InterruptedException {
        final Path spool = Files.createDirectories(work.resolve("spool"));
        final Path conf = work.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "# Private instance for the test: loopback TCP only, no /dev/log, no kernel log.",
                "global(workDirectory=\"" + spool + "\" maxMessageSize=\"64k\")",
                "module(load=\"imtcp\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\")",
                "include(file=\"" + DROP_IN + "\")",
                ""));
        final ProcessBuilder pb = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(),
                "-i", work.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("rsyslogd.out").toFile());
        pb.environment().put("OOMSTREAM_KAFKA_BROKERS", KAFKA.bootstrapServers());
        pb.environment().put("OOMSTREAM_KAFKA_TOPIC", topic);
        pb.environment().put("OOMSTREAM_SPOOL_DIR", spool.toString());
        final Process p = pb.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return p;
            } catch (final IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new AssertionError("rsyslogd did not start: " + Files.readString(work.resolve("rsyslogd.out")));
    }

    /** RFC 3164 lines as a relay forwards them: {@code <PRI>} of facility kern, the host's own name. */
    private static List<String> rawKernelLines(final String host, final List<String> rfc3164) {
        final List<String> out = new ArrayList<>();
        for (final String line : rfc3164) {
            out.add("<4>" + line);
        }
        return out;
    }

    private static List<String> interleave(final List<List<String>> lists) {
        final List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            boolean any = false;
            for (final List<String> l : lists) {
                if (i < l.size()) {
                    out.add(l.get(i));
                    any = true;
                }
            }
            if (!any) {
                return out;
            }
        }
    }

    private static void send(final int port, final List<String> lines) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port); OutputStream out = s.getOutputStream()) {
            for (final String line : lines) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
