package io.oomstream.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.enrich.FleetHost;
import io.oomstream.event.IncompleteReason;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.Kill;
import io.oomstream.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kill ledger: each kill once by event id, moves, the one horizon, the tick clock; its state in its store. */
class KillLedgerTest {

    /** Processing time: after every log time used, so nothing is capped unless a test says so. */
    private static final long WALL = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final FleetHost DB_9 = new FleetHost("db-9", "dc1", "prod", "db", "data", null, null, null, List.of());

    private record Sent(KillDimensions dimensions, CountFeed item, Instant time) {
    }

    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private final List<Sent> sent = new ArrayList<>();
    private final KillLedger ledger = ledger(IncidentSettings.defaults());

    @Test
    void shouldCountAKillOnceByEventIdHoweverOftenItIsEmitted() {
        final Kill kill = Events.kill("db-9", "2026-03-01T10:00:10Z", "mysqld").kill();

        assertEquals(KillLedger.Outcome.COUNTED, seeAndCount(kill));
        assertEquals(KillLedger.Outcome.REPEAT, seeAndCount(kill));
        assertEquals(KillLedger.Outcome.REPEAT, seeAndCount(kill));

        assertEquals(List.of(new Sent(new KillDimensions("mysqld", null, null, null),
                new CountFeed.Count(kill.summary().eventId()), Instant.parse("2026-03-01T10:00:10Z"))), sent);
    }

    @Test
    void shouldMoveARepeatThatGainedFleetFieldsFromWhereItWasCounted() {
        final Events db9 = Events.kill("db-9", "2026-03-01T10:00:10Z", "mysqld");
        seeAndCount(db9.kill());
        sent.clear();

        assertEquals(KillLedger.Outcome.MOVED, seeAndCount(db9.kill(DB_9)));

        final String id = db9.kill().summary().eventId();
        final Instant at = Instant.parse("2026-03-01T10:00:10Z");
        assertEquals(List.of(new Sent(new KillDimensions("mysqld", null, null, null), new CountFeed.Retraction(id), at),
                new Sent(new KillDimensions("mysqld", "prod", "dc1", "data"), new CountFeed.Count(id), at)), sent);
        assertEquals(KillLedger.Outcome.REPEAT, seeAndCount(db9.kill(DB_9)), "moved once, then counted there");
    }

    @Test
    void shouldNeverCountAReportWithoutAKillButCountItsKillWhenItComes() {
        final Kill without = Events.reportWithoutKill("etl-01", "2026-03-01T10:00:20Z", "java",
                IncompleteReason.IDLE_TIMEOUT).kill();
        assertTrue(without.withoutKill());

        assertEquals(KillLedger.Outcome.WITHOUT_KILL, seeAndCount(without));
        assertEquals(List.of(), sent);
        assertEquals(KillLedger.Outcome.COUNTED, seeAndCount(Events.kill("etl-01", "2026-03-01T10:00:20Z", "java")
                .kill()), "the same report emitted again with its kill is a first kill");
        assertEquals(1, sent.size());
    }

    @Test
    void shouldSendAFutureDatedKillAtProcessingTimeButKeepItsIdUnderItsLogTime() {
        final Kill future = Events.kill("skew-1", "2027-06-01T00:00:00Z", "futproc").kill();

        assertEquals(KillLedger.Outcome.COUNTED, seeAndCount(future));

        assertEquals(Instant.ofEpochMilli(WALL), sent.get(0).time(), "capped at processing time");
        assertEquals(WALL, store.ids().get("m|newest-kill"), "the horizon follows the capped time");
        assertEquals(Instant.parse("2027-06-01T00:00:00Z").toEpochMilli(),
                store.ids().get("k|" + future.summary().eventId()), "the id is kept under its log time");
    }

    @Test
    void shouldNotCountAKillDatedBefore1970() {
        assertEquals(KillLedger.Outcome.BEFORE_1970,
                seeAndCount(Events.kill("reset-1", "1969-12-31T23:59:00Z", "ancient").kill()));
        assertEquals(List.of(), sent);
    }

    @Test
    void shouldTickAfterTenQuietSecondsAtTheNewestKillTimePlusTheTimeElapsed() {
        assertFalse(ledger.tick(WALL), "no clock before the first kill");
        seeAndCount(Events.kill("a1", "2026-03-01T10:00:10Z", "java").kill());
        sent.clear();

        assertFalse(ledger.tick(WALL + 9_999));
        assertTrue(ledger.tick(WALL + 10_000));

        assertEquals(List.of(new Sent(CountFeed.TICK_KEY, CountFeed.Tick.INSTANCE,
                Instant.parse("2026-03-01T10:00:20Z"))), sent);
    }

    @Test
    void shouldNeverTickBeyondProcessingTime() {
        final KillLedger capped = ledger(IncidentSettings.defaults());
        final Kill kill = Events.kill("a1", "2026-03-01T10:00:10Z", "java").kill();
        final long wall = Instant.parse("2026-03-01T10:00:05Z").toEpochMilli();
        capped.count(kill.seen(capped.see(kill, wall)), wall);
        sent.clear();

        capped.tick(wall + 60_000);

        assertEquals(Instant.ofEpochMilli(wall + 60_000), sent.get(0).time());
    }

    @Test
    void shouldForgetIdsAndWhatTheyWereCountedAsBehindOneHorizonAndRefuseKillsBeforeIt() {
        final IncidentSettings hour = new IncidentSettings(Duration.ofMinutes(30), 3, Duration.ofMinutes(10),
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1));
        final KillLedger short1 = ledger(hour);
        final Kill old = Events.kill("a1", "2026-03-01T10:00:10Z", "java").kill();
        final Kill recent = Events.kill("a2", "2026-03-01T12:00:00Z", "java").kill();
        short1.count(old.seen(short1.see(old, WALL)), WALL);
        short1.count(recent.seen(short1.see(recent, WALL)), WALL);

        assertEquals(1, short1.forget());

        assertEquals(1, store.countedSize(), "what the old kill was counted as goes with its id");
        assertNull(store.counted(old.summary().eventId()));
        final Kill.Seen replay = short1.see(old, WALL);
        assertEquals(Kill.Seen.TOO_OLD, replay, "forgotten, so refused rather than counted again");
        sent.clear();
        assertEquals(KillLedger.Outcome.TOO_OLD, short1.count(old.seen(replay), WALL));
        assertEquals(List.of(), sent);
    }

    @Test
    void shouldCarryOnFromItsStoreAfterARestart() {
        final Events db9 = Events.kill("db-9", "2026-03-01T10:00:10Z", "mysqld");
        seeAndCount(db9.kill());
        sent.clear();

        final KillLedger restarted = ledger(IncidentSettings.defaults());

        final Kill again = db9.kill(DB_9);
        assertEquals(Kill.Seen.DUPLICATE, restarted.see(again, WALL));
        assertEquals(KillLedger.Outcome.MOVED, restarted.count(again.seen(Kill.Seen.DUPLICATE), WALL));
        assertTrue(restarted.tick(WALL + 10_000), "the clock survived the restart");
    }

    private KillLedger ledger(final IncidentSettings settings) {
        return new KillLedger(settings, store, (d, item, time) -> sent.add(new Sent(d, item, Instant.ofEpochMilli(time))));
    }

    private KillLedger.Outcome seeAndCount(final Kill kill) {
        return ledger.count(kill.seen(ledger.see(kill, WALL)), WALL);
    }
}
