package io.oomstream.alert;

import io.oomstream.event.Json;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident records in, posts to Alertmanager out: the {@link AlertBook} driven by a clock, posting with an
 * {@link AlertmanagerClient}, counting in {@link Metrics}. Whatever feeds it (a Kafka consumer in {@code run},
 * a test) calls {@link #accept} for every record and {@link #tick} often (about once a second).
 *
 * <p>Metrics: {@value #POSTED} (alerts Alertmanager took, by {@code state} firing or resolved),
 * {@value #POSTS} (HTTP posts, by {@code alertmanager} and {@code result}), {@value #DEAD_LETTERS} (alerts
 * given up on after {@value AlertBook#MAX_ATTEMPTS} failed posts, each logged with its JSON),
 * {@value #UNREADABLE} (incident records that are not incidents, skipped), {@value #OPEN} (incidents firing).
 */
public final class AlertPump {

    public static final String POSTED = "oomstream_alerts_posted_total";
    public static final String POSTS = "oomstream_alertmanager_posts_total";
    public static final String DEAD_LETTERS = "oomstream_alerts_dead_letters_total";
    public static final String UNREADABLE = "oomstream_alerts_unreadable_records_total";
    public static final String OPEN = "oomstream_alerts_open";
    /** Alerts per post (Prometheus's notifier uses the same batch size). */
    static final int MAX_BATCH = 64;
    /**
     * No new batch starts after this much time in one tick: the rest stays due for the next one, so a slow
     * Alertmanager never keeps the feeding consumer from polling (its max.poll.interval.ms is 5 minutes).
     */
    static final Duration TICK_BUDGET = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(AlertPump.class);

    private final AlertBook book;
    private final AlertmanagerClient client;
    private final Clock clock;
    private final Metrics metrics;
    private final Metrics.Counter firing;
    private final Metrics.Counter resolved;
    private final Metrics.Counter dead;
    private final Metrics.Counter unreadable;
    private final Metrics.Gauge open;

    public AlertPump(final AlertBook book, final AlertmanagerClient client, final Clock clock, final Metrics metrics) {
        this.book = book;
        this.client = client;
        this.clock = clock;
        this.metrics = metrics;
        this.firing = metrics.counter(POSTED, "Alerts Alertmanager took, by state", "state", "firing");
        this.resolved = metrics.counter(POSTED, "Alerts Alertmanager took, by state", "state", "resolved");
        this.dead = metrics.counter(DEAD_LETTERS, "Alerts given up on after repeated failed posts (logged)");
        this.unreadable = metrics.counter(UNREADABLE, "Incident records the alert stage could not read (skipped)");
        this.open = metrics.gauge(OPEN, "Incidents whose alert is firing");
        for (final URI endpoint : client.endpoints()) {
            posts(endpoint, true);
            posts(endpoint, false);
        }
    }

    /**
     * Takes one record of the incidents topic; a value that is not an incident is logged and counted.
     *
     * @param recordTime the record's timestamp (when oomstream wrote it)
     */
    public void accept(final String key, final byte[] value, final Instant recordTime) {
        final IncidentRecord record;
        try {
            record = Json.MAPPER.readValue(value, IncidentRecord.class);
        } catch (final IOException | RuntimeException e) {
            unreadable.inc();
            LOG.warn("incident record {} is not an incident, skipped: {}", key, e.getMessage());
            return;
        }
        if (record.incidentId() == null || record.status() == null) {
            unreadable.inc();
            LOG.warn("incident record {} has no incident_id or status, skipped", key);
            return;
        }
        book.accept(record, recordTime, clock.instant());
        open.set(book.open());
    }

    /** Forgets incidents another instance now alerts on (their partition moved). */
    public void forget(final Predicate<String> incidentIds) {
        book.forget(incidentIds);
        open.set(book.open());
    }

    /**
     * Posts what is due, in batches; stops at the first batch no Alertmanager took (the rest are retried
     * with it, so a down Alertmanager costs one timeout per tick, not one per batch).
     *
     * @return the number of alerts Alertmanager took
     */
    public int tick() throws InterruptedException {
        final Instant now = clock.instant();
        final List<List<AlertBook.Delivery>> batches = batches(book.due(now));
        final long started = System.nanoTime();
        int took = 0;
        for (int b = 0; b < batches.size() && System.nanoTime() - started < TICK_BUDGET.toNanos(); b++) {
            final List<AlertBook.Delivery> batch = batches.get(b);
            final AlertmanagerClient.Outcome outcome = post(batch);
            if (outcome.delivered()) {
                took += delivered(batch, now);
                continue;
            }
            if (outcome.refused() && batch.size() > 1) {
                // Alertmanager refuses the request itself (one malformed alert fails the whole batch): post the
                // incidents one by one, so one bad alert cannot keep the others from ever arriving.
                for (final AlertBook.Delivery d : batch) {
                    if (post(List.of(d)).delivered()) {
                        took += delivered(List.of(d), now);
                    } else {
                        fail(List.of(d), now);
                    }
                }
                continue;
            }
            final List<AlertBook.Delivery> rest = new ArrayList<>();
            batches.subList(b, batches.size()).forEach(rest::addAll);
            fail(rest, now);
            break;
        }
        open.set(book.open());
        return took;
    }

    private AlertmanagerClient.Outcome post(final List<AlertBook.Delivery> deliveries) throws InterruptedException {
        final List<Alert> alerts = deliveries.stream().flatMap(d -> d.alerts().stream()).toList();
        final AlertmanagerClient.Outcome outcome = client.post(alerts);
        for (final AlertmanagerClient.Attempt a : outcome.attempts()) {
            posts(a.endpoint(), a.ok()).inc();
            if (!a.ok()) {
                LOG.warn("Alertmanager {} did not take {} alert(s): {}", a.endpoint(), alerts.size(), a.error());
            }
        }
        return outcome;
    }

    private int delivered(final List<AlertBook.Delivery> deliveries, final Instant now) {
        book.delivered(deliveries, now);
        int n = 0;
        for (final AlertBook.Delivery d : deliveries) {
            for (final Alert a : d.alerts()) {
                (a.resolvedAt(now) ? resolved : firing).inc();
                n++;
            }
        }
        return n;
    }

    private void fail(final List<AlertBook.Delivery> deliveries, final Instant now) {
        for (final Alert a : book.failed(deliveries, now)) {
            dead.inc();
            LOG.error("alert given up after {} failed posts (dead letter): {}", AlertBook.MAX_ATTEMPTS,
                    Alert.toJson(List.of(a)));
        }
    }

    private Metrics.Counter posts(final URI endpoint, final boolean ok) {
        return metrics.counter(POSTS, "Posts to Alertmanager, by Alertmanager and result", "alertmanager",
                endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()), "result", ok ? "ok" : "error");
    }

    /** Deliveries grouped so that no batch exceeds {@value #MAX_BATCH} alerts (one incident is never split). */
    static List<List<AlertBook.Delivery>> batches(final List<AlertBook.Delivery> due) {
        final List<List<AlertBook.Delivery>> out = new ArrayList<>();
        List<AlertBook.Delivery> current = new ArrayList<>();
        int size = 0;
        for (final AlertBook.Delivery d : due) {
            if (!current.isEmpty() && size + d.alerts().size() > MAX_BATCH) {
                out.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(d);
            size += d.alerts().size();
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
