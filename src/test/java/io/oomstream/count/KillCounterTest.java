package io.oomstream.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.event.IncompleteReason;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.event.Json;
import io.oomstream.offline.OfflineIncidents;
import io.oomstream.testing.Events;
import io.oomstream.testing.EventSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tumbling kill-count windows on log time: closing with grace, corrections for late kills, retention, restarts. */
class KillCounterTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final KillDimensions JAVA = new KillDimensions("java", "prod", "dc1", "web-platform");
    private static final KillDimensions NGINX = new KillDimensions("nginx", "prod", "dc1", "web-platform");

    private final InMemoryKillCountStore store = new InMemoryKillCountStore();
    private final KillCounter counter = new KillCounter(WINDOW, GRACE, RETENTION, store);
    private final List<KillCount> out = new ArrayList<>();

    @Test
    void shouldEmitAWindowOnlyOnceStreamTimePassesItsEndPlusGrace() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        kill(NGINX, "2026-03-01T10:00:50Z");
        kill(JAVA, "2026-03-01T10:01:29Z");
        assertEquals(List.of(), out, "10:01:29 is still within the 10:00 window's grace");

        kill(JAVA, "2026-03-01T10:01:30Z");

        assertEquals(List.of(count(JAVA, "10:00", 1), count(NGINX, "10:00", 1)), out);
        out.forEach(c -> {
            EventSchema.assertValid("kill-count.schema.json", c);
            EventSchema.assertValid("kill-count-key.schema.json", c.key());
        });
    }

    @Test
    void shouldCountALateKillWithinTheGraceInItsWindow() {
        kill(JAVA, "2026-03-01T10:01:20Z");
        assertEquals(KillCounter.Arrival.IN_TIME, kill(JAVA, "2026-03-01T10:00:59Z"));
        kill(JAVA, "2026-03-01T10:01:30Z");

        assertEquals(List.of(count(JAVA, "10:00", 1)), out);
    }

    @Test
    void shouldReEmitAnEmittedWindowWithTheCorrectedCountWhenAKillArrivesAfterItsGrace() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        kill(JAVA, "2026-03-01T10:05:00Z");
        assertEquals(List.of(count(JAVA, "10:00", 1)), out);
        out.clear();

        assertEquals(KillCounter.Arrival.CORRECTION, kill(JAVA, "2026-03-01T10:00:58Z"));
        assertEquals(KillCounter.Arrival.CORRECTION, kill(NGINX, "2026-03-01T10:00:20Z"));

        assertEquals(List.of(count(JAVA, "10:00", 2), count(NGINX, "10:00", 1)), out,
                "same key as the first emission, so an upsert by key ends with 2");
        assertEquals(out.get(0).key(), count(JAVA, "10:00", 1).key());
        assertEquals(List.of(count(JAVA, "10:05", 1)), counter.flush(), "the open window is not touched");
    }

    @Test
    void shouldRefuseAKillWhoseWindowIsOlderThanTheRetentionRatherThanOverwriteItsCount() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        kill(JAVA, "2026-03-01T10:00:20Z");
        kill(JAVA, "2026-03-01T10:59:59Z");
        assertEquals(List.of(count(JAVA, "10:00", 2)), out);
        out.clear();

        assertEquals(KillCounter.Arrival.CORRECTION, kill(JAVA, "2026-03-01T10:00:30Z"),
                "stream time 10:59:59 minus one hour is 09:59:59: the 10:00 window is still kept");
        assertEquals(List.of(count(JAVA, "10:00", 3)), out);
        out.clear();
        kill(JAVA, "2026-03-01T11:01:01Z");
        out.clear();

        assertEquals(KillCounter.Arrival.TOO_OLD, kill(JAVA, "2026-03-01T10:00:40Z"));
        assertEquals(List.of(), out, "emitting 1 for the 10:00 window would overwrite its count of 3");
    }

    @Test
    void shouldForgetEmittedWindowsOnceTheRetentionHasPassed() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        kill(NGINX, "2026-03-01T10:30:10Z");
        kill(JAVA, "2026-03-01T12:00:00Z");

        assertEquals(List.of(count(JAVA, "10:00", 1), count(NGINX, "10:30", 1)), out);
        assertEquals(3, store.size(), "stream time, horizon and the open 12:00 window: both emitted windows forgotten");
    }

    @Test
    void shouldCarryOnAfterARestartWithoutEmittingTwiceOrForgettingAnOpenWindow() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        kill(JAVA, "2026-03-01T10:01:10Z");
        kill(JAVA, "2026-03-01T10:01:40Z");
        assertEquals(List.of(count(JAVA, "10:00", 1)), out);

        final KillCounter restarted = new KillCounter(WINDOW, GRACE, RETENTION, store);
        assertEquals(Instant.parse("2026-03-01T10:01:40Z"), restarted.streamTime());
        assertEquals(List.of(), restarted.advance(Instant.parse("2026-03-01T10:01:45Z")),
                "the 10:00 window was emitted before the restart");

        assertEquals(List.of(count(JAVA, "10:01", 2)), restarted.advance(Instant.parse("2026-03-01T10:02:30Z")));
        assertEquals(KillCounter.Arrival.CORRECTION,
                restarted.onKill(JAVA, Instant.parse("2026-03-01T10:00:50Z")).arrival());
    }

    @Test
    void shouldNotMoveStreamTimeBackNorEmitOnAnOlderTick() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        assertEquals(List.of(), counter.advance(Instant.parse("2026-03-01T09:00:00Z")));
        assertEquals(Instant.parse("2026-03-01T10:00:10Z"), counter.streamTime());
        assertEquals(List.of(count(JAVA, "10:00", 1)), counter.advance(Instant.parse("2026-03-01T10:01:30Z")));
    }

    @Test
    void shouldCountUnknownHostsUnderNullDimensionsAndFlushOpenWindowsAtTheEnd() {
        assertNull(counter.streamTime());
        kill(new KillDimensions("java", null, null, null), "2026-03-01T10:00:10Z");

        final List<KillCount> flushed = counter.flush();

        assertEquals(List.of(new KillCount("java", null, null, null, "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", 1)),
                flushed);
        assertEquals("{\"service\":\"java\",\"environment\":null,\"datacenter\":null,\"team\":null,"
                + "\"window_start\":\"2026-03-01T10:00:00Z\"}", Json.write(flushed.get(0).key()),
                "the key's bytes are stable, so a re-emission overwrites it");
        assertEquals(List.of(), counter.flush(), "each window is flushed once");
    }

    @Test
    void shouldMoveAKillBetweenOpenWindowsWithoutEmittingTheEmptiedOne() {
        kill(new KillDimensions("java", null, null, null), "2026-03-01T10:00:10Z");

        counter.onRetraction(new KillDimensions("java", null, null, null), Instant.parse("2026-03-01T10:00:10Z"));
        kill(JAVA, "2026-03-01T10:00:10Z");

        assertEquals(List.of(count(JAVA, "10:00", 1)), counter.flush(), "no window of 0 for the unknown host");
    }

    @Test
    void shouldReEmitAnEmittedWindowWithTheLowerCountEvenZeroWhenItsKillMoves() {
        kill(NGINX, "2026-03-01T10:00:10Z");
        kill(JAVA, "2026-03-01T10:05:00Z");
        assertEquals(List.of(count(NGINX, "10:00", 1)), out);
        out.clear();

        final KillCounter.Counted taken = counter.onRetraction(NGINX, Instant.parse("2026-03-01T10:00:10Z"));
        kill(JAVA, "2026-03-01T10:00:10Z");

        assertEquals(List.of(count(NGINX, "10:00", 0)), taken.emitted(), "0 overwrites the 1 already upserted");
        assertEquals(List.of(count(JAVA, "10:00", 1)), out);
        EventSchema.assertValid("kill-count.schema.json", taken.emitted().get(0));
    }

    @Test
    void shouldTakeNothingBackFromAWindowThatNeverCountedTheKill() {
        kill(JAVA, "2026-03-01T10:05:00Z");

        assertEquals(List.of(), counter.onRetraction(NGINX, Instant.parse("2026-03-01T10:00:10Z")).emitted());
        assertEquals(List.of(), counter.onRetraction(NGINX, Instant.parse("2026-03-01T10:05:10Z")).emitted());
        assertEquals(List.of(count(JAVA, "10:05", 1)), counter.flush());
    }

    @Test
    void shouldCountAbsurdLogTimesWithoutOverflowing() {
        final KillCounter early = new KillCounter(WINDOW, GRACE, RETENTION, new InMemoryKillCountStore());
        assertEquals(KillCounter.Arrival.IN_TIME, early.onKill(JAVA, Instant.MIN).arrival());
        assertEquals(KillCounter.Arrival.IN_TIME, early.onKill(JAVA, Instant.MIN.plusSeconds(30)).arrival());
        final List<KillCount> flushed = early.flush();
        assertEquals(1, flushed.size());
        assertEquals(2, flushed.get(0).count());

        assertEquals(KillCounter.Arrival.IN_TIME, counter.onKill(JAVA, Instant.MAX).arrival());
        assertEquals(KillCounter.Arrival.TOO_OLD, counter.onKill(JAVA, Instant.EPOCH).arrival());
        assertEquals(1, counter.flush().size());
    }

    @Test
    void shouldNotLetARaisedRetentionCountIntoAWindowAlreadyForgotten() {
        kill(JAVA, "2026-03-01T10:00:10Z");
        kill(JAVA, "2026-03-01T10:00:20Z");
        kill(JAVA, "2026-03-01T11:05:00Z");
        assertEquals(List.of(count(JAVA, "10:00", 2)), out, "emitted, then forgotten at 10:05");

        final KillCounter longer = new KillCounter(WINDOW, GRACE, Duration.ofDays(1), store);

        assertEquals(KillCounter.Arrival.TOO_OLD, longer.onKill(JAVA, Instant.parse("2026-03-01T10:00:30Z")).arrival(),
                "counting it from 1 would overwrite the 2 already emitted");
        assertEquals(KillCounter.Arrival.CORRECTION,
                longer.onKill(JAVA, Instant.parse("2026-03-01T10:06:00Z")).arrival(), "after the horizon: counted");
    }

    private KillCounter.Arrival kill(final KillDimensions d, final String time) {
        final KillCounter.Counted c = counter.onKill(d, Instant.parse(time));
        out.addAll(c.emitted());
        return c.arrival();
    }

    private static KillCount count(final KillDimensions d, final String hhmm, final long n) {
        final Instant start = Instant.parse("2026-03-01T" + hhmm + ":00Z");
        return KillCount.of(d, start, start.plus(WINDOW), n);
    }

    @Test
    void shouldNeverCountAReportWithoutAKillAloneOrAmongRealKills() {
        final OfflineIncidents alone = new OfflineIncidents(null, IncidentSettings.defaults());
        alone.accept(Events.reportWithoutKill("etl-01", "2026-03-01T10:00:05Z", "spark",
                IncompleteReason.TRUNCATED).build());
        assertEquals(List.of(), alone.counts(), "a truncated report alone counts nothing");

        final OfflineIncidents mixed = new OfflineIncidents(null, IncidentSettings.defaults());
        mixed.accept(Events.kill("etl-02", "2026-03-01T10:00:10Z", "java").build());
        mixed.accept(Events.reportWithoutKill("etl-01", "2026-03-01T10:00:20Z", "java",
                IncompleteReason.NO_KILL_LINE).build());
        mixed.accept(Events.kill("etl-03", "2026-03-01T10:00:30Z", "java").build());
        final List<KillCount> counts = mixed.counts();
        assertEquals(2, counts.stream().mapToLong(KillCount::count).sum(), counts.toString());
    }

    @Test
    void shouldCountAReportOnceWhenItIsEmittedFirstWithoutAndThenWithItsKill() {
        final OfflineIncidents offline = new OfflineIncidents(null, IncidentSettings.defaults());
        offline.accept(Events.reportWithoutKill("etl-01", "2026-03-01T10:00:20Z", "java",
                IncompleteReason.IDLE_TIMEOUT).build());
        offline.accept(Events.kill("etl-01", "2026-03-01T10:00:20Z", "java").build());
        assertEquals(1, offline.counts().stream().mapToLong(KillCount::count).sum());
    }

}
