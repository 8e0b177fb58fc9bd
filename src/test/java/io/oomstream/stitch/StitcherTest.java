package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stitcher's decisions, one behaviour per test, on small inline logs. */
class StitcherTest {

    private static final String HEADER_5X = "node invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0";
    private static final String KILL_5X = "Out of memory: Killed process %d (%s) total-vm:4123456kB, anon-rss:3012345kB, "
            + "file-rss:2048kB, shmem-rss:0kB, UID:1000 pgtables:7012kB oom_score_adj:0";

    @Test
    void shouldStitchInterleavedHostsSeparatelyAndSkipNoise() {
        final String log = String.join("\n",
                k("alpha", "10:00:00", "[ 100.000001] " + HEADER_5X),
                k("beta", "10:00:00", "[ 200.000001] java invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"),
                "Mar  4 10:00:00 alpha sshd[411]: Accepted publickey for root",
                k("alpha", "10:00:00", "[ 100.000002] Mem-Info:"),
                k("beta", "10:00:00", "[ 200.000002] Mem-Info:"),
                k("alpha", "10:00:00", "[ 100.000003] e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex"),
                k("beta", "10:00:00", "[ 200.000003] Free swap  = 0kB"),
                k("alpha", "10:00:00", "[ 100.000004] Total swap = 0kB"),
                k("beta", "10:00:01", "[ 200.000004] " + String.format(KILL_5X, 42, "java")),
                k("alpha", "10:00:01", "[ 100.000005] " + String.format(KILL_5X, 41, "node")));

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(2, events.size());
        final OomEvent beta = byHost(events, "beta");
        final OomEvent alpha = byHost(events, "alpha");
        assertEquals(42, beta.victim().pid());
        assertEquals("java", beta.trigger().process());
        assertEquals(4, beta.lineCount());
        assertEquals(41, alpha.victim().pid());
        assertEquals(4, alpha.lineCount(), "the e1000e line is noise and not part of the report");
        assertEquals(0L, alpha.swap().totalKb());
        assertTrue(alpha.complete() && beta.complete());
    }

