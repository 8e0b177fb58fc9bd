package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.oomstream.metrics.Metrics;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void shouldRenderOwnCountersAndGaugesInPrometheusTextFormat() {
        final Metrics metrics = new Metrics();
        metrics.counter(Metrics.EVENTS_EMITTED, "OOM events emitted", "kind", "oom_kill").inc(3);
        metrics.counter(Metrics.EVENTS_EMITTED, "OOM events emitted", "kind", "cgroup").inc();
        metrics.counter(Metrics.RECORDS_DECODED, "Records decoded").inc(0);
        metrics.gauge(Metrics.REPORTS_OPEN, "Reports open").set(2);
        metrics.gauge("oomstream_fill_ratio", "Line 1\nline 2 with \\", () -> 0.25);
        metrics.counter(Metrics.EVENTS_INCOMPLETE, "", "reason", "say \"hi\"\\\n").inc();

        final String text = HttpEndpoint.renderPrometheus(metrics.snapshot(), null);

        assertEquals("""
            # HELP oomstream_events_emitted_total OOM events emitted
            # TYPE oomstream_events_emitted_total counter
            oomstream_events_emitted_total{kind="cgroup"} 1
            oomstream_events_emitted_total{kind="oom_kill"} 3
            # TYPE oomstream_events_incomplete_total counter
            oomstream_events_incomplete_total{reason="say \\"hi\\"\\\\\\n"} 1
            # HELP oomstream_fill_ratio Line 1\\nline 2 with \\\\
            # TYPE oomstream_fill_ratio gauge
            oomstream_fill_ratio 0.25
            # HELP oomstream_records_decoded_total Records decoded
            # TYPE oomstream_records_decoded_total counter
            oomstream_records_decoded_total 0
            # HELP oomstream_reports_open Reports open
            # TYPE oomstream_reports_open gauge
            oomstream_reports_open 2
            """, text);
    }

    @Test
    void shouldRenderKafkaMetricsWithSanitisedNamesAndTagLabelsSkippingNanAndText() {
        final Map<MetricName, Metric> kafka = new LinkedHashMap<>();
        put(kafka, "process-rate", "stream-thread-metrics", "The average per-second number of processed records",
            Map.of("thread-id", "app-StreamThread-2"), 3.0);
        put(kafka, "process-rate", "stream-thread-metrics", "The average per-second number of processed records",
            Map.of("thread-id", "app-StreamThread-1"), 12.5);
        put(kafka, "commit-latency-max", "stream-thread-metrics", "", Map.of("thread-id", "t1"), Double.NaN);
        put(kafka, "version", "app-info", "Version", Map.of("client-id", "c1"), "4.3.1");
        put(kafka, "records-lag-max", "consumer-fetch-manager-metrics", "Max lag",
            Map.of("client-id", "c1", "topic", "syslog.raw", "partition", "0"), Double.POSITIVE_INFINITY);
        put(kafka, "alive-stream-threads", "stream-metrics", "", Map.of(), 1);

        final String text = HttpEndpoint.renderPrometheus(new Metrics().snapshot(), kafka);

        assertEquals("""
            # HELP kafka_streams_consumer_fetch_manager_metrics_records_lag_max Max lag
            # TYPE kafka_streams_consumer_fetch_manager_metrics_records_lag_max gauge
            kafka_streams_consumer_fetch_manager_metrics_records_lag_max{client_id="c1",partition="0",topic="syslog.raw"} +Inf
            # HELP kafka_streams_stream_metrics_alive_stream_threads Kafka metric alive-stream-threads of group stream-metrics
            # TYPE kafka_streams_stream_metrics_alive_stream_threads gauge
            kafka_streams_stream_metrics_alive_stream_threads 1
            # HELP kafka_streams_stream_thread_metrics_process_rate The average per-second number of processed records
            # TYPE kafka_streams_stream_thread_metrics_process_rate gauge
            kafka_streams_stream_thread_metrics_process_rate{thread_id="app-StreamThread-1"} 12.5
            kafka_streams_stream_thread_metrics_process_rate{thread_id="app-StreamThread-2"} 3
            """, text);
    }

    @Test
    void shouldReportHealthyOnlyWhileRunningOrRebalancing() throws Exception {
        final AtomicReference<KafkaStreams.State> state = new AtomicReference<>();
        start(state, new Metrics());

        assertResponse("/health", 503, "{\"state\":\"NOT_STARTED\"}\n");
        state.set(KafkaStreams.State.CREATED);
        assertResponse("/health", 503, "{\"state\":\"CREATED\"}\n");
        state.set(KafkaStreams.State.REBALANCING);
        assertResponse("/health", 200, "{\"state\":\"REBALANCING\"}\n");
        state.set(KafkaStreams.State.RUNNING);
        assertResponse("/health", 200, "{\"state\":\"RUNNING\"}\n");
        state.set(KafkaStreams.State.ERROR);
        assertResponse("/health", 503, "{\"state\":\"ERROR\"}\n");
    }

    @Test
    void shouldReportDegradedWhileRunningButUnableToWorkAndStayLiveUnlessStopped() throws Exception {
        final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
        final AtomicReference<String> degraded = new AtomicReference<>();
        endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0), state::get, () -> null, new Metrics(),
            degraded::get);

        assertResponse("/health", 200, "{\"state\":\"RUNNING\"}\n");
        degraded.set("cannot reach the Kafka brokers for 12 s");
        assertResponse("/health", 503,
            "{\"state\":\"RUNNING\",\"degraded\":\"cannot reach the Kafka brokers for 12 s\"}\n");
        assertResponse("/health/live", 200, "{\"state\":\"RUNNING\"}\n");
        state.set(KafkaStreams.State.ERROR);
        assertResponse("/health", 503, "{\"state\":\"ERROR\"}\n");
        assertResponse("/health/live", 503, "{\"state\":\"ERROR\"}\n");
        assertEquals(404, get("/healthz").statusCode());
    }

    @Test
    void shouldServeMetricsWithPrometheusContentTypeAndRejectOtherRequests() throws Exception {
        final Metrics metrics = new Metrics();
        metrics.counter(Metrics.RECORDS_UNDECODABLE, "Undecodable records").inc(7);
        start(new AtomicReference<>(KafkaStreams.State.RUNNING), metrics);

        final HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals(HttpEndpoint.PROMETHEUS_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("""
            # HELP oomstream_records_undecodable_total Undecodable records
            # TYPE oomstream_records_undecodable_total counter
            oomstream_records_undecodable_total 7
            """, response.body());

        final HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(404, get("/nope").statusCode());
    }

    @Test
    void shouldRejectMetricsThatPrometheusCouldNotParse() {
        final Metrics metrics = new Metrics();
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("oomstream_events", "no _total suffix"));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("oom-stream", "dash"));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("a_total", "", "bad-label", "v"));
        metrics.counter("b_total", "", "kind", "x");
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("b_total", "", "other", "x"));
        assertThrows(IllegalArgumentException.class, () -> metrics.gauge("b_total", ""));
    }

    private void start(final AtomicReference<KafkaStreams.State> state, final Metrics metrics) throws IOException {
        endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0), state::get, () -> null, metrics);
    }

    private void assertResponse(final String path, final int status, final String body) throws Exception {
        final HttpResponse<String> response = get(path);
        assertEquals(status, response.statusCode(), path);
        assertEquals(body, response.body(), path);
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + endpoint.port() + path);
    }

    private static void put(final Map<MetricName, Metric> map, final String name, final String group,
                            final String description, final Map<String, String> tags, final Object value) {
        final MetricName metricName = new MetricName(name, group, description, tags);
        map.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
