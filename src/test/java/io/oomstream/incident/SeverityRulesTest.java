package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.Service;
import io.oomstream.testing.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each severity rule alone, then together (the highest wins, every reason is listed). */
class SeverityRulesTest {

    private static final String T = "2026-03-01T10:00:00Z";

    @Test
    void shouldBeLowForOneKillOfAnOrdinaryServiceOnAHealthyHost() {
        assertEquals(new SeverityRules.Assessment(Severity.LOW, List.of()), assess(false, kill("a")));
    }

    @Test
    void shouldBeCriticalWhenTheFleetMarksTheKilledServiceCritical() {
        final FleetHost fleet = new FleetHost("db-1", null, null, null, null, null, null, null,
                List.of(new Service("mysql", List.of("mysqld"), List.of(), true)));
        final KillSummary k = Events.kill("db-1", T, "mysqld").kill(fleet).summary();

        assertEquals(new SeverityRules.Assessment(Severity.CRITICAL, List.of("critical_service")), assess(false, k));
    }

    @Test
    void shouldRateACascadeByItsLength() {
        assertEquals(new SeverityRules.Assessment(Severity.MEDIUM, List.of("cascade")), assess(false, kill("a"), kill("b")));
        assertEquals(new SeverityRules.Assessment(Severity.HIGH, List.of("cascade")),
                assess(false, kill("a"), kill("b"), kill("c")));
    }

    @Test
    void shouldBeHighWhenAReportSuggestsTheHostHangs() {
        final KillSummary slow = Events.kill("h", T, "a").thrashing(136).kill().summary();
        final KillSummary quick = Events.kill("h", T, "b").thrashing(9).kill().summary();

        assertEquals(new SeverityRules.Assessment(Severity.HIGH, List.of("host_hang_suspected")), assess(false, slow));
        assertEquals(new SeverityRules.Assessment(Severity.LOW, List.of()), assess(false, quick),
                "under 10 s the host was not thrashing");
    }

    @Test
    void shouldBeHighForAPartOfAFleetWideIncident() {
        assertEquals(new SeverityRules.Assessment(Severity.HIGH, List.of("fleet_wide")), assess(true, kill("a")));
    }

    @Test
    void shouldBeMediumWhenSwapWasExhausted() {
        final KillSummary k = Events.kill("h", T, "a").swapExhausted().kill().summary();

        assertEquals(new SeverityRules.Assessment(Severity.MEDIUM, List.of("swap_exhausted")), assess(false, k));
    }

    @Test
    void shouldListEveryReasonAndTakeTheHighestLevel() {
        final FleetHost fleet = new FleetHost("h", null, null, null, null, null, null, null,
                List.of(new Service("a", List.of(), List.of(), true)));
        final KillSummary critical = Events.kill("h", T, "a").swapExhausted().thrashing(30).kill(fleet).summary();

        assertEquals(new SeverityRules.Assessment(Severity.CRITICAL, List.of("critical_service", "cascade",
                "host_hang_suspected", "fleet_wide", "swap_exhausted")), assess(true, critical, kill("b"), kill("c")));
    }

    private static KillSummary kill(final String name) {
        return Events.kill("h", T, name).kill().summary();
    }

    private static SeverityRules.Assessment assess(final boolean fleetWide, final KillSummary... kills) {
        return SeverityRules.assess(KillStats.of(List.of(kills)), fleetWide);
    }
}
