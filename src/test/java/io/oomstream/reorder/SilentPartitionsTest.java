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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * When the reorder stage's longest hold may end while input partitions are silent: never while a silent partition
 * still has records nobody read (its task is failing over, and its lines come before the lines held), and the order a
 * report comes out in when an instance dies for longer than the old 30 s bound. Virtual clocks only.
 */
class SilentPartitionsTest {

    private static final IntPredicate NOTHING_UNREAD = p -> false;
    private final SilentPartitions silent = new SilentPartitions();

    @Test
    void shouldNotEndTheHoldWhileEveryPartitionReports() {
        silent.heard(0, 1_000);
        silent.heard(1, 1_000);
        assertFalse(silent.holdMayEnd(2, 1_000 + SilentPartitions.SILENT_MILLIS - 1, NOTHING_UNREAD));
    }

    @Test
    void shouldEndTheHoldOfASilentPartitionOnlyWhenNothingIsLeftToReadInIt() {
        silent.heard(0, 10_000);
        silent.heard(1, 1_000);
        final long now = 10_000;
        assertFalse(silent.holdMayEnd(2, now, p -> p == 1), "partition 1 is failing over: its lines are to come");
        assertTrue(silent.holdMayEnd(2, now, p -> p == 0), "partition 1 read to its end; 0 reports");
        assertTrue(silent.holdMayEnd(2, now, NOTHING_UNREAD));
    }

    @Test
    void shouldCountAPartitionNeverHeardFromAsSilent() {
        silent.heard(0, 10_000);
        assertFalse(silent.holdMayEnd(3, 10_000, p -> p == 2), "partition 2 has records and no mark yet");
        assertTrue(silent.holdMayEnd(3, 10_000, NOTHING_UNREAD));
    }

    @Test
    void shouldLetTheHoldEndWhenNothingIsKnownOfTheInput() {
        assertTrue(silent.holdMayEnd(0, 0, p -> true), "partition count not known: as before, the bound applies");
        assertTrue(silent.holdMayEnd(SilentPartitions.HEARD_ONLY, 0, p -> true), "nothing heard");
        silent.heard(4, 0);
        assertFalse(silent.holdMayEnd(SilentPartitions.HEARD_ONLY, 1_000, p -> true), "the own partition reports");
        silent.clear();
        assertTrue(silent.holdMayEnd(SilentPartitions.HEARD_ONLY, 1_000, NOTHING_UNREAD));
    }

    // ---- an instance dies for 60 s: the stage and the decision together ----

    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private static final String TRIGGER = "java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0";
    private static final String MEM_INFO = "Mem-Info:";
    private static final String SUMMARY = "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
            + "global_oom,task_memcg=/system.slice/app.service,task=java,pid=4502,uid=998";
    private static final String KILL = "Out of memory: Killed process 4502 (java) total-vm:1520448kB, "
            + "anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0";

    private static LogLine line(final long uptimeMicros, final String msg) {
        return new LogLine("web-1", T, "kernel", null, msg, uptimeMicros, null, SourceFormat.RFC3164);
    }

    /**
     * A report spread over two input partitions at wall time 0: its first two lines on partition 1, whose instance dies
     * before reading them; its last two on partition 0, read by the surviving instance. Partition 1's new owner reads
     * its lines {@code failover} ms later. Every second the stage is told whether the hold may end, as
     * ReorderProcessor tells it, with partition 1 unread until then when {@code brokerKnowsUnread}.
     */
    private static List<String> dieFor(final long failover, final boolean brokerKnowsUnread, final ReorderStats stats) {
        final List<String> out = new ArrayList<>();
        final ReorderBuffer buffer = new ReorderBuffer(new ReorderConfig(Duration.ofSeconds(3), 1_000),
                new InMemoryReorderStore(), r -> out.add(r.line().message()), stats);
        final SilentPartitions silent = new SilentPartitions();
        final Map<Integer, Long> progress = new HashMap<>();
        progress.put(0, -1L);
        progress.put(1, -1L); // partition 1's last mark: just before the report's lines were appended
        silent.heard(0, 0);
        silent.heard(1, 0);
        for (final LogLine l : List.of(line(1_000_200L, SUMMARY), line(1_000_300L, KILL))) {
            buffer.accept(l, KernelGrammar.classify(l), 0, -1, 0);
        }
        for (long now = 1_000; now < failover; now += 1_000) {
            progress.put(0, now); // the survivor's partition moves with the clock
            silent.heard(0, now);
            final boolean failingOver = brokerKnowsUnread;
            buffer.clockMayStall(silent.holdMayEnd(2, now, p -> p == 1 && failingOver));
            buffer.tick(Math.min(progress.get(0), progress.get(1)), now, () -> true);
        }
        for (final LogLine l : List.of(line(1_000_000L, TRIGGER), line(1_000_100L, MEM_INFO))) {
            buffer.accept(l, KernelGrammar.classify(l), 0, Math.min(progress.get(0), progress.get(1)), failover);
        }
        progress.put(1, failover); // partition 1 reports again, read up to now
        silent.heard(1, failover);
        buffer.clockMayStall(silent.holdMayEnd(2, failover, NOTHING_UNREAD));
        buffer.tick(failover, failover, () -> true);
        return out;
    }

    @Test
    void shouldKeepAReportInOrderThroughAFailoverLongerThanTheLongestHold() {
        final ReorderStats stats = new ReorderStats();
        assertEquals(List.of(TRIGGER, MEM_INFO, SUMMARY, KILL), dieFor(60_000, true, stats));
        assertEquals(0, stats.lateLines());
        assertEquals(0, stats.heldTooLongLines());
    }

    /** What the old 30 s bound did (and what the bound still does when the broker cannot say what is unread). */
    @Test
    void shouldShowTheKillLineGoingFirstWhenTheHoldEndsDuringTheFailover() {
        final ReorderStats stats = new ReorderStats();
        assertEquals(List.of(SUMMARY, KILL, TRIGGER, MEM_INFO), dieFor(60_000, false, stats));
        assertEquals(2, stats.heldTooLongLines());
        assertEquals(2, stats.lateLines(), "the report's first lines came after its kill line had gone on");
    }
}
