package io.oomstream.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.oomstream.config.AlertmanagerSettings;
import io.oomstream.event.Json;
import io.oomstream.metrics.Metrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pump against a stand-in Alertmanager (the JDK's HTTP server answering what the test says): the request
 * Alertmanager's v2 API gets, credentials, failures, dead letters and their metrics, unreadable records.
 */
class AlertPumpTest {

    private static final Instant NOW = Instant.parse("2026-03-01T11:30:00Z");

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile String refuseIfBodyContains = "\u0000never";
    private final Metrics metrics = new Metrics();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            // Like Alertmanager refusing a request with one invalid alert in it: HTTP 400 for the whole post.
            exchange.sendResponseHeaders(body.contains(refuseIfBodyContains) ? 400 : status.get(), -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private AlertPump pump(final List<URI> urls, final String token, final String user, final String password) {
        final AlertmanagerSettings s = new AlertmanagerSettings(urls, Duration.ofMinutes(1), Duration.ofSeconds(2),
                AlertmanagerSettings.DEFAULT_LINK_TEMPLATE, token, user, password, null, "", null, "");
        return new AlertPump(new AlertBook(s.resend(), new LinkTemplate(s.linkTemplate())), new AlertmanagerClient(s),
                Clock.fixed(NOW, ZoneOffset.UTC), metrics);
    }

    @Test
    void shouldPostTheV2AlertJsonWithABearerToken() throws Exception {
        final AlertPump pump = pump(List.of(start()), "tok-1", "", "");
        pump.accept("k", AlertFixtures.bytes(AlertFixtures.WEB_01_CASCADE), NOW);

        assertEquals(1, pump.tick());

        assertEquals(List.of("/api/v2/alerts"), paths);
        assertEquals(List.of("Bearer tok-1"), authorizations);
        final JsonNode body = Json.MAPPER.readTree(bodies.get(0));
        assertEquals(1, body.size());
        final JsonNode alert = body.get(0);
        assertEquals("web-01:4f1c2a9b7e3d5a6c8b01", alert.get("labels").get("incident_id").asText());
        assertEquals("2026-03-01T10:00:00Z", alert.get("startsAt").asText());
        assertEquals("2026-03-01T11:34:00Z", alert.get("endsAt").asText());
        assertTrue(alert.get("generatorURL").asText().startsWith("http://localhost:3000/d/oomstream-overview/"));
        assertEquals(1, metrics.counter(AlertPump.POSTED, "", "state", "firing").value());
        assertEquals(1, metrics.gauge(AlertPump.OPEN, "").value());
    }

    @Test
    void shouldSendBasicAuth() throws Exception {
        final AlertPump pump = pump(List.of(start()), "", "oomstream", "pw");
        pump.accept("k", AlertFixtures.bytes(AlertFixtures.WEB_01_CASCADE), NOW);
        pump.tick();

        assertEquals(List.of("Basic b29tc3RyZWFtOnB3"), authorizations, "base64 of oomstream:pw");
    }

    @Test
    void shouldCountAPostAsDeliveredWhenOneOfTwoAlertmanagersTookIt() throws Exception {
        final URI up = start();
        final URI down = URI.create("http://127.0.0.1:1");
        final AlertPump pump = pump(List.of(down, up), "", "", "");
        pump.accept("k", AlertFixtures.bytes(AlertFixtures.WEB_01_CASCADE), NOW);

        assertEquals(1, pump.tick());
        assertEquals(1, metrics.counter(AlertPump.POSTS, "", "alertmanager", "127.0.0.1:1", "result", "error").value());
        assertEquals(1, metrics.counter(AlertPump.POSTS, "", "alertmanager", up.getHost() + ":" + up.getPort(),
                "result", "ok").value());
    }

    @Test
    void shouldKeepARefusedPostForItsRetryAndCountNothingDeliveredOrDead() throws Exception {
        status.set(500);
        final AlertPump pump = pump(List.of(start()), "", "", "");
        pump.accept("k", AlertFixtures.bytes(AlertFixtures.WEB_01_CLOSED), NOW);

        assertEquals(0, pump.tick());
        assertEquals(0, pump.tick(), "the clock has not moved: the retry is not due");
        assertEquals(1, bodies.size());
        assertEquals(0, metrics.counter(AlertPump.DEAD_LETTERS, "").value());
        assertEquals(0, metrics.counter(AlertPump.POSTED, "", "state", "resolved").value());
    }

    @Test
    void shouldPostIncidentsOneByOneWhenAlertmanagerRefusesTheBatchSoOneBadAlertBlocksNoOther() throws Exception {
        refuseIfBodyContains = "db-07";
        final AlertPump pump = pump(List.of(start()), "", "", "");
        pump.accept("k1", AlertFixtures.bytes(AlertFixtures.WEB_01_CASCADE), NOW);
        pump.accept("k2", AlertFixtures.bytes(AlertFixtures.DB_07_NO_FLEET), NOW);

        assertEquals(1, pump.tick(), "web-01 arrives although db-07's alert is refused");
        assertEquals(3, bodies.size(), "the batch, then each incident alone");
        assertEquals(1, metrics.counter(AlertPump.POSTED, "", "state", "firing").value());
        assertEquals(0, pump.tick(), "db-07 waits for its retry");
    }

    @Test
    void shouldSkipAndCountARecordThatIsNotAnIncident() throws Exception {
        final AlertPump pump = pump(List.of(start()), "", "", "");

        pump.accept("k", "{\"scope\":\"galaxy\"}".getBytes(StandardCharsets.UTF_8), NOW);
        pump.accept("k", "not json".getBytes(StandardCharsets.UTF_8), NOW);

        assertEquals(2, metrics.counter(AlertPump.UNREADABLE, "").value());
        assertEquals(0, pump.tick());
        assertTrue(bodies.isEmpty());
    }

    @Test
    void shouldNotSplitOneIncidentsAlertsAcrossBatches() {
        final List<AlertBook.Delivery> due = new java.util.ArrayList<>();
        final Alert a = new Alert(new java.util.TreeMap<>(java.util.Map.of("a", "b")), java.util.Map.of(), NOW, NOW, null);
        for (int i = 0; i < 40; i++) {
            due.add(new AlertBook.Delivery("i" + i, List.of(a, a)));
        }
        final List<List<AlertBook.Delivery>> batches = AlertPump.batches(due);

        assertEquals(List.of(32, 8), batches.stream().map(List::size).toList(), "64 alerts a batch, 2 per incident");
    }
}
