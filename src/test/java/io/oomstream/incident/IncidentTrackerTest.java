package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.event.Consumer;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Events;
import io.oomstream.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incidents of one host with a controlled clock: open, join, close, re-emission, late kills. */
class IncidentTrackerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final IncidentSettings SETTINGS = IncidentSettings.defaults();

    private final IncidentTracker tracker = new IncidentTracker(SETTINGS);
    private final List<Incident> emitted = new ArrayList<>();
    private HostIncidents state;

    @Test
    void shouldOpenAnIncidentOnItsFirstKillAndEmitItAtOnce() {
        kill(Events.kill("web-01", "2026-03-01T10:00:00Z", "java"), T0);

        assertEquals(1, emitted.size());
        final Incident i = emitted.get(0);
        assertEquals(IncidentStatus.OPEN, i.status());
        assertEquals("web-01:" + i.kills().get(0).eventId(), i.incidentId());
        assertEquals("2026-03-01T10:00:00Z", i.openedAt());
        assertEquals("2026-03-01T10:00:00Z", i.lastKillAt());
        assertNull(i.closedAt());
        assertEquals(1, i.killCount());
        assertEquals(List.of("java"), i.servicesHit());
        assertEquals(Severity.LOW, i.severity());
    }

    @Test
    void shouldJoinKillsWithinTheGapAndCloseOnAKillAfterIt() {
        kill(Events.kill("mail", "2026-03-01T10:00:00Z", "mysqld"), T0);
        kill(Events.kill("mail", "2026-03-01T10:59:59Z", "httpd"), T0.plusSeconds(1));
        kill(Events.kill("mail", "2026-03-01T12:00:00Z", "smtp"), T0.plusSeconds(2));

        assertEquals(4, emitted.size(), "open, updated, closed, new one opened");
        final Incident closed = emitted.get(2);
        assertEquals(IncidentStatus.CLOSED, closed.status());
        assertEquals(2, closed.killCount());
        assertEquals("2026-03-01T11:59:59Z", closed.closedAt(), "last kill plus the gap");
        final Incident second = emitted.get(3);
        assertEquals(IncidentStatus.OPEN, second.status());
        assertEquals(List.of("smtp"), second.servicesHit());
        assertFalse(second.incidentId().equals(closed.incidentId()));
    }

    @Test
    void shouldCloseAQuietIncidentOnlyWhenTheGapHasPassedOnTheClock() {
        kill(Events.kill("web-01", "2026-03-01T10:00:00Z", "java"), T0);

        advance(T0.plus(Duration.ofHours(1)).minusMillis(1));
        assertEquals(1, emitted.size(), "nothing before the gap has passed");

        advance(T0.plus(Duration.ofHours(1)));
        assertEquals(2, emitted.size());
        assertEquals(IncidentStatus.CLOSED, emitted.get(1).status());
        assertEquals("2026-03-01T11:00:00Z", emitted.get(1).closedAt());
        assertTrue(emitted.get(1).verdict().endsWith("Closed: no further kill within 1 h of the last."),
                emitted.get(1).verdict());

        advance(T0.plus(Duration.ofHours(2)));
        assertEquals(2, emitted.size(), "a closed incident is not emitted again");
    }

    @Test
    void shouldUseTheConfiguredGap() {
        final IncidentTracker short10 = new IncidentTracker(new IncidentSettings(Duration.ofMinutes(10), 3,
                Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ZERO, Duration.ofDays(1)));
        final IncidentTracker.Step a = short10.onKill(null, Events.kill("h", "2026-03-01T10:00:00Z", "a").kill(), T0);
        final IncidentTracker.Step b = short10.onKill(a.state(), Events.kill("h", "2026-03-01T10:11:00Z", "b").kill(), T0);

        assertEquals(List.of(IncidentStatus.CLOSED, IncidentStatus.OPEN), b.emitted().stream().map(Incident::status).toList());
        assertEquals("2026-03-01T10:10:00Z", b.emitted().get(0).closedAt());
    }

    @Test
    void shouldReplaceAReEmittedKillInsteadOfAddingOne() {
        final Events first = Events.kill("web-01", "2026-03-01T10:00:00Z", "java");
        kill(first, T0);
        kill(first.anonRssKb(2_000_000).swapExhausted(), T0.plusSeconds(30));

        assertEquals(2, emitted.size());
        final Incident updated = emitted.get(1);
        assertEquals(1, updated.killCount());
        assertEquals(1, updated.kills().size());
        assertEquals(2_000_000L, updated.kills().get(0).anonRssKb());
        assertTrue(updated.swapExhausted());
        assertEquals(Severity.MEDIUM, updated.severity());
        assertEquals(emitted.get(0).incidentId(), updated.incidentId());
    }

    @Test
    void shouldUpdateTheClosedIncidentWhenOneOfItsKillsIsReEmittedAfterANewOneOpened() {
        final Events early = Events.kill("mail", "2026-03-01T10:00:00Z", "mysqld");
        kill(early, T0);
        kill(Events.kill("mail", "2026-03-01T12:00:00Z", "smtp"), T0.plusSeconds(1));
        kill(early.swapExhausted(), T0.plusSeconds(2));

        final Incident last = emitted.get(emitted.size() - 1);
        assertEquals(IncidentStatus.CLOSED, last.status());
        assertEquals(1, last.killCount());
        assertTrue(last.swapExhausted());
        assertEquals(1, state.open().killCount(), "the open incident is untouched");
    }

    @Test
    void shouldLetALateKillJoinTheClosedIncidentWithoutReopeningIt() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "a"), T0);
        advance(T0.plus(Duration.ofMinutes(90)));
        kill(Events.kill("h", "2026-03-01T10:30:00Z", "b"), T0.plus(Duration.ofMinutes(90)));

        assertEquals(3, emitted.size());
        final Incident last = emitted.get(2);
        assertEquals(IncidentStatus.CLOSED, last.status());
        assertEquals(2, last.killCount());
        assertEquals("2026-03-01T11:30:00Z", last.closedAt(), "its gap has passed on the host's clock (11:30)");
    }

    @Test
    void shouldReopenAClosedIncidentForADelayedKillWhoseGapHasNotPassed() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "a"), T0);
        advance(T0.plus(Duration.ofHours(1)));
        kill(Events.kill("h", "2026-03-01T10:50:00Z", "b"), T0.plus(Duration.ofHours(1)));

        assertEquals(List.of(IncidentStatus.OPEN, IncidentStatus.CLOSED, IncidentStatus.OPEN),
                emitted.stream().map(Incident::status).toList());
        assertEquals(emitted.get(0).incidentId(), emitted.get(2).incidentId());
        assertNull(emitted.get(2).closedAt());
        assertEquals(2, emitted.get(2).killCount());
    }

    @Test
    void shouldEmitAKillOlderThanTheGapAsAClosedIncidentOfItsOwn() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "a"), T0);
        kill(Events.kill("h", "2026-03-01T07:00:00Z", "old"), T0.plusSeconds(1));

        final Incident old = emitted.get(1);
        assertEquals(IncidentStatus.CLOSED, old.status());
        assertEquals("2026-03-01T08:00:00Z", old.closedAt());
        assertEquals(1, state.open().killCount(), "the open incident is untouched");
    }

    @Test
    void shouldJudgeAHostWhoseClockIsOffByItsOwnClock() {
        // The log says 2031; the caller's clock says 2026. Closing still takes one gap of the caller's clock.
        kill(Events.kill("skewed", "2031-01-01T00:00:00Z", "java"), T0);
        advance(T0.plus(Duration.ofMinutes(59)));
        assertEquals(1, emitted.size());

        advance(T0.plus(Duration.ofMinutes(60)));
        assertEquals("2031-01-01T01:00:00Z", emitted.get(1).closedAt());
    }

    @Test
    void shouldForgetAHostTwoGapsAfterItsLastKill() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "a"), T0);
        advance(T0.plus(Duration.ofHours(1)));
        assertTrue(state != null && state.lastClosed() != null);

        advance(T0.plus(Duration.ofHours(2)));
        assertNull(state);
    }

    @Test
    void shouldFlagAKillOfAFleetWideIncidentEvenWhenTheFlagArrivesFirst() {
        final Events e = Events.kill("h", "2026-03-01T10:00:00Z", "a");
        final FleetFlag flag = new FleetFlag("H", e.build().eventId(), "fleet:service:a:" + e.build().eventId());
        final IncidentTracker.Step early = tracker.onFleetFlag(null, flag, T0);
        assertEquals(List.of(), early.emitted());
        state = early.state();

        kill(e, T0.plusSeconds(1));

        final Incident i = emitted.get(0);
        assertEquals(List.of(flag.fleetIncidentId()), i.fleetIncidents());
        assertTrue(i.severityReasons().contains("fleet_wide"));
        assertEquals(Severity.HIGH, i.severity());
        assertEquals(List.of(), state.pendingFlags());
    }

    @Test
    void shouldFormOneIncidentOfSeed001sMysqldAndHttpdKillsAndAnotherOfItsSmtpKill() {
        // Regression for issue 4: the cascade on 'mail' is one incident; smtp two hours later is another.
        final IncidentEngine engine = new IncidentEngine(SETTINGS, r -> { });
        final List<OomEvent> events = Fixtures.analyzeResource("seeds/001-rhel4-cascade-mail.txt");
        for (final OomEvent e : events) {
            final Kill k = Kill.of(EnrichedEvent.of(e, (io.oomstream.enrich.FleetHost) null), T0);
            engine.onKill(k, k.time());
        }
        engine.advance(Instant.parse("2026-11-02T18:06:25Z"));

        final List<IncidentRecord> incidents = engine.incidents();
        assertEquals(2, incidents.size());
        final Incident cascade = (Incident) incidents.get(0);
        assertEquals(List.of("mysqld", "httpd", "httpd"), cascade.kills().stream().map(KillSummary::victimName).toList());
        assertEquals("2026-11-02T14:11:02Z", cascade.openedAt());
        assertEquals("2026-11-02T14:55:52Z", cascade.lastKillAt());
        assertEquals(IncidentStatus.CLOSED, cascade.status());
        assertEquals(Severity.HIGH, cascade.severity());
        assertEquals(List.of("cascade", "host_hang_suspected", "swap_exhausted"), cascade.severityReasons());
        assertNull(cascade.culprit(), "RHEL4 printed no task table");
        final Incident smtp = (Incident) incidents.get(1);
        assertEquals(List.of("smtp"), smtp.kills().stream().map(KillSummary::victimName).toList());
        assertEquals("2026-11-02T18:06:25Z", smtp.closedAt());
        incidents.forEach(i -> EventSchema.assertValid("incident.schema.json", i));
    }

    @Test
    void shouldNameHttpdsWorkersAsTheCulpritOfSeed000() {
        final IncidentEngine engine = new IncidentEngine(SETTINGS, r -> { });
        for (final OomEvent e : Fixtures.analyzeResource("seeds/000-centos6-httpd-workers-www8321uj.txt")) {
            final Kill k = Kill.of(EnrichedEvent.of(e, (io.oomstream.enrich.FleetHost) null), T0);
            engine.onKill(k, k.time());
        }

        final Incident withReport = (Incident) engine.incidents().get(2);
        final Culprit c = withReport.culprit();
        assertEquals("httpd", c.name());
        assertEquals(4, c.processes());
        assertTrue(c.amongVictims());
        assertEquals(19284L, c.rssKb());
        assertTrue(withReport.verdict().contains("4 httpd processes together held 75% of task memory (18.8 MB): too many "
                + "httpd workers"), withReport.verdict());
        assertEquals(List.of("httpd", "python", "irqbalance"),
                withReport.topHolders().stream().map(Consumer::name).toList());
        EventSchema.assertValid("incident.schema.json", withReport);
    }

    @Test
    void shouldNameAHolderThatWasNotKilledAsTheLikelyCulprit() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "mysqld")
                .top(new Consumer("clamscan", 5, 800_000, 0.8), new Consumer("mysqld", 1, 100_000, 0.1)), T0);

        final Culprit c = emitted.get(0).culprit();
        assertEquals("clamscan", c.name());
        assertFalse(c.amongVictims());
        assertTrue(emitted.get(0).verdict().contains("clamscan held the most memory (5 processes, 80% of task memory "
                + "(781.3 MB)) yet mysqld was killed: clamscan is the likely culprit"), emitted.get(0).verdict());
    }

    @Test
    void shouldPutAKillDownToTheHostOnlyWhereItsReportSaysSo() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "mysqld").oomScope(null), T0); // a kill line pasted alone
        final String verdict = emitted.get(emitted.size() - 1).verdict();
        assertFalse(verdict.toLowerCase(java.util.Locale.ROOT).contains("host itself"), verdict);
        assertFalse(verdict.contains("cgroup"), verdict);
    }

    @Test
    void shouldSayTheHostRanOutWhereTheReportShowsIt() {
        kill(Events.kill("h", "2026-03-01T10:00:00Z", "mysqld"), T0); // scope host, as a global report shows
        final String verdict = emitted.get(emitted.size() - 1).verdict();
        assertTrue(verdict.contains("The host itself ran out of memory (no cgroup limit was hit)"), verdict);
    }

    @Test
    void shouldNotCountARepeatOfAKillNoLongerListedAgain() {
        final int total = Incident.MAX_KILLS_LISTED + 5;
        for (int i = 0; i < total; i++) {
            kill(Events.kill("fork-bomb", T0.plusSeconds(i).toString(), "worker").id(String.format("%020x", i)), T0);
        }
        final Incident before = emitted.get(emitted.size() - 1);
        assertEquals(total, before.killCount());
        assertEquals(Incident.MAX_KILLS_LISTED, before.kills().size(), "the first five are only in `omitted`");

        // The first kill's event, emitted again (e.g. completed by a late reaper line).
        apply(tracker.onKill(state, Events.kill("fork-bomb", T0.toString(), "worker").id(String.format("%020x", 0))
                .kill().seen(Kill.Seen.DUPLICATE), T0.plusSeconds(200)));

        assertEquals(total, emitted.get(emitted.size() - 1).killCount(), "still " + total + " kills, not " + (total + 1));
    }

    @Test
    void shouldIgnoreARepeatOfAKillOfAnOlderClosedIncidentInsteadOfOpeningAnother() {
        final Events first = Events.kill("mail", "2026-03-01T10:00:00Z", "mysqld");
        kill(first, T0);
        kill(Events.kill("mail", "2026-03-01T12:00:00Z", "smtp"), T0.plusSeconds(1));
        kill(Events.kill("mail", "2026-03-01T14:00:00Z", "httpd"), T0.plusSeconds(2));
        final int before = emitted.size();

        // A replayed log re-sends the 10:00 kill: its incident is no longer the host's last closed one.
        apply(tracker.onKill(state, first.kill().seen(Kill.Seen.DUPLICATE), T0.plusSeconds(3)));

        assertEquals(before, emitted.size(), "no incident is opened, reopened or rewritten");
    }

    @Test
    void shouldStillTreatAKillTooOldToTellAsANewOne() {
        kill(Events.kill("mail", "2026-03-01T10:00:00Z", "mysqld"), T0);
        apply(tracker.onKill(state, Events.kill("mail", "2026-03-01T10:10:00Z", "httpd").kill()
                .seen(Kill.Seen.TOO_OLD), T0.plusSeconds(1)));

        assertEquals(2, emitted.get(emitted.size() - 1).killCount());
    }

    @Test
    void shouldListAReportWithoutAKillApartAndNeverCountItAsAKill() {
        kill(Events.reportWithoutKill("etl-01", "2026-03-01T10:00:00Z", "spark", IncompleteReason.IDLE_TIMEOUT), T0);

        final Incident i = emitted.get(emitted.size() - 1);
        assertEquals(0, i.killCount(), "a report without a kill is not a kill");
        assertEquals(1, i.reportsWithoutKill());
        assertEquals(List.of(), i.kills());
        assertNull(i.lastKillAt());
        assertEquals("2026-03-01T10:00:00Z", i.lastReportAt());
        assertEquals(List.of(), i.servicesHit(), "nothing was killed, no service was hit");
        assertEquals(Severity.HIGH, i.severity(), "the host may have hung");
        assertEquals(List.of("report_without_kill"), i.severityReasons());
        assertTrue(i.verdict().startsWith("etl-01: an OOM report without a kill (the host may have hung)"),
                i.verdict());
        assertFalse(i.verdict().contains("killed 1 process"), i.verdict());

        advance(T0.plus(Duration.ofHours(1)));
        assertEquals("2026-03-01T11:00:00Z", emitted.get(emitted.size() - 1).closedAt(),
                "the quiet gap runs from the report");
    }

    @Test
    void shouldCountOnlyTheRealKillsWhenReportsWithoutAKillAreMixedIn() {
        kill(Events.kill("etl-01", "2026-03-01T10:00:00Z", "java"), T0);
        kill(Events.reportWithoutKill("etl-01", "2026-03-01T10:05:00Z", "java", IncompleteReason.NO_KILL_LINE),
                T0.plusSeconds(1));
        kill(Events.reportWithoutKill("etl-01", "2026-03-01T10:06:00Z", "java", IncompleteReason.END_OF_INPUT),
                T0.plusSeconds(2));

        final Incident i = emitted.get(emitted.size() - 1);
        assertEquals(1, i.killCount());
        assertEquals(2, i.reportsWithoutKill());
        assertEquals("2026-03-01T10:00:00Z", i.lastKillAt());
        assertEquals("2026-03-01T10:06:00Z", i.lastReportAt());
        assertEquals(Severity.HIGH, i.severity(), "one kill alone is low; the reports without a kill raise it");
        assertEquals(List.of("report_without_kill"), i.severityReasons(), "never a cascade: one kill");
        assertTrue(i.verdict().contains("the OOM killer killed 1 process (java), and 2 OOM reports without a kill"),
                i.verdict());
    }

    @Test
    void shouldMoveAReportToTheKillsWhenItIsEmittedAgainWithItsKillLine() {
        final Events without = Events.reportWithoutKill("etl-01", "2026-03-01T10:00:00Z", "java",
                IncompleteReason.IDLE_TIMEOUT);
        kill(without, T0);
        final Events with = Events.kill("etl-01", "2026-03-01T10:00:00Z", "java");
        assertEquals(without.build().eventId(), with.build().eventId(), "one report, emitted twice");
        kill(with, T0.plusSeconds(40));

        final Incident i = emitted.get(emitted.size() - 1);
        assertEquals(1, i.killCount());
        assertEquals(0, i.reportsWithoutKill());
        assertEquals(Severity.LOW, i.severity());

        kill(without, T0.plusSeconds(50));
        assertEquals(1, emitted.get(emitted.size() - 1).killCount(), "a kill seen once does not un-happen");
    }

    // Test helpers.

    private void kill(final Events e, final Instant seenAt) {
        apply(tracker.onKill(state, e.kill(), seenAt));
    }

    private void advance(final Instant now) {
        apply(tracker.advance(state, now));
    }

    private void apply(final IncidentTracker.Step step) {
        state = step.state();
        step.emitted().forEach(i -> EventSchema.assertValid("incident.schema.json", i));
        emitted.addAll(step.emitted());
    }
}