    @Test
    void shouldReemitASlowReportCompleteUnderTheSameIdAfterItsIdleTimeout() {
        final List<String> lines = List.of(
                k("slow", "10:00:00", HEADER_5X),
                k("slow", "10:01:05", "Mem-Info:"),
                k("slow", "10:02:10", "Free swap  = 0kB"),
                k("slow", "10:02:16", String.format(KILL_5X, 77, "node")),
                k("other", "10:05:00", "sshd[1]: noise"));
        final List<OomEvent> emitted = new ArrayList<>();
        final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), emitted::add,
                new StitchStats());
        feed(stitcher, lines);
        stitcher.flushAll();

        assertEquals(3, emitted.size(), "incomplete at each idle timeout, then complete");
        assertFalse(emitted.get(0).complete());
        assertEquals(IncompleteReason.IDLE_TIMEOUT, emitted.get(0).incompleteReason());
        final OomEvent last = emitted.get(emitted.size() - 1);
        assertTrue(last.complete());
        assertEquals(77, last.victim().pid());
        emitted.forEach(e -> assertEquals(emitted.get(0).eventId(), e.eventId()));
        assertTrue(last.analysis().thrashing());

        final List<OomEvent> printed = Fixtures.analyze(String.join("\n", lines));
        assertEquals(1, printed.size(), "analyze prints each event once, in its final state");
        assertTrue(printed.get(0).complete());
    }

    @Test
    void shouldEmitOneEventForARedeliveredReport() {
        final String report = String.join("\n",
                k("db01", "10:00:00", "[ 9876.000001] " + HEADER_5X),
                k("db01", "10:00:00", "[ 9876.000002] Mem-Info:"),
                k("db01", "10:00:00", "[ 9876.000003] " + String.format(KILL_5X, 777, "postgres")),
                k("db01", "10:00:00", "[ 9876.000004] oom_reaper: reaped process 777 (postgres), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
        final List<OomEvent> emitted = new ArrayList<>();
        final StitchStats stats = new StitchStats();
        final Stitcher stitcher = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), emitted::add, stats);
        feed(stitcher, List.of(report.split("\n")));
        feed(stitcher, List.of(report.split("\n")));
        stitcher.flushAll();

        // Out with its kill line, then again with its reaper line (same id); the redelivered copy adds nothing.
        assertEquals(2, emitted.size());
        assertEquals(1, emitted.stream().map(OomEvent::eventId).distinct().count());
        assertTrue(emitted.get(1).reaped());
        assertEquals(2, stats.duplicatesSuppressed());
    }

    @Test
    void shouldCapAHugeReportAndEmitItTruncatedWithItsKill() {
        final StringBuilder sb = new StringBuilder();
        sb.append(k("big", "10:00:00", HEADER_5X)).append('\n');
        sb.append(k("big", "10:00:00", "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name")).append('\n');
        for (int pid = 1000; pid < 1200; pid++) {
            sb.append(k("big", "10:00:00", String.format("[%7d]  1000 %5d    12000     600   102400        0             0 worker", pid, pid))).append('\n');
        }
        sb.append(k("big", "10:00:01", String.format(KILL_5X, 1100, "worker")));
        final List<OomEvent> events = Fixtures.analyze(sb.toString(),
                new StitcherConfig(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10), 50, 1 << 20, 1000));

        assertEquals(1, events.size());
        final OomEvent e = events.get(0);
        assertFalse(e.complete());
        assertEquals(IncompleteReason.TRUNCATED, e.incompleteReason());
        assertEquals(1100, e.victim().pid(), "the kill line is kept past the cap");
        assertNull(e.taskCount(), "a truncated table is not whole");
        assertTrue(e.lineCount() <= 51);
    }

    @Test
    void shouldEmitAReportThatNeverEndsAsSoonAsItHitsTheCap() {
        final List<OomEvent> emitted = new ArrayList<>();
        final Stitcher stitcher = new Stitcher(
                new StitcherConfig(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(10), 20, 1 << 20, 1000),
                new InMemoryStitchStore(), emitted::add, new StitchStats());
        final List<String> lines = new ArrayList<>();
        lines.add(k("loop", "10:00:00", HEADER_5X));
        for (int i = 0; i < 100; i++) {
            lines.add(k("loop", "10:00:00", "[" + (1000 + i) + "] 0 " + (1000 + i) + " 1 1 1 1 0 x"));
        }
        lines.add(1, k("loop", "10:00:00", "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"));
        feed(stitcher, lines);

        assertEquals(1, emitted.size(), "emitted before any end, without flushing");
        assertEquals(IncompleteReason.TRUNCATED, emitted.get(0).incompleteReason());
    }

    @Test
    void shouldAttributeTheKillToTheSystemdUnitLoggedNextToIt() {
        final String log = String.join("\n",
                k("web1", "10:00:00", "[ 500.1] " + HEADER_5X),
                k("web1", "10:00:00", "[ 500.2] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/app.service,task=node,pid=41,uid=1000"),
                k("web1", "10:00:00", "[ 500.3] " + String.format(KILL_5X, 41, "node")),
                "Mar  4 10:00:00 web1 systemd[1]: app.service: A process of this unit has been killed by the OOM killer.",
                "Mar  4 10:00:00 web1 systemd[1]: system.slice: A process of this unit has been killed by the OOM killer.",
                "Mar  4 10:00:01 web1 systemd[1]: app.service: Failed with result 'oom-kill'.");

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(1, events.size(), "the unit lines describe the same kill");
        assertEquals("app.service", events.get(0).systemdUnit());
        assertEquals("/system.slice/app.service", events.get(0).taskMemcg());
        assertEquals("CONSTRAINT_NONE", events.get(0).constraint());
        assertNull(events.get(0).oomMemcg());
        assertEquals(1000L, events.get(0).victim().uid());
    }

    @Test
    void shouldNeverReportUserspaceKillersAsKernelKills() {
        final String log = String.join("\n",
                "Mar  4 10:00:00 desk systemd-oomd[612]: Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope due to memory pressure for /user.slice/user-1000.slice/user@1000.service being 62.30% > 50.00% for > 20s with reclaim activity",
                "Mar  4 10:00:05 desk earlyoom[700]: sending SIGTERM to process 1234 uid 1000 \"Web Content\": badness 912, VmRSS 10240 MiB");

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(2, events.size());
        events.forEach(e -> assertEquals(EventKind.USERSPACE_OOM_KILL, e.kind()));
        assertEquals("systemd-oomd", events.get(0).killer());
        assertEquals("/user.slice/user-1000.slice/user@1000.service/app.slice/app-firefox.scope", events.get(0).taskMemcg());
        assertEquals("earlyoom", events.get(1).killer());
        assertEquals("Web Content", events.get(1).victim().name());
        assertEquals(1234, events.get(1).victim().pid());
    }

    @Test
    void shouldMatchALateReaperLineToItsVictimByPid() {
        final String log = String.join("\n",
                k("h", "10:00:00", "[ 10.1] " + String.format(KILL_5X, 100, "first")),
                k("h", "10:00:00", "[ 10.2] " + HEADER_5X),
                k("h", "10:00:00", "[ 10.3] oom_reaper: reaped process 100 (first), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"),
                k("h", "10:00:00", "[ 10.4] " + String.format(KILL_5X, 200, "second")));

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(2, events.size());
        assertEquals(100, events.get(0).victim().pid());
        assertTrue(events.get(0).reaped());
        assertNull(events.get(1).reaped());
    }

    @Test
    void shouldReadAKillLineGluedOntoTheSummaryLine() {
        final String log = String.join("\n",
                k("g", "10:00:00", "[ 9876.1] " + HEADER_5X),
                k("g", "10:00:00", "[ 9876.2] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=node,pid=20311,uid=1000[ 9876.543210] Out of memory: Kill process 20311 (node) score 905 or sacrifice child"),
                k("g", "10:00:00", "[ 9876.6] Killed process 20311 (node) total-vm:4123456kB, anon-rss:3012345kB, file-rss:2048kB, shmem-rss:0kB"));

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(1, events.size());
        assertEquals(905L, events.get(0).victim().score(), "the glued selection line was read");
        assertEquals(20311, events.get(0).victim().pid());
    }

    @Test
    void shouldMakeEachHeaderlessKillOfARateLimitedCascadeItsOwnEvent() {
        final String log = String.join("\n",
                k("c", "10:00:00", "[ 50.1] oom_kill_process: 3 callbacks suppressed"),
                k("c", "10:00:00", "[ 50.2] Out of memory: Kill process 11 (a) score 300 or sacrifice child"),
                k("c", "10:00:00", "[ 50.3] Killed process 11 (a) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB"),
                k("c", "10:00:00", "[ 50.4] Out of memory: Kill process 12 (b) score 200 or sacrifice child"),
                k("c", "10:00:00", "[ 50.5] Killed process 12 (b) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB"),
                k("c", "10:00:00", "[ 50.6] Out of memory: Kill process 13 (c) score 100 or sacrifice child"),
                k("c", "10:00:00", "[ 50.7] Killed process 13 (c) total-vm:100kB, anon-rss:50kB, file-rss:0kB, shmem-rss:0kB"));

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(List.of(11, 12, 13), events.stream().map(e -> e.victim().pid()).toList());
        assertEquals(List.of(300L, 200L, 100L), events.stream().map(e -> e.victim().score()).toList());
        events.forEach(e -> assertTrue(e.complete(), "a kill pair is what the kernel printed: complete"));
        assertEquals(3, events.stream().map(OomEvent::eventId).distinct().count());
    }

    @Test
    void shouldMarkAReportSupersededWhenTheNextOneStartsFirst() {
        final String log = String.join("\n",
                k("s", "10:00:00", "[ 1.1] " + HEADER_5X),
                k("s", "10:00:00", "[ 1.2] Mem-Info:"),
                k("s", "10:00:00", "[ 2.1] " + HEADER_5X),
                k("s", "10:00:00", "[ 2.2] " + String.format(KILL_5X, 5, "node")));

        final List<OomEvent> events = Fixtures.analyze(log);

        assertEquals(2, events.size());
        assertEquals(IncompleteReason.SUPERSEDED, events.get(0).incompleteReason());
        assertNull(events.get(0).victim());
        assertTrue(events.get(1).complete());
    }

    @Test
    void shouldNotGiveTheParentsScoreToASacrificedChild() {
        final String log = String.join("\n",
                k("p", "10:00:00", "Out of memory: Kill process 3120 (gnome-session) score 812 or sacrifice child"),
                k("p", "10:00:00", "Killed process 3188 (pulseaudio) total-vm:100kB, anon-rss:50kB, file-rss:0kB"));

        final OomEvent e = Fixtures.analyze(log).get(0);

        assertEquals(3188, e.victim().pid());
        assertEquals("pulseaudio", e.victim().name());
        assertNull(e.victim().score());
        assertEquals(3120, e.victim().selectedPid());
        assertEquals(812L, e.victim().selectedScore());
    }

    @Test
    void shouldKeepHostileProcessNamesWhole() {
        final String log = String.join("\n",
                k("x", "10:00:00", "[ 7.1] Web Content invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0"),
                k("x", "10:00:00", "[ 7.2] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"),
                k("x", "10:00:00", "[ 7.3] [   4242]  1000  4242   500000   100000   900000        0           200 Isolated Web Co"),
                k("x", "10:00:00", "[ 7.4] [   4243]  1000  4243    10000     1000    90000        0             0 (sd-pam)"),
                k("x", "10:00:00", "[ 7.5] Out of memory: Killed process 4243 ((sd-pam)) total-vm:40000kB, anon-rss:4000kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:88kB oom_score_adj:0"));

        final OomEvent e = Fixtures.analyze(log).get(0);

        assertEquals("Web Content", e.trigger().process());
        assertEquals("(sd-pam)", e.victim().name());
        assertEquals("Isolated Web Co", e.tasks().get(0).name());
        assertEquals(400000L, e.tasks().get(0).rssKb());
        assertEquals(878L, e.tasks().get(0).pgtablesKb());
        assertEquals(2, e.taskCount());
    }

    @Test
    void shouldEmitBodyLinesWithoutTheirHeaderAsAFragment() {
        final String log = String.join("\n",
                k("f", "10:00:00", "active_anon:10 inactive_anon:20 isolated_anon:0"),
                k("f", "10:00:00", "Node 0 Normal: 10*4kB 0*8kB 0*16kB = 40kB"),
                k("f", "10:00:00", "Free swap  = 0kB"),
                k("f", "10:00:00", "Total swap = 1024kB"));

        final OomEvent e = Fixtures.analyze(log).get(0);

        assertFalse(e.complete());
        assertEquals(IncompleteReason.MISSING_HEADER, e.incompleteReason());
        assertEquals(40L, e.memInfo().get("active_anon_kb"));
        assertTrue(e.analysis().swapExhausted());
        EventSchema.assertValidEvent(e);
    }

    // Test helpers.

    private static String k(final String host, final String time, final String message) {
        return "Mar  4 " + time + " " + host + " kernel: " + message;
    }

    private static OomEvent byHost(final List<OomEvent> events, final String host) {
        return events.stream().filter(e -> host.equals(e.host())).findFirst().orElseThrow();
    }

    private static void feed(final Stitcher stitcher, final List<String> lines) {
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        long now = Long.MIN_VALUE;
        for (final String raw : lines) {
            for (final LogLine line : decoder.decode(raw).lines()) {
                if (line.time() != null) {
                    now = Math.max(now, line.time().toEpochMilli());
                }
                stitcher.advance(now, null);
                stitcher.accept(line, now, null);
            }
        }
    }
}
