package io.oomstream.alert;

import io.oomstream.incident.IncidentRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The Alertmanager stage's engine, free of Kafka and HTTP: it takes incident records (the whole current
 * state of one incident each, newest last) and says which alerts are due for posting, and learns from the
 * caller whether the posts went through.
 *
 * <ul>
 *   <li>One alert per incident: an incident's record replaces the previous one.</li>
 *   <li>A new or changed incident is due at once; an open one again every resend interval, each time with
 *       {@code endsAt} {@value #EXPIRY_RESENDS} resend intervals ahead (as Prometheus does), so that it expires
 *       on its own if nobody posts it any more.</li>
 *   <li>A closed incident is posted once more, resolved ({@code endsAt} = its {@code closed_at}, never after the
 *       moment the close was seen, never before the start), then forgotten. A closed record older than the
 *       expiry, met while reading the topic from its start, is history and ignored: its alert has expired.</li>
 *   <li>The labels are a function of the record ({@link IncidentAlert}); when they change (severity rises,
 *       fleet metadata changes), the alert under the old labels is resolved in the same post, so there is
 *       still one firing alert for the incident.</li>
 *   <li>A failed post is retried after 1 s, doubling up to the resend interval; after {@value #MAX_ATTEMPTS}
 *       failed attempts its alerts are dead letters (the caller counts and logs them): a resolution is
 *       dropped (the alert expires by its {@code endsAt}), an open incident stays and is tried again at its
 *       next resend.</li>
 * </ul>
 * Not thread-safe: one loop calls {@link #accept}, {@link #due} and then {@link #delivered} or {@link #failed}
 * with what {@link #due} returned.
 */
public final class AlertBook {

    /** A firing alert's {@code endsAt} is this many resend intervals ahead (Prometheus uses the same factor). */
    public static final int EXPIRY_RESENDS = 4;
    /** Failed posts of one delivery before its alerts become dead letters. */
    public static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final Duration resend;
    private final LinkTemplate link;
    private final Map<String, Entry> entries = new TreeMap<>();

    /** What is known and was posted of one incident. */
    private static final class Entry {
        private IncidentAlert current;
        /** When the first record of the incident was seen: the start when its opened_at is unreadable. */
        private Instant firstSeen;
        /** The resolved alert's end; null while open. */
        private Instant resolvedEnd;
        private Instant lastDelivered;
        private boolean changed = true;
        /** Resolutions of label sets the incident no longer has. */
        private final List<Alert> retired = new ArrayList<>();
        private int failures;
        private Instant retryAt;
    }

    /** The alerts of one incident to post in one go. */
    public record Delivery(String incidentId, List<Alert> alerts) {
        public Delivery {
            alerts = List.copyOf(alerts);
        }
    }

    public AlertBook(final Duration resend, final LinkTemplate link) {
        if (resend.isNegative() || resend.isZero()) {
            throw new IllegalArgumentException("resend interval must be positive: " + resend);
        }
        this.resend = resend;
        this.link = link;
    }

    /** How long a firing alert lives in Alertmanager without another post. */
    public Duration expiry() {
        return resend.multipliedBy(EXPIRY_RESENDS);
    }

    /**
     * Takes the latest state of one incident.
     *
     * @param recordTime when oomstream wrote the record (the Kafka record timestamp: processing time)
     * @param now        the clock
     * @return false when the record was ignored (a closed incident long gone)
     */
    public boolean accept(final IncidentRecord record, final Instant recordTime, final Instant now) {
        final IncidentAlert alert = IncidentAlert.of(record, link);
        Entry e = entries.get(record.incidentId());
        if (e == null) {
            if (alert.closed() && recordTime.plus(expiry()).isBefore(now)) {
                return false;
            }
            e = new Entry();
            e.firstSeen = now;
            entries.put(record.incidentId(), e);
        } else if (e.current.equals(alert) && (e.resolvedEnd != null) == alert.closed()) {
            return true; // the same state again (a replay, a restart): nothing new to say
        } else if (e.lastDelivered != null && !e.current.labels().equals(alert.labels())) {
            final Instant start = start(e, now);
            e.retired.add(new Alert(e.current.labels(), e.current.annotations(), start, later(start, now),
                    generatorUrl(e.current)));
        }
        e.current = alert;
        e.changed = true;
        e.resolvedEnd = alert.closed() ? clamp(alert.closedAt(), start(e, now), now) : null;
        return true;
    }

    /** The deliveries due at {@code now}, by incident id. */
    public List<Delivery> due(final Instant now) {
        final List<Delivery> out = new ArrayList<>();
        entries.forEach((id, e) -> {
            if (e.retryAt != null && now.isBefore(e.retryAt)) {
                return;
            }
            final boolean resendDue = e.lastDelivered == null || !now.isBefore(e.lastDelivered.plus(resend));
            if (!e.changed && !resendDue && e.resolvedEnd == null && e.retired.isEmpty()) {
                return;
            }
            final List<Alert> alerts = new ArrayList<>(e.retired);
            final Instant start = start(e, now);
            final Instant end = e.resolvedEnd != null ? e.resolvedEnd : now.plus(expiry());
            alerts.add(new Alert(e.current.labels(), e.current.annotations(), start, end, generatorUrl(e.current)));
            out.add(new Delivery(id, alerts));
        });
        return out;
    }

    /** Alertmanager took {@code deliveries}. */
    public void delivered(final Collection<Delivery> deliveries, final Instant now) {
        for (final Delivery d : deliveries) {
            final Entry e = entries.get(d.incidentId());
            if (e == null) {
                continue;
            }
            e.lastDelivered = now;
            e.changed = false;
            e.failures = 0;
            e.retryAt = null;
            e.retired.removeAll(d.alerts());
            if (e.resolvedEnd != null && e.retired.isEmpty()) {
                entries.remove(d.incidentId());
            }
        }
    }

    /**
     * No Alertmanager took {@code deliveries}: schedules the retry.
     *
     * @return the alerts given up on (dead letters)
     */
    public List<Alert> failed(final Collection<Delivery> deliveries, final Instant now) {
        final List<Alert> dead = new ArrayList<>();
        for (final Delivery d : deliveries) {
            final Entry e = entries.get(d.incidentId());
            if (e == null) {
                continue;
            }
            e.failures++;
            if (e.failures < MAX_ATTEMPTS) {
                final Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(30, e.failures - 1));
                e.retryAt = now.plus(backoff.compareTo(resend) < 0 ? backoff : resend);
                continue;
            }
            dead.addAll(d.alerts());
            e.retired.clear();
            e.failures = 0;
            if (e.resolvedEnd != null) {
                entries.remove(d.incidentId());
            } else {
                e.retryAt = now.plus(resend);
            }
        }
        return dead;
    }

    /** Drops the incidents whose ids match, without resolving them (another instance now owns them). */
    public void forget(final Predicate<String> incidentIds) {
        entries.keySet().removeIf(incidentIds);
    }

    /** Open incidents: alerts firing (or about to be). */
    public int open() {
        return (int) entries.values().stream().filter(e -> e.resolvedEnd == null).count();
    }

    /** Incidents tracked, open or waiting for their resolution to be posted. */
    public int tracked() {
        return entries.size();
    }

    private static Instant start(final Entry e, final Instant now) {
        final Instant opened = e.current.startsAt() != null ? e.current.startsAt() : e.firstSeen;
        // Alertmanager refuses endsAt before startsAt; a log clock ahead of ours must not make that happen.
        return opened.isAfter(now) ? now : opened;
    }

    private static Instant clamp(final Instant t, final Instant min, final Instant max) {
        return t.isBefore(min) ? min : t.isAfter(max) ? max : t;
    }

    private static Instant later(final Instant a, final Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String generatorUrl(final IncidentAlert a) {
        return LinkTemplate.isHttpUrl(a.link()) ? a.link() : null;
    }
}
