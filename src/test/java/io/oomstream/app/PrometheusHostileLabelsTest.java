package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.metrics.Metrics;
import io.oomstream.testing.HostileFixtures;
import io.oomstream.testing.Promtool;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Label values no one chose: a client id, a store name, an Alertmanager address from the settings, and anything a
 * future label may carry from the logs. /metrics, scraped over HTTP, escapes them as the text format 0.0.4 says
 * (backslash, quote, newline; everything else is UTF-8 as is) so that a parser gets each value back exactly,
 * and promtool accepts the whole scrape.
 */
class PrometheusHostileLabelsTest {

    /** Values for labels: quotes, backslashes, markup, SQL, newline, ESC/BEL/CR/NUL, U+FFFD, 10,000 characters. */
    static final List<String> HOSTILE = List.of(
            "say \"hi\" \\o/", "<script>alert(1)</script>", "'; DROP TABLE oom_events;--", "line1\nline2\\n",
            "\u001b[2J\u001b]0;pwn\u0007x", "a\u0000b\rc", "\u009b31m\u202eexe", "\uFFFD\uFFFD(bin", "trailing\\",
            HostileFixtures.LONG_HOST);

    @Test
    void shouldScrapeHostileLabelValuesEscapedSoThatPromtoolAndAParserReadThemBackExactly() throws Exception {
        final Metrics metrics = new Metrics();
        for (final String v : HOSTILE) {
            metrics.counter("oomstream_hostile_labels_total", "Label values\\ with\n a newline in the help", "value", v)
                    .inc();
        }
        final Map<MetricName, Metric> kafka = new HashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            final Map<String, String> tags = new LinkedHashMap<>();
            tags.put("client-id", HOSTILE.get(i));
            tags.put("9 odd tag!", "x");
            put(kafka, new MetricName("records-consumed-rate", "consumer-fetch-manager-metrics",
                    "per \"second\"\\\nrate", tags), i);
        }

        final String body;
        try (HttpEndpoint endpoint = HttpEndpoint.start(new InetSocketAddress("127.0.0.1", 0),
                () -> KafkaStreams.State.RUNNING, () -> kafka, metrics)) {
            final HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            body = new String(response.body(), StandardCharsets.UTF_8);
        }

        assertEquals(new TreeSet<>(HOSTILE), labelValues(body, "oomstream_hostile_labels_total", "value"));
        assertEquals(new TreeSet<>(HOSTILE), labelValues(body,
                "kafka_streams_consumer_fetch_manager_metrics_records_consumed_rate", "client_id"));
        for (final String line : body.split("\n", -1)) {
            assertTrue(line.isEmpty() || line.startsWith("#") || line.matches("(?s)[a-zA-Z_:][a-zA-Z0-9_:]*[{ ].*"),
                    "every line a comment or a sample (a newline in a value would start a bogus line): " + line);
        }
        Assumptions.assumeTrue(Promtool.installed(), Promtool.MISSING);
        final Promtool.Result promtool = Promtool.checkMetrics(body);
        assertEquals(0, promtool.exitCode(), "promtool check metrics:\n" + promtool.output());
    }

    @Test
    void shouldNameKafkaMetricsSoThatPromtoolsLinterAcceptsThem() throws Exception {
        final Map<MetricName, Metric> kafka = new HashMap<>();
        final Map<String, String> tags = Map.of("client-id", "c1");
        put(kafka, new MetricName("io-time-ns-total", "consumer-metrics", "total io time", tags), 12);
        put(kafka, new MetricName("connection-count", "admin-client-metrics", "open connections", tags), 2);
        put(kafka, new MetricName("start-time-ms", "app-info", "", tags), 1.7e12);
        put(kafka, new MetricName("records-lag-max", "consumer-fetch-manager-metrics", "", tags), 3);

        final String text = HttpEndpoint.renderPrometheus(new Metrics().snapshot(), kafka);

        assertTrue(text.contains("# TYPE kafka_streams_consumer_metrics_io_time_seconds_total counter\n"), text);
        assertTrue(text.contains("# TYPE kafka_streams_admin_client_metrics_connection_count_current gauge\n"), text);
        assertTrue(text.contains("# HELP kafka_streams_app_info_start_time_seconds Kafka metric start-time-ms of "
                + "group app-info\n"), text);
        assertTrue(text.contains("kafka_streams_app_info_start_time_seconds{client_id=\"c1\"} 1700000000\n"), text);
        final String ioTime = text.lines().filter(l -> l.startsWith("kafka_streams_consumer_metrics_io_time_seconds_total{"))
                .findFirst().orElseThrow();
        assertEquals(12e-9, Double.parseDouble(ioTime.substring(ioTime.indexOf("} ") + 2)), 1e-18, "12 ns in seconds");
        assertTrue(text.contains("kafka_streams_consumer_fetch_manager_metrics_records_lag_max{client_id=\"c1\"} 3\n"),
                "the name the alerting rules read is unchanged: " + text);
        Assumptions.assumeTrue(Promtool.installed(), Promtool.MISSING);
        final Promtool.Result promtool = Promtool.checkMetrics(text);
        assertEquals(0, promtool.exitCode(), "promtool check metrics:\n" + promtool.output());
    }

    /** The values of {@code label} in the samples of {@code family}, unescaped as a Prometheus parser does. */
    static Set<String> labelValues(final String exposition, final String family, final String label) {
        final Set<String> out = new TreeSet<>();
        for (final String line : exposition.split("\n")) {
            if (!line.startsWith(family + "{")) {
                continue;
            }
            int i = family.length() + 1;
            while (line.charAt(i) != '}') {
                final int eq = line.indexOf('=', i);
                final String name = line.substring(i, eq);
                final StringBuilder value = new StringBuilder();
                int j = eq + 2; // after ="
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        c = line.charAt(++j);
                        value.append(c == 'n' ? '\n' : c);
                    } else {
                        value.append(c);
                    }
                }
                if (name.equals(label)) {
                    out.add(value.toString());
                }
                i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
            }
        }
        return out;
    }

    private static void put(final Map<MetricName, Metric> map, final MetricName name, final double value) {
        map.put(name, new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }
}
