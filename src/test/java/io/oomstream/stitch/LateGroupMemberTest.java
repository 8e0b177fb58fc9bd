package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.IncompleteReason;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A memory.oom.group report whose delivery pauses for real between its kill lines (a broker bounce stalls the
 * producer, an rsyslog queue stalls): the pause is longer than any grace, so the report ends before its later members
 * arrive (RELIABILITY.md, "Chaos soak", "Still open"). The kernel printed them microseconds after the report's other
 * lines, and their stamps say so: they rejoin the ended report and come out exactly as if they had arrived in time.
 * Without kernel stamps, or with a stamp that does not continue the report, nothing new happens.
 */
class LateGroupMemberTest {

    /** Stamped memory.oom.group reports of several shapes (reaper lines between kills, after the walk, a victim twice). */
    private static final List<String> STAMPED_GROUPS = List.of(
            "kernel-logs/e5-5.x/5.15-memory-oom-group.log",
            "kernel-logs/e5-5.x/5.10-memory-oom-group-reaper-lines-between-kills.log",
            "kernel-logs/e6-6.x/6.8-memory-oom-group-reaper-after-the-walk.log",
            "kernel-logs/e5-5.x/5.15-global-oom-group-victim-printed-twice-member-exiting.log");
    private static final String GROUP = STAMPED_GROUPS.get(0);
    private static final String WITHOUT_STAMPS = "late-members/5.15-memory-oom-group-without-kernel-stamps.log";
    private static final String SECOND_INVOCATION =
            "late-members/5.15-memory-oom-group-then-a-second-invocation-3s-later-without-its-header.log";

    /** A stall of delivery: far longer than the reaper grace (1 s), shorter than the idle timeout (30 s). */
    private static final long STALL = 5_000;
    private static final long TICK = 250;
    private static final long START = Instant.parse("2026-12-07T03:00:00Z").toEpochMilli();
    private static final long IDLE = StitcherConfig.defaults().idleTimeout().toMillis();

