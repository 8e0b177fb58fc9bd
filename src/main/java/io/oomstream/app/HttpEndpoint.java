package io.oomstream.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.oomstream.metrics.Metrics;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiny HTTP endpoint (JDK {@code com.sun.net.httpserver}, no dependencies) serving
 * <ul>
 *   <li>{@code GET /health}: {@code 200 {"state":"RUNNING"}} while the Kafka Streams state is RUNNING or
 *       REBALANCING, otherwise {@code 503} with the state name ({@code "NOT_STARTED"} before the supplier
 *       has a state); {@code 503 {"state":"RUNNING","degraded":"..."}} while the application runs but cannot
 *       do its work (e.g. it cannot reach the brokers: Kafka Streams stays RUNNING through that);</li>
 *   <li>{@code GET /health/live}: {@code 200} unless Kafka Streams has stopped or failed (ERROR,
 *       PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING): for a liveness probe, which must not restart an
 *       instance that waits for its brokers;</li>
 *   <li>{@code GET /metrics}: Prometheus text exposition format 0.0.4: oomstream's own
 *       {@link Metrics} plus every numeric Kafka Streams metric (client, thread, task, processor,
 *       store and the embedded consumer/producer/admin metrics), named
 *       {@code kafka_streams_<group>_<name>} with the metric tags as labels, in base units (see
 *       {@link #kafkaFamily}). Non-numeric metrics (e.g. version strings) and NaN values are left out.
 *       Kafka's {@code -total} metrics (its cumulative sums and counts) are exported as counters, the
 *       others as gauges, so that the scrape passes {@code promtool check metrics}.</li>
 * </ul>
 * Requests are served on one daemon thread; the endpoint is meant for probes and scrapes, not for load.
 */
public final class HttpEndpoint implements AutoCloseable {

    /** Content type of the Prometheus text format 0.0.4. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final String KAFKA_PREFIX = "kafka_streams_";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<? extends Map<MetricName, ? extends Metric>> kafkaMetrics;
    private final Metrics metrics;
    private final Supplier<String> degraded;

    private HttpEndpoint(final HttpServer server, final ExecutorService executor,
                         final Supplier<KafkaStreams.State> state,
                         final Supplier<? extends Map<MetricName, ? extends Metric>> kafkaMetrics,
                         final Metrics metrics, final Supplier<String> degraded) {
        this.server = server;
        this.executor = executor;
        this.state = state;
        this.kafkaMetrics = kafkaMetrics;
        this.metrics = metrics;
        this.degraded = degraded;
    }

    /**
     * Binds and starts the endpoint.
     *
     * @param address      where to listen, e.g. {@code new InetSocketAddress(8080)} (all interfaces) or
     *                     {@code new InetSocketAddress("127.0.0.1", 0)} (loopback, random port)
     * @param state        current Kafka Streams state, e.g. {@code streams::state}; may return null
     * @param kafkaMetrics Kafka Streams metrics, e.g. {@code streams::metrics}; may return null
     * @param metrics      oomstream's own registry, usually {@link Metrics#global()}
     * @throws IOException if the address cannot be bound
     */
    public static HttpEndpoint start(final InetSocketAddress address, final Supplier<KafkaStreams.State> state,
                                     final Supplier<? extends Map<MetricName, ? extends Metric>> kafkaMetrics,
                                     final Metrics metrics) throws IOException {
        return start(address, state, kafkaMetrics, metrics, () -> null);
    }

    /**
     * {@link #start(InetSocketAddress, Supplier, Supplier, Metrics)} with {@code degraded}: null while the
     * application can do its work, else why not (e.g. {@code BrokerProbe#degraded}).
     */
    public static HttpEndpoint start(final InetSocketAddress address, final Supplier<KafkaStreams.State> state,
                                     final Supplier<? extends Map<MetricName, ? extends Metric>> kafkaMetrics,
                                     final Metrics metrics, final Supplier<String> degraded) throws IOException {
        final HttpServer server = HttpServer.create(address, 16);
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "oomstream-http");
            t.setDaemon(true);
            return t;
        });
        final HttpEndpoint endpoint = new HttpEndpoint(server, executor, Objects.requireNonNull(state),
            Objects.requireNonNull(kafkaMetrics), Objects.requireNonNull(metrics), Objects.requireNonNull(degraded));
        server.createContext("/health/live", endpoint::live);
        server.createContext("/health", endpoint::health);
        server.createContext("/metrics", endpoint::metrics);
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
        server.setExecutor(executor);
        server.start();
        LOG.info("HTTP endpoint listening on {} (/health, /metrics)", server.getAddress());
        return endpoint;
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening at once (in-flight exchanges are cut) and stops the worker thread. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void health(final HttpExchange exchange) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        final KafkaStreams.State current = state.get();
        final boolean up = current == KafkaStreams.State.RUNNING || current == KafkaStreams.State.REBALANCING;
        final String name = current == null ? "NOT_STARTED" : current.name();
        if (!exchange.getRequestURI().getPath().equals("/health")) {
            respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            return;
        }
        final String why = up ? degraded.get() : null;
        if (why != null) {
            respond(exchange, 503, "application/json", "{\"state\":\"" + name + "\",\"degraded\":\""
                    + why.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
            return;
        }
        respond(exchange, up ? 200 : 503, "application/json", "{\"state\":\"" + name + "\"}\n");
    }

    private void live(final HttpExchange exchange) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        final KafkaStreams.State current = state.get();
        final boolean stopped = current == KafkaStreams.State.ERROR || current == KafkaStreams.State.PENDING_ERROR
                || current == KafkaStreams.State.PENDING_SHUTDOWN || current == KafkaStreams.State.NOT_RUNNING;
        final String name = current == null ? "NOT_STARTED" : current.name();
        respond(exchange, stopped ? 503 : 200, "application/json", "{\"state\":\"" + name + "\"}\n");
    }

    private void metrics(final HttpExchange exchange) throws IOException {
        if (!allowed(exchange)) {
            return;
        }
        final String body;
        try {
            body = renderPrometheus(metrics.snapshot(), kafkaMetrics.get());
        } catch (final RuntimeException e) {
            LOG.warn("Cannot render /metrics", e);
            respond(exchange, 500, "text/plain; charset=utf-8", "metrics unavailable\n");
            return;
        }
        respond(exchange, 200, PROMETHEUS_CONTENT_TYPE, body);
    }

    private static boolean allowed(final HttpExchange exchange) throws IOException {
        final String method = exchange.getRequestMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return false;
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
                                final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /**
     * Renders oomstream's samples, then the Kafka metrics, in Prometheus text format 0.0.4 (one
     * {@code # HELP}/{@code # TYPE} pair per family, families sorted by name, series sorted by labels).
     *
     * @param kafkaMetrics may be null (no Kafka Streams instance yet)
     */
    public static String renderPrometheus(final List<Metrics.Sample> own,
                                          final Map<MetricName, ? extends Metric> kafkaMetrics) {
        final StringBuilder out = new StringBuilder(4096);
        String lastFamily = null;
        for (final Metrics.Sample sample : own) {
            if (!sample.name().equals(lastFamily)) {
                header(out, sample.name(), sample.help(), sample.type().prometheusName());
                lastFamily = sample.name();
            }
            line(out, sample.name(), sample.labels(), sample.value());
        }
        renderKafka(out, kafkaMetrics == null ? Map.of() : kafkaMetrics);
        return out.toString();
    }

    private static void renderKafka(final StringBuilder out, final Map<MetricName, ? extends Metric> kafkaMetrics) {
        // family name -> (label text -> line), so each family is contiguous and output is deterministic
        final SortedMap<String, SortedMap<String, String>> families = new TreeMap<>();
        final Map<String, String> helps = new TreeMap<>();
        for (final Map.Entry<MetricName, ? extends Metric> entry : kafkaMetrics.entrySet()) {
            final Object value;
            try {
                value = entry.getValue().metricValue();
            } catch (final RuntimeException e) {
                continue; // a metric whose gauge throws (e.g. a closed store) must not break the scrape
            }
            if (!(value instanceof Number) || Double.isNaN(((Number) value).doubleValue())) {
                continue;
            }
            final MetricName metricName = entry.getKey();
            final String family = kafkaFamily(metricName);
            final SortedMap<String, String> labels = new TreeMap<>();
            final Set<String> seen = new HashSet<>();
            for (final Map.Entry<String, String> tag : new TreeMap<>(metricName.tags()).entrySet()) {
                final String label = sanitizeLabel(tag.getKey());
                if (seen.add(label)) {
                    labels.put(label, tag.getValue() == null ? "" : tag.getValue());
                }
            }
            final StringBuilder sample = new StringBuilder();
            line(sample, family, labels, ((Number) value).doubleValue() * kafkaScale(metricName));
            families.computeIfAbsent(family, f -> new TreeMap<>()).putIfAbsent(labels.toString(), sample.toString());
            helps.putIfAbsent(family, metricName.description() == null || metricName.description().isBlank()
                    ? "Kafka metric " + metricName.name() + " of group " + metricName.group() : metricName.description());
        }
        for (final Map.Entry<String, SortedMap<String, String>> family : families.entrySet()) {
            header(out, family.getKey(), helps.get(family.getKey()),
                    family.getKey().endsWith("_total") ? "counter" : "gauge");
            family.getValue().values().forEach(out::append);
        }
    }

    /**
     * The Prometheus name of a Kafka metric, as {@code promtool check metrics} wants it: in base units
     * ({@code io-time-ns-total} becomes {@code io_time_seconds_total}, its value scaled by {@link #kafkaScale});
     * a name ending in {@code -total} is Kafka's cumulative sum or count, so it is exported as a counter (see
     * {@link #renderKafka}); a gauge ending in {@code -count} (e.g. {@code connection-count}, the connections open
     * now) gets {@code _current}, since {@code _count} is reserved for histograms and summaries.
     */
    static String kafkaFamily(final MetricName metricName) {
        final StringBuilder name = new StringBuilder(KAFKA_PREFIX).append(sanitize(metricName.group()));
        for (final String token : sanitize(metricName.name()).split("_", -1)) {
            final BaseUnit unit = BASE_UNITS.get(token);
            name.append('_').append(unit == null ? token : unit.name());
        }
        return name.toString().endsWith("_count") ? name + "_current" : name.toString();
    }

    /** What a Kafka metric's value is multiplied by to be in the base unit its Prometheus name says. */
    static double kafkaScale(final MetricName metricName) {
        double scale = 1;
        for (final String token : sanitize(metricName.name()).split("_", -1)) {
            final BaseUnit unit = BASE_UNITS.get(token);
            scale *= unit == null ? 1 : unit.factor();
        }
        return scale;
    }

    /** A base unit and the factor from the abbreviated unit it replaces. */
    private record BaseUnit(String name, double factor) {
    }

    /** The abbreviated units promtool's linter refuses in a name, as base units. */
    private static final Map<String, BaseUnit> BASE_UNITS = Map.ofEntries(
            Map.entry("ns", new BaseUnit("seconds", 1e-9)), Map.entry("us", new BaseUnit("seconds", 1e-6)),
            Map.entry("ms", new BaseUnit("seconds", 1e-3)), Map.entry("s", new BaseUnit("seconds", 1)),
            Map.entry("sec", new BaseUnit("seconds", 1)), Map.entry("m", new BaseUnit("seconds", 60)),
            Map.entry("h", new BaseUnit("seconds", 3600)), Map.entry("d", new BaseUnit("seconds", 86400)),
            Map.entry("b", new BaseUnit("bytes", 1)), Map.entry("kb", new BaseUnit("bytes", 1024)),
            Map.entry("mb", new BaseUnit("bytes", 1024.0 * 1024)),
            Map.entry("gb", new BaseUnit("bytes", 1024.0 * 1024 * 1024)));

    private static void header(final StringBuilder out, final String name, final String help, final String type) {
        if (help != null && !help.isEmpty()) {
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        }
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(final StringBuilder out, final String name, final Map<String, String> labels,
                             final double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(formatValue(value)).append('\n');
    }

    /** Integral values without a decimal point, infinities as {@code +Inf}/{@code -Inf}. */
    static String formatValue(final double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** Maps any character outside {@code [a-zA-Z0-9_]} to {@code _}. */
    static String sanitize(final String raw) {
        final StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    private static String sanitizeLabel(final String raw) {
        final String s = sanitize(raw);
        return s.isEmpty() || Character.isDigit(s.charAt(0)) || s.startsWith("__") ? "tag_" + s : s;
    }

    private static String escapeLabelValue(final String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(final String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
