package io.oomstream.reorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reorder engine on its own, time passed in: lines of one report come out in the kernel's order whatever order
 * they came in, within the window; later lines are passed on and counted, repeats of a line dropped and counted, a
 * quiet host flushed by the wall clock, a full host passes its oldest on. Lines are printk formats of
 * mm/oom_kill.c, mm/page_alloc.c and lib/show_mem.c as syslog delivers them.
 */
class ReorderBufferTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final long WALL = 1_000_000L;
    private static final ReorderConfig CONFIG = new ReorderConfig(Duration.ofSeconds(3), 100);

    private final List<ReorderBuffer.Released> out = new ArrayList<>();
    private final InMemoryReorderStore store = new InMemoryReorderStore();
    private final ReorderStats stats = new ReorderStats();
    private ReorderBuffer buffer = new ReorderBuffer(CONFIG, store, out::add, stats);

    /** A kernel line with an uptime stamp (microseconds) at wall-clock {@code T + millis}. */
    private static LogLine stamped(final String host, final long millis, final long uptimeMicros, final String msg) {
        return new LogLine(host, T.plusMillis(millis), "kernel", null, msg, uptimeMicros, null, SourceFormat.RFC3164);
    }

    /** A second-resolution kernel line without a stamp. */
    private static LogLine plain(final String host, final long millis, final String msg) {
        return new LogLine(host, T.plusMillis(millis), "kernel", null, msg, null, null, SourceFormat.RFC3164);
    }

    private void accept(final LogLine line, final long wall) {
        buffer.accept(line, KernelGrammar.classify(line), wall);
    }

    private List<String> messages() {
        return out.stream().map(r -> r.line().message()).toList();
    }

    @Test
    void shouldPassLinesShuffledWithinTheWindowOnInStampOrder() {
        final List<LogLine> report = List.of(
                stamped("web-1", 0, 100_000_001L, "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"),
                stamped("web-1", 0, 100_000_012L, "Mem-Info:"),
                stamped("web-1", 0, 100_000_023L, "Tasks state (memory values in pages):"),
                stamped("web-1", 0, 100_000_034L, "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0"));
        for (final int i : new int[] {2, 0, 3, 1}) {
            accept(report.get(i), WALL + i);
        }
        assertTrue(out.isEmpty(), "held within the window");
        buffer.tick(WALL + 2_999);
        assertTrue(out.isEmpty(), "held until the window has passed");
        buffer.tick(WALL + 3_004);
        assertEquals(report.stream().map(LogLine::message).toList(), messages());
        assertEquals(0, stats.lateLines());
        assertEquals(2, stats.reorderedLines(), "two lines arrived before a line they follow");
        assertEquals(0, buffer.heldLines());
    }

    @Test
    void shouldOrderSameSecondLinesWithoutStampsByTheReportsStructure() {
        final List<String> report = List.of(
                "mysqld invoked oom-killer: gfp_mask=0x1d2, order=0, oomkilladj=0",
                "Mem-info:",
                "DMA free:12304kB min:16kB low:32kB high:48kB active:0kB inactive:0kB present:16384kB pages_scanned:0 all_unreclaimable? yes",
                "protections[]: 8 476 732",
                "Normal free:3676kB min:936kB low:1872kB high:2808kB active:438268kB inactive:435800kB present:901120kB pages_scanned:1310 all_unreclaimable? yes",
                "protections[]: 0 468 724",
                "DMA: 58*4kB 3*8kB 1*16kB 2*32kB 3*64kB 2*128kB 1*256kB 0*512kB 1*1024kB 1*2048kB 2*4096kB = 12304kB",
                "Normal: 721*4kB 23*8kB 12*16kB 5*32kB 2*64kB 1*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 3676kB",
                "Free swap:            0kB",
                "524288 pages of RAM",
                "Out of Memory: Killed process 3318 (mysqld).");
        final int[] arrival = {10, 7, 5, 3, 1, 9, 0, 8, 6, 4, 2};
        for (final int i : arrival) {
            accept(plain("db-legacy", 0, report.get(i)), WALL);
        }
        buffer.tick(WALL + 3_000);
        assertEquals(report, messages());
    }

    /**
     * A memcg storm as RHEL 7's syslog shows it (real-reports/rhel7-3.10-syslog-memcg-kill-pairs-sacrifice-child.log):
     * selection and kill pairs, nine lines in one second, no kernel stamp. In grammar order alone every selection
     * would come before every kill and each kill be read with another's; placed by victim, in order they stay in
     * order, and shuffled each pair comes back together, in the kernel's order.
     */
    @Test
    void shouldKeepEachVictimsLinesTogetherInAStormOfOneSecondWithoutStamps() throws java.io.IOException {
        final List<String> storm = java.nio.file.Files.readAllLines(io.oomstream.testing.Fixtures.RESOURCES
                .resolve("real-reports/rhel7-3.10-syslog-memcg-kill-pairs-sacrifice-child.log")).stream()
                .map(l -> l.substring(l.indexOf("kernel: ") + "kernel: ".length())).toList();
        assertEquals(9, storm.size());
        for (final String message : storm) {
            accept(plain("hgzmm3cs239", 0, message), WALL);
        }
        buffer.tick(WALL + 3_000);
        assertEquals(storm, messages());
        assertEquals(0, stats.reorderedLines());

        out.clear();
        // The kill of pid 42453 before its selection, the pair of 42474 the other way round too.
        for (final int i : new int[] {0, 2, 1, 4, 3, 5, 6, 7, 8}) {
            accept(plain("hgzmm3cs240", 0, storm.get(i)), WALL + 10);
        }
        buffer.tick(WALL + 3_020);
        assertEquals(storm, messages());
    }

    @Test
    void shouldPassALineLaterThanTheWindowOnAtOnceAndCountIt() {
        accept(stamped("web-1", 0, 5_000_000L, "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"), WALL);
        accept(stamped("web-1", 0, 5_000_100L, "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0"), WALL);
        buffer.tick(WALL + 3_000);
        assertEquals(2, out.size());
        accept(stamped("web-1", 0, 5_000_050L, "Mem-Info:"), WALL + 4_000);
        assertEquals(3, out.size(), "passed on, not held, not dropped");
        assertTrue(out.get(2).late());
        assertFalse(out.get(0).late());
        assertEquals(1, stats.lateLines());
    }

    @Test
    void shouldPassALineOnWhenItsHostHasMovedAWindowPastIt() {
        accept(stamped("web-1", 0, 1_000_000L, "Mem-Info:"), WALL);
        accept(stamped("web-1", 3_500, 4_500_000L, "Mem-Info:"), WALL + 10);
        assertTrue(out.isEmpty(), "the host moved on, but the line has not settled yet");
        accept(stamped("web-1", 3_600, 4_600_000L, "Mem-Info:"), WALL + ReorderConfig.SETTLE.toMillis());
        assertEquals(1, out.size(), "the host's own time released the first line before the wall-clock window");
        assertEquals(1_000_000L, out.get(0).line().uptimeMicros());
    }

    @Test
    void shouldFlushAHostThatWentQuietOnTheWallClockOnly() {
        accept(stamped("quiet-1", 0, 1_000_000L, "Mem-Info:"), WALL);
        accept(stamped("busy-1", 0, 2_000_000L, "Mem-Info:"), WALL + 2_000);
        buffer.tick(WALL + 3_000);
        assertEquals(List.of("quiet-1"), out.stream().map(r -> r.line().host()).toList());
        buffer.tick(WALL + 5_000);
        assertEquals(List.of("quiet-1", "busy-1"), out.stream().map(r -> r.line().host()).toList());
    }

    @Test
    void shouldPassTheOldestOnWhenAHostHoldsMoreThanItsCap() {
        buffer = new ReorderBuffer(new ReorderConfig(Duration.ofSeconds(3), 3), store, out::add, stats);
        for (int i = 0; i < 5; i++) {
            accept(stamped("web-1", 0, 1_000_000L + i, "[ " + (100 + i) + "]     0   " + (100 + i)
                    + "    12345      678        0       65536        0             0 sleep"), WALL);
        }
        assertEquals(2, out.size());
        assertEquals(2, stats.overflowLines());
        assertEquals(1_000_000L, out.get(0).line().uptimeMicros(), "the oldest first");
        assertEquals(3, buffer.heldLines());
    }

    @Test
    void shouldDropAnExactRepeatOfALineAndCountIt() {
        final LogLine kill = stamped("web-1", 0, 1_000_100L, "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0");
        accept(kill, WALL);
        accept(kill, WALL + 1);
        buffer.tick(WALL + 3_001);
        assertEquals(1, out.size());
        accept(kill, WALL + 3_500); // a copy after the original left: still known
        assertEquals(1, out.size());
        assertEquals(2, stats.duplicateLines());
        assertEquals(0, stats.lateLines());
    }

    @Test
    void shouldKeepIdenticalPerCpuLinesOfOneSecondWithoutStamps() {
        // E2/E3 show_free_areas prints the same per-cpu line under each zone's "per-cpu:" header.
        final List<String> lines = List.of("Node 0 DMA per-cpu:", "CPU    0: hi:    0, btch:   1 usd:   0",
                "Node 0 DMA32 per-cpu:", "CPU    0: hi:    0, btch:   1 usd:   0");
        for (final String l : lines) {
            accept(plain("old-1", 0, l), WALL);
        }
        buffer.tick(WALL + 3_000);
        assertEquals(4, out.size(), "a line a report prints twice is not a copy");
        assertEquals(0, stats.duplicateLines());
    }

    @Test
    void shouldPassRepeatedLinesAsOftenAsOneCopyHoldsThemWhenTwoCopiesArrive() {
        // "Mem-info:" never repeats in a report: its second arrival says a second copy is coming in.
        final List<String> lines = List.of("Mem-info:", "Node 0 DMA per-cpu:", "CPU    0: hi:    0, btch:   1 usd:   0",
                "Node 0 DMA32 per-cpu:", "CPU    0: hi:    0, btch:   1 usd:   0");
        for (final String l : lines) { // two replays of one log, line by line
            accept(plain("old-1", 0, l), WALL);
            accept(plain("old-1", 0, l), WALL);
        }
        buffer.tick(WALL + 3_000);
        assertEquals(lines.stream().sorted().toList(), messages().stream().sorted().toList(),
                "the lines one copy holds, each as often");
        assertEquals(lines.get(0), messages().get(0));
        assertEquals(5, stats.duplicateLines());
    }

    @Test
    void shouldKeepHeldLinesAcrossARestart() {
        accept(stamped("web-1", 0, 1_000_100L, "Mem-Info:"), WALL);
        accept(stamped("web-1", 0, 1_000_000L, "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"), WALL);
        assertEquals(2, store.heldLines());
        // The task moves or the process restarts: a new buffer on the same (restored) store.
        buffer = new ReorderBuffer(CONFIG, store, out::add, stats);
        accept(stamped("web-1", 0, 1_000_100L, "Mem-Info:"), WALL + 100);
        assertEquals(1, stats.duplicateLines(), "the fingerprints came back too");
        buffer.tick(WALL + 3_000);
        assertEquals(List.of("java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "Mem-Info:"), messages());
        assertEquals(0, store.heldLines());
    }

    /**
     * A task moved after its instance died: its held lines are read back from the store by a process that took it
     * 40 s later (session timeout, restore). The input's clock is stuck (the partitions that fed the dead instance have
     * not reported yet), and the lines must not count those 40 s against the longest hold: the report's first line,
     * which the new owner of its partition reads again, still comes out first.
     */
    @Test
    void shouldNotCountTheTimeATaskSpentMovingAgainstItsHeldLines() {
        final long stuck = WALL - 1; // the input's clock: nothing after the lines' arrival proven read
        final String trigger = "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
        final String kill = "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, "
                + "file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0";
        final LogLine memInfo = stamped("web-1", 0, 1_000_100L, "Mem-Info:");
        final LogLine killLine = stamped("web-1", 0, 1_000_300L, kill);
        buffer.accept(memInfo, KernelGrammar.classify(memInfo), WALL, stuck, WALL);
        buffer.accept(killLine, KernelGrammar.classify(killLine), WALL, stuck, WALL);
        final long moved = WALL + 40_000;
        buffer = new ReorderBuffer(CONFIG, store, out::add, stats);
        buffer.tick(stuck, moved, () -> true);
        assertTrue(out.isEmpty(), "40 s without an owner is not 40 s held: " + messages());
        assertEquals(WALL, buffer.earliestHeldReportEnd(), "the kill line read back is known as held");
        final LogLine first = stamped("web-1", 0, 1_000_000L, trigger);
        buffer.accept(first, KernelGrammar.classify(first), WALL, stuck, moved + 1_000);
        buffer.tick(WALL + 3_000, moved + 2_000, () -> true); // every partition reports again
        assertEquals(List.of(trigger, "Mem-Info:", kill), messages());
        assertEquals(Long.MAX_VALUE, buffer.earliestHeldReportEnd());
        assertEquals(0, stats.lateLines());
        assertEquals(0, stats.heldTooLongLines());
    }

    @Test
    void shouldStillEndTheHoldOfARestoredLineOnceHeldTheLongestHoldHere() {
        final LogLine memInfo = stamped("web-1", 0, 1_000_100L, "Mem-Info:");
        buffer.accept(memInfo, KernelGrammar.classify(memInfo), WALL, WALL - 1, WALL);
        buffer = new ReorderBuffer(CONFIG, store, out::add, stats);
        final long moved = WALL + 40_000;
        buffer.tick(WALL - 1, moved, () -> true);
        buffer.tick(WALL - 1, moved + ReorderConfig.MAX_HOLD.toMillis() - 1, () -> true);
        assertTrue(out.isEmpty());
        buffer.tick(WALL - 1, moved + ReorderConfig.MAX_HOLD.toMillis(), () -> true);
        assertEquals(List.of("Mem-Info:"), messages(), "the clock never moved: the bound still holds, from the restore");
        assertEquals(1, stats.heldTooLongLines());
    }

    @Test
    void shouldForgetAQuietHostAfterTwoWindows() {
        accept(stamped("web-1", 0, 1_000_000L, "Mem-Info:"), WALL);
        buffer.tick(WALL + 3_000);
        assertEquals(1, store.seenLines());
        buffer.tick(WALL + 6_000);
        assertEquals(0, store.seenLines(), "nothing kept for a host that went quiet");
    }

    /**
     * A partition whose appends stalled for 110 s (the broker test saw it on a loaded machine): part of a report comes
     * long after the rest went on and its host was forgotten. Its lines are late, and counted so; they still go on.
     */
    @Test
    void shouldCountLinesOfAReportPassedOnBeforeItsHostWasForgottenAsLate() {
        accept(stamped("web-1", 0, 1_000_000L, "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"), WALL);
        accept(stamped("web-1", 0, 1_000_300L, "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0"), WALL);
        buffer.tick(WALL + 3_000);
        buffer.tick(WALL + 9_000);
        assertEquals(0, store.seenLines(), "the host was forgotten");
        accept(stamped("web-1", 0, 1_000_100L, "Mem-Info:"), WALL + 110_000);
        accept(stamped("web-1", 0, 1_000_200L, "Tasks state (memory values in pages):"), WALL + 110_000);
        assertEquals(2, stats.lateLines());
        buffer.tick(WALL + 113_000);
        assertEquals(List.of("java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
                "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0",
                "Mem-Info:", "Tasks state (memory values in pages):"), messages(), "passed on, in their order");
        accept(stamped("web-1", 200_000, 2_000_000L, "Mem-Info:"), WALL + 120_000);
        assertEquals(2, stats.lateLines(), "the host's next report is in time");
    }

    @Test
    void shouldPassALineWithoutATimeOnAtOnce() {
        buffer.accept(new LogLine("web-1", null, "kernel", null, "Mem-Info:", null, null, SourceFormat.RFC3164),
                null, WALL);
        assertEquals(1, out.size());
        assertEquals(1, stats.untimedLines());
    }

    // ---- the wait follows the input's disorder (fake clock: arrivals and ticks are the times passed in) ----

    /** Lines of one report of {@code host}: stamped task-table rows, log time {@code millis}, in the kernel's order. */
    private static List<LogLine> report(final String host, final long millis, final int lines) {
        final List<LogLine> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            out.add(stamped(host, millis, millis * 1_000 + i, "[ " + (1000 + i) + "]     0  " + (1000 + i)
                    + "    12345      678        0       65536        0             0 sleep"));
        }
        return out;
    }

    /** One arrival of a line, at {@code at}. */
    private record Arrival(LogLine line, long at, long order) {
    }

    /**
     * Reports of 40 lines every 250 ms of log time, for {@code seconds}, from {@code from} on, each line arriving at its
     * log time plus up to {@code jitter} ms (0: in order); hosts in turn.
     */
    private static List<Arrival> reports(final long from, final int seconds, final long jitter, final long seed) {
        final java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        final List<Arrival> out = new ArrayList<>();
        long order = 0;
        for (long t = from; t < from + seconds * 1_000L; t += 250) {
            for (final LogLine l : report("host-" + (t / 250) % 7, t, 40)) {
                out.add(new Arrival(l, WALL + t + (jitter == 0 ? 0 : rnd.nextLong(jitter)), order++));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Arrival::at).thenComparingLong(Arrival::order));
        return out;
    }

    /** A buffer with room for the reports of these tests (CONFIG holds 100 lines per host). */
    private void roomy() {
        buffer = new ReorderBuffer(new ReorderConfig(Duration.ofSeconds(3), 10_000), store, out::add, stats);
    }

    /** Feeds the arrivals in order, the clock ticking every 10 ms between them. */
    private void play(final List<Arrival> arrivals) {
        long clock = arrivals.get(0).at();
        for (final Arrival a : arrivals) {
            for (; clock < a.at(); clock += 10) {
                buffer.tick(clock);
            }
            accept(a.line(), a.at());
        }
        for (final long end = clock + 5_000; clock <= end; clock += 10) {
            buffer.tick(clock);
        }
    }

    /** Per host, the lines came out in stamp order. */
    private void assertInStampOrderPerHost() {
        final java.util.Map<String, Long> last = new java.util.HashMap<>();
        for (final ReorderBuffer.Released r : out) {
            final Long before = last.put(r.line().host(), r.line().uptimeMicros());
            assertTrue(before == null || before < r.line().uptimeMicros(), "in order: " + r.line());
        }
    }

    @Test
    void shouldReleaseAnOrderedInputsLinesAfterTheMarginOnceWarm() {
        roomy();
        play(reports(0, 10, 0, 1)); // 40 reports: 1,560 lines that could have shown disorder, over 10 s
        assertEquals(ArrivalDisorder.MARGIN_MILLIS, buffer.waitMillis(), "no disorder seen: the margin only");
        out.clear();
        final List<LogLine> report = report("late-host", 60_000, 5);
        for (final LogLine l : report) {
            accept(l, WALL + 60_000);
        }
        buffer.tick(WALL + 60_000 + ArrivalDisorder.MARGIN_MILLIS - 1);
        assertTrue(out.isEmpty(), "held for the margin");
        buffer.tick(WALL + 60_000 + ArrivalDisorder.MARGIN_MILLIS);
        assertEquals(5, out.size(), "released after the margin, not the window");
        assertEquals(0, stats.lateLines());
    }

    @Test
    void shouldNotTakeASecondCopyOfAReportForDisorder() {
        roomy();
        play(reports(0, 10, 0, 1));
        assertEquals(ArrivalDisorder.MARGIN_MILLIS, buffer.waitMillis());
        out.clear();
        // E3 show_free_areas without stamps; a shipper delivers the report again 150 ms later (within the wait),
        // so the copy's per-cpu lines, which a report prints more than once, go next to their twins, before the
        // first copy's zone and buddy lines that arrived 150 ms before them.
        final List<String> lines = List.of("Mem-Info:", "Node 0 DMA per-cpu:", "CPU    0: hi:    0, btch:   1 usd:   0",
                "Node 0 DMA32 per-cpu:", "CPU    0: hi:  186, btch:  31 usd: 173",
                "Node 0 DMA free:15904kB min:20kB low:24kB high:28kB present:15320kB pages_scanned:0 all_unreclaimable? yes",
                "Node 0 DMA: 4*4kB 2*8kB 2*16kB 3*32kB 2*64kB 2*128kB 0*256kB 0*512kB 1*1024kB 1*2048kB 3*4096kB = 15904kB");
        final long at = WALL + 60_000;
        for (final String l : lines) {
            accept(plain("old-1", 60_000, l), at);
        }
        for (final String l : lines) {
            accept(plain("old-1", 60_000, l), at + 150);
        }
        assertEquals(ArrivalDisorder.MARGIN_MILLIS, buffer.waitMillis(), "a copy is not disorder: the wait stays");
        buffer.tick(at + 150 + ArrivalDisorder.MARGIN_MILLIS);
        assertEquals(lines, messages(), "one copy, in the report's order");
        assertEquals(0, stats.lateLines());
        // Contrast: a line of its own that arrives 150 ms after a line it precedes is disorder.
        accept(plain("old-2", 70_000, lines.get(6)), at + 10_000);
        accept(plain("old-2", 70_000, lines.get(5)), at + 10_150);
        assertEquals(150 + 150 / 4 + ArrivalDisorder.MARGIN_MILLIS, buffer.waitMillis());
    }

    @Test
    void shouldWaitTheWholeWindowUntilTheInputHasShownItsDisorder() {
        roomy();
        final List<LogLine> report = report("first-host", 0, 5);
        for (final LogLine l : report) {
            accept(l, WALL);
        }
        buffer.tick(WALL + 2_999);
        assertTrue(out.isEmpty(), "right after a start: the window");
        assertEquals(3_000, buffer.waitMillis());
    }

    @Test
    void shouldNeverPassALineOfAnInputShuffledWithinTwoSecondsLate() {
        roomy();
        final List<Arrival> arrivals = reports(0, 120, 2_000, 7);
        play(arrivals);
        assertEquals(0, stats.lateLines(), "no line late, during the warm-up (the window) or after (the wait)");
        assertEquals(arrivals.size(), out.size());
        assertInStampOrderPerHost();
        assertTrue(buffer.waitMillis() >= 2_000 && buffer.waitMillis() < 3_000,
                "the wait follows the disorder, under the window: " + buffer.waitMillis());
    }

    /** Reports as {@link #reports} in order, but for one line of each (its 21st) that arrives {@code delay} ms late. */
    private static List<Arrival> oneLineDelayed(final long from, final int seconds, final long delay) {
        final List<Arrival> out = new ArrayList<>();
        long order = 0;
        for (long t = from; t < from + seconds * 1_000L; t += 250) {
            final List<LogLine> r = report("host-" + (t / 250) % 7, t, 40);
            for (int i = 0; i < r.size(); i++) {
                out.add(new Arrival(r.get(i), WALL + t + (i == 20 ? delay : 0), order++));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Arrival::at).thenComparingLong(Arrival::order));
        return out;
    }

    @Test
    void shouldCountALaterBurstOfLargerDisorderLateNeverDropItAndWaitLongerAfter() {
        roomy();
        play(reports(0, 10, 0, 1));
        assertEquals(ArrivalDisorder.MARGIN_MILLIS, buffer.waitMillis());
        // A relay starts holding back one line of each report for a second: more than the wait.
        final List<Arrival> burst = oneLineDelayed(20_000, 1, 1_000);
        final int before = out.size();
        play(burst);
        final long lateInBurst = stats.lateLines();
        assertTrue(lateInBurst > 0, "a line a second behind the lines after it, waited for 0.2 s: late");
        assertEquals(before + burst.size(), out.size(), "late lines are passed on, never dropped");
        assertTrue(out.stream().filter(ReorderBuffer.Released::late).count() == lateInBurst, "marked late");
        assertTrue(buffer.waitMillis() >= 1_000 && buffer.waitMillis() <= 3_000,
                "the wait grew to the disorder seen: " + buffer.waitMillis());
        final List<Arrival> more = oneLineDelayed(40_000, 20, 1_000);
        play(more);
        assertEquals(lateInBurst, stats.lateLines(), "the same disorder again: nothing late");
        assertEquals(before + burst.size() + more.size(), out.size());
    }
}