    private final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);

    @Test
    void shouldGiveMembersDeliveredAfterAStallTheSameEventsAsTheReportDeliveredAtOnce() {
        int cases = 0;
        for (final String resource : STAMPED_GROUPS) {
            final List<String> report = lines(resource);
            final Map<String, OomEvent> atOnce = new Delivery(report).all().eventsById();
            final List<OomEvent> kills = atOnce.values().stream().filter(e -> e.victim() != null).toList();
            assertTrue(kills.size() >= 3, resource + ": a group of kills " + kills);
            kills.forEach(e -> assertTrue(e.complete() && e.trigger() != null && e.invocationId() != null,
                    resource + ": delivered at once, every member is whole: " + e));

            for (final int member : memberLines(report)) {
                final Delivery paused = new Delivery(report).upTo(member).stall(STALL).rest();
                assertEquals(atOnce, paused.eventsById(), resource + " stalled before line " + member + ": "
                        + report.get(member));
                assertEquals(1, paused.stats.lateMembersRejoined(), "the line after the stall rejoined its report");
                cases++;
            }
        }
        assertTrue(cases >= 12, "members after a stall: " + cases);
    }

    @Test
    void shouldRejoinAfterARestartFromThePersistedState() throws Exception {
        final List<String> report = lines(GROUP);
        final int notice = memberLines(report).get(0);
        final Delivery d = new Delivery(report).upTo(notice);
        final HostState waiting = d.store.state("batch-03");
        assertFalse(new String(waiting.persistedForm()).contains("\"ended\""),
                "an open report's state keeps the bytes it had: no ended report in it");
        d.stall(STALL);
        final HostState ended = d.store.state("batch-03");
        assertNull(ended.phase, "the stall ended the report");
        assertTrue(new String(ended.persistedForm()).contains("\"ended\""), "the ended report is in the stored state");

        // SIGKILL and restart: the state comes back from its stored bytes, the stitcher's memory is gone.
        d.store.putState("batch-03", Json.MAPPER.readValue(ended.persistedForm(), HostState.class));
        d.restart();
        d.rest();

        assertEquals(new Delivery(report).all().eventsById(), d.eventsById());
        assertEquals(1, d.stats.lateMembersRejoined());
    }

    @Test
    void shouldForgetTheEndedReportAfterTheIdleTimeout() {
        final List<String> report = lines(GROUP);
        final int notice = memberLines(report).get(0);
        final Delivery d = new Delivery(report).upTo(notice).stall(IDLE + 1_000);
        assertNull(d.store.state("batch-03"), "no report open or kept: the host's state is gone");
        assertTrue(d.store.lines("batch-03", 100).isEmpty(), "and so are its lines");
        d.rest();
        assertEquals(0, d.stats.lateMembersRejoined(), "a stall longer than the idle timeout cuts the group as before");
        lateMembersAsToday(d.eventsById());
    }

    @Test
    void shouldDoNothingNewForAReportWithoutKernelStamps() {
        final List<String> report = lines(WITHOUT_STAMPS);
        final Map<String, OomEvent> atOnce = new Delivery(report).all().eventsById();
        assertEquals(4, atOnce.size());
        atOnce.values().forEach(e -> assertTrue(e.complete() && e.trigger() != null, "in time, whole: " + e));

        final int notice = memberLines(report).get(0);
        final Delivery d = new Delivery(report).upTo(notice).stall(STALL).rest();
        assertEquals(0, d.stats.lateMembersRejoined(), "time alone cannot tell a late member from another kill");
        assertNull(d.store.state("batch-03"));
        lateMembersAsToday(d.eventsById());
    }

    @Test
    void shouldNotJoinAKillWhoseStampIsSecondsAfterTheEndedReport() {
        final List<String> lines = lines(SECOND_INVOCATION);
        final List<String> group = lines(GROUP);
        final Map<String, OomEvent> groupAlone = new Delivery(group).all().eventsById();

        for (final boolean stalled : new boolean[] {false, true}) {
            final Delivery d = new Delivery(lines).upTo(group.size());
            if (stalled) {
                d.stall(STALL);
            }
            d.rest();
            final Map<String, OomEvent> events = d.eventsById();
            assertEquals(0, d.stats.lateMembersRejoined());
            groupAlone.forEach((id, e) -> assertEquals(e, events.get(id), "the first group is unchanged"));
            final List<OomEvent> second = events.values().stream().filter(e -> !groupAlone.containsKey(e.eventId()))
                    .toList();
            assertEquals(List.of(9188, 9166), second.stream().map(e -> e.victim().pid()).toList());
            final String firstInvocation = groupAlone.values().iterator().next().invocationId();
            for (final OomEvent e : second) {
                assertNull(e.trigger(), "its header was not printed, and none is borrowed: " + e);
                assertNotEquals(firstInvocation, e.invocationId(), "another invocation");
            }
        }
    }

    /** Today's outcome for a group cut after its first kill: the notice opens a fragment, the rest are lone kills. */
    private static void lateMembersAsToday(final Map<String, OomEvent> events) {
        final Map<Integer, OomEvent> byPid = new LinkedHashMap<>();
        events.values().forEach(e -> byPid.put(e.victim().pid(), e));
        assertEquals(List.of(9140, 9101, 9122, 9131), List.copyOf(byPid.keySet()));
        assertTrue(byPid.get(9140).complete());
        assertNotNull(byPid.get(9140).trigger());
        assertEquals(IncompleteReason.MISSING_HEADER, byPid.get(9101).incompleteReason());
        for (final int pid : List.of(9101, 9122, 9131)) {
            assertNull(byPid.get(pid).trigger(), "cut from its report: " + byPid.get(pid));
            assertNull(byPid.get(pid).invocationId());
        }
    }

    /** Indices of the lines after the report's first kill line that only a group's walk prints. */
    private List<Integer> memberLines(final List<String> report) {
        final List<Integer> members = new ArrayList<>();
        boolean killed = false;
        for (int i = 0; i < report.size(); i++) {
            final LineKind kind = KernelGrammar.classify(decoder.decode(report.get(i)).lines().get(0)).kind();
            if (killed && (kind == LineKind.GROUP_KILL_NOTICE || kind == LineKind.KILL
                    || kind == LineKind.VICTIM_EXITING)) {
                members.add(i);
            }
            killed |= kind == LineKind.KILL;
        }
        return members;
    }

    private static List<String> lines(final String resource) {
        return List.of(Fixtures.read(resource).split("\n"));
    }

    /**
     * One host's records as a Kafka partition delivers them: a millisecond apart (record time and wall clock alike,
     * wall-clock ticks every 250 ms), or with a stall in which the wall clock goes on and no record comes.
     */
    private final class Delivery {
        final List<String> records;
        final InMemoryStitchStore store = new InMemoryStitchStore();
        final List<OomEvent> out = new ArrayList<>();
        final StitchStats stats = new StitchStats();
        Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), store, out::add, stats);
        int next;
        long time = START;
        long nextTick = START + TICK;

        Delivery(final List<String> records) {
            this.records = records;
        }

        Delivery upTo(final int end) {
            for (; next < end; next++) {
                for (final LogLine line : decoder.decode(records.get(next), Instant.ofEpochMilli(time)).lines()) {
                    stitcher.accept(line, time, time);
                }
                time++;
                tickUntil(time);
            }
            return this;
        }

        Delivery stall(final long millis) {
            tickUntil(time + millis);
            time += millis;
            return this;
        }

        Delivery rest() {
            upTo(records.size());
            stall(3_600_000);
            return this;
        }

        Delivery all() {
            return rest();
        }

        void restart() {
            stitcher = new Stitcher(StitcherConfig.defaults(), store, out::add, stats);
        }

        private void tickUntil(final long wall) {
            for (; nextTick <= wall; nextTick += TICK) {
                stitcher.advance(time, nextTick);
            }
        }

        /** The last version of each event, by id, in order of first emission. */
        Map<String, OomEvent> eventsById() {
            final Map<String, OomEvent> byId = new LinkedHashMap<>();
            out.forEach(e -> byId.put(e.eventId(), e));
            return byId;
        }
    }
}
