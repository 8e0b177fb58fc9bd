package io.oomstream.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AlertmanagerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which alerts are due when, with a clock the test moves: first post, resends, resolution, retries. */
class AlertBookTest {

    private static final Duration RESEND = Duration.ofMinutes(1);
    /** Processing time: an hour and a half after the kills of the fixtures. */
    private static final Instant NOW = Instant.parse("2026-03-01T11:30:00Z");

    private final AlertBook book = new AlertBook(RESEND, new LinkTemplate(AlertmanagerSettings.DEFAULT_LINK_TEMPLATE));

    @Test
    void shouldPostANewIncidentAtOnceFiringForFourResendIntervals() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);

        final List<AlertBook.Delivery> due = book.due(NOW);
        assertEquals(1, due.size());
        final Alert a = single(due);
        assertEquals("web-01:4f1c2a9b7e3d5a6c8b01", a.labels().get("incident_id"));
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), a.startsAt());
        assertEquals(NOW.plus(Duration.ofMinutes(4)), a.endsAt());
        assertFalse(a.resolvedAt(NOW));
        assertEquals(1, book.open());
    }

    @Test
    void shouldRepostAnOpenIncidentOnlyWhenTheResendIntervalHasPassed() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);
        book.delivered(book.due(NOW), NOW);

        assertTrue(book.due(NOW.plusSeconds(59)).isEmpty());
        final List<AlertBook.Delivery> again = book.due(NOW.plusSeconds(60));
        assertEquals(NOW.plusSeconds(60).plus(Duration.ofMinutes(4)), single(again).endsAt(), "expiry moves on");
    }

    @Test
    void shouldPostTheSameStateAgainOnlyAtTheResendInterval() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);
        book.delivered(book.due(NOW), NOW);

        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW.plusSeconds(5), NOW.plusSeconds(5));

        assertTrue(book.due(NOW.plusSeconds(5)).isEmpty(), "a replayed record is no news");
    }

    @Test
    void shouldPostAChangedIncidentAtOnce() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);
        book.delivered(book.due(NOW), NOW);

        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), NOW.plusSeconds(5), NOW.plusSeconds(5));

        assertEquals(1, book.due(NOW.plusSeconds(5)).size());
    }

    @Test
    void shouldResolveAClosedIncidentAtItsClosedAtAndThenForgetIt() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);
        book.delivered(book.due(NOW), NOW);
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), NOW.plusSeconds(5), NOW.plusSeconds(5));

        final Alert resolved = single(book.due(NOW.plusSeconds(5)));
        assertEquals(Instant.parse("2026-03-01T11:09:55Z"), resolved.endsAt());
        assertTrue(resolved.resolvedAt(NOW.plusSeconds(5)));
        assertEquals(0, book.open());

        book.delivered(book.due(NOW.plusSeconds(5)), NOW.plusSeconds(5));
        assertEquals(0, book.tracked());
        assertTrue(book.due(NOW.plusSeconds(600)).isEmpty(), "resolved once, then nothing");
    }

    @Test
    void shouldNeverEndAnAlertAfterTheMomentItsCloseWasSeen() {
        // The log clock runs ahead of oomstream's: closed_at is still in the future when the close arrives.
        final Instant seen = Instant.parse("2026-03-01T10:30:00Z");
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), seen, seen);

        assertEquals(seen, single(book.due(seen)).endsAt());
    }

    @Test
    void shouldResolveTheOldLabelsWhenTheSeverityChanges() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_FIRST_KILL), NOW, NOW);
        book.delivered(book.due(NOW), NOW);
        final Instant later = NOW.plusSeconds(10);

        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), later, later);

        final List<AlertBook.Delivery> due = book.due(later);
        assertEquals(1, due.size());
        final List<Alert> alerts = due.get(0).alerts();
        assertEquals(2, alerts.size());
        assertEquals("low", alerts.get(0).labels().get("severity"));
        assertEquals(later, alerts.get(0).endsAt(), "the low-severity alert of the incident resolves now");
        assertEquals("high", alerts.get(1).labels().get("severity"));
        assertFalse(alerts.get(1).resolvedAt(later));

        book.delivered(due, later);
        assertEquals("high", single(book.due(later.plus(RESEND))).labels().get("severity"),
                "the old labels are resolved once, not again");
    }

    @Test
    void shouldNotResolveLabelsThatWereNeverPosted() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_FIRST_KILL), NOW, NOW);
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);

        assertEquals(1, book.due(NOW).get(0).alerts().size(), "catching up posts the latest state only");
    }

    @Test
    void shouldIgnoreAClosedIncidentWhoseAlertHasLongExpired() {
        final Instant written = NOW.minus(Duration.ofMinutes(5));

        assertFalse(book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), written, NOW));
        assertTrue(book.due(NOW).isEmpty());
        assertTrue(book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), NOW.minus(Duration.ofMinutes(3)), NOW),
                "younger than the expiry: its alert may still fire, resolve it");
    }

    @Test
    void shouldRetryWithADoublingBackoffThenGiveUpOnAResolution() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CLOSED), NOW, NOW);
        Instant t = NOW;
        final long[] waits = {1, 2, 4, 8};
        for (final long wait : waits) {
            assertTrue(book.failed(book.due(t), t).isEmpty());
            assertTrue(book.due(t.plusSeconds(wait).minusMillis(1)).isEmpty(), "not before " + wait + " s");
            t = t.plusSeconds(wait);
        }
        final List<Alert> dead = book.failed(book.due(t), t);

        assertEquals(1, dead.size(), "the fifth failure gives up");
        assertEquals(0, book.tracked(), "a resolution given up is dropped: the alert expires by its endsAt");
    }

    @Test
    void shouldKeepAnOpenIncidentAfterGivingUpAndTryAgainAtTheNextResend() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);
        Instant t = NOW;
        for (int attempt = 1; attempt < AlertBook.MAX_ATTEMPTS; attempt++) {
            book.failed(book.due(t), t);
            t = t.plus(RESEND);
        }
        assertEquals(1, book.failed(book.due(t), t).size());

        assertEquals(1, book.open());
        assertTrue(book.due(t.plus(RESEND).minusMillis(1)).isEmpty());
        assertEquals(1, book.due(t.plus(RESEND)).size());
    }

    @Test
    void shouldForgetIncidentsWithoutResolvingThem() {
        book.accept(AlertFixtures.record(AlertFixtures.WEB_01_CASCADE), NOW, NOW);
        book.accept(AlertFixtures.record(AlertFixtures.FLEET_TOMCAT), NOW, NOW);

        book.forget(id -> id.startsWith("fleet:"));

        assertEquals(1, book.tracked());
        assertEquals("OomKillIncident", single(book.due(NOW)).labels().get("alertname"));
    }

    private static Alert single(final List<AlertBook.Delivery> due) {
        assertEquals(1, due.size());
        assertEquals(1, due.get(0).alerts().size());
        return due.get(0).alerts().get(0);
    }
}
