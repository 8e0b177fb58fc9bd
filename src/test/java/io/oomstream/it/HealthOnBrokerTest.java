package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.BrokerProbe;
import io.oomstream.app.HttpEndpoint;
import io.oomstream.app.StreamsApp;
import io.oomstream.broker.EmbeddedKafka;
import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import io.oomstream.topology.TopicPlan;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health while the broker is away: Kafka Streams stays RUNNING (its clients retry), so only the broker probe
 * can tell that the application processes nothing; it reports degraded, and healthy again once the broker is back.
 */
@Tag("broker")
@Timeout(180)
class HealthOnBrokerTest {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldReportDegradedWhileTheBrokerIsDownAndHealthyOnceItIsBack() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("broker"))) {
            final AppConfig config = AppConfig.load(null, Map.of(), Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    AppConfig.APPLICATION_ID, "health",
                    AppConfig.STATE_DIR, work.resolve("state").toString(),
                    AppConfig.REPLICATION_FACTOR, "1"));
            kafka.createTopics(TopicPlan.topics(config, 1, (short) 1));
            final Metrics metrics = new Metrics();
            try (StreamsApp app = StreamsApp.start(config, metrics);
                 BrokerProbe probe = BrokerProbe.start(config, Duration.ofSeconds(1), metrics);
                 HttpEndpoint endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                         app.streams()::state, app.streams()::metrics, metrics, probe::degraded)) {
                assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
                final URI health = URI.create("http://127.0.0.1:" + endpoint.port() + "/health");
                await(health, r -> r.statusCode() == 200, Duration.ofSeconds(20));

                kafka.stopBroker();
                final HttpResponse<String> down = await(health, r -> r.statusCode() == 503, Duration.ofSeconds(30));
                assertTrue(down.body().contains("\"degraded\":\"cannot reach the Kafka brokers for "), down.body());
                assertEquals(KafkaStreams.State.RUNNING, app.streams().state(),
                        "Kafka Streams alone would call this healthy");
                assertTrue(get(URI.create("http://127.0.0.1:" + endpoint.port() + "/health/live")).statusCode() == 200,
                        "alive: restarting it would not bring the broker back");

                kafka.restartBroker();
                // Healthy again as soon as the broker answers; Streams may pass through REBALANCING (healthy too, 200)
                // on its way back to RUNNING, which the first 200 alone need not show yet.
                final HttpResponse<String> back = await(health,
                        r -> r.statusCode() == 200 && r.body().contains("RUNNING"), Duration.ofSeconds(30));
                assertEquals("{\"state\":\"RUNNING\"}\n", back.body());
            }
        }
    }

    private HttpResponse<String> await(final URI uri, final Predicate<HttpResponse<String>> condition,
                                       final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(uri);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not met within " + timeout + "; last: " + (last == null ? null
                : last.statusCode() + " " + last.body()));
    }

    private HttpResponse<String> get(final URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
