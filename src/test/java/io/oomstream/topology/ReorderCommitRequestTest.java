package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.metrics.Metrics;
import io.oomstream.reorder.ArrivalDisorder;
import io.oomstream.reorder.HeldLine;
import io.oomstream.reorder.HostMark;
import io.oomstream.reorder.ReorderBuffer;
import io.oomstream.reorder.ReorderConfig;
import io.oomstream.reorder.SeenLine;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reorder stage passes a line on when a progress mark frees it, and marks become visible only when their decode
 * task's transaction commits: a release comes just after a commit, so the event the released line completes would
 * wait almost a whole commit interval for the next one (BENCHMARKS.md, "The reorder stage's cost"). Releasing a line
 * the stitcher emits an event on (a kill, the reaper) asks for a commit at once; other lines do not, and the requests
 * of one instance are paced. No broker: the processor in a mock context, its clock moved by marks.
 */
class ReorderCommitRequestTest {

    private static final long WALL = 1_800_000_000_000L;
    private static final String KILL = "Out of memory: Killed process 4502 (java) total-vm:1520448kB, "
            + "anon-rss:1204880kB, file-rss:11640kB, shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0";

    private final MockProcessorContext<String, DecodeOutcome> context = new MockProcessorContext<>();
    private final CommitRequests commits = new CommitRequests();
    private ReorderProcessor processor;

    @BeforeEach
    void start() {
        addStore(Names.REORDER_HELD_STORE, new JsonSerde<>(HeldLine.class));
        addStore(Names.REORDER_SEEN_STORE, new JsonSerde<>(SeenLine.class));
        addStore(Names.REORDER_HOSTS_STORE, new JsonSerde<>(HostMark.class));
        processor = new ReorderProcessor(ReorderConfig.defaults(), new Metrics(),
                new ArrivalDisorder(ReorderConfig.DEFAULT_WINDOW), true, commits, InputEnds.SYNCHRONOUS);
        processor.init(context);
        context.setCurrentSystemTimeMs(WALL);
        context.setCurrentStreamTimeMs(WALL);
    }

    private <V> void addStore(final String name, final Serde<V> serde) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), serde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    /** A line of {@code host} appended to the input at {@code appended}, then the mark that frees it (the window on). */
    private List<String> lineThenFreeingMark(final String host, final String message, final long appended) {
        final LogLine line = new LogLine(host, Instant.ofEpochMilli(appended), "kernel", null, message, 1_000_000L,
                null, SourceFormat.RFC3164);
        context.resetForwards();
        processor.process(new Record<>(host, new DecodeOutcome(HostLine.of(line), null, KernelGrammar.classify(line)),
                appended));
        assertTrue(context.forwarded().isEmpty(), "held until the clock passes its arrival plus the wait");
        assertEquals(ReorderBuffer.endsReport(KernelGrammar.classify(line))
                        ? appended + ReorderConfig.DEFAULT_WINDOW.toMillis() : Long.MAX_VALUE,
                commits.earliestHeldReportEnd(), "the decode tasks learn when a held kill may go");
        processor.process(new Record<>("", DecodeOutcome.progress(new SourceProgress(0,
                appended + ReorderConfig.DEFAULT_WINDOW.toMillis(), 1)), appended));
        assertEquals(Long.MAX_VALUE, commits.earliestHeldReportEnd(), "released: no kill held");
        return context.forwarded().stream().map(f -> f.record().value().line().message()).toList();
    }

    @Test
    void shouldAskForACommitWhenItPassesOnAKillLine() {
        assertEquals(List.of("Mem-Info:"), lineThenFreeingMark("web-1", "Mem-Info:", WALL - 5_000));
        assertFalse(context.committed(), "a line inside a report completes no event: the commit comes on schedule");
        assertEquals(List.of(KILL), lineThenFreeingMark("web-1", KILL, WALL - 4_000));
        assertTrue(context.committed(), "the kill line's event goes out with a commit asked for now");
    }

    @Test
    void shouldAskForAtMostOneCommitPerSpacingPerInstance() {
        assertEquals(List.of(KILL), lineThenFreeingMark("web-1", KILL, WALL - 5_000));
        assertTrue(context.committed());
        context.resetCommit();
        context.setCurrentSystemTimeMs(WALL + CommitRequests.SPACING_MILLIS - 1);
        assertEquals(List.of(KILL), lineThenFreeingMark("web-2", KILL, WALL - 4_000));
        assertFalse(context.committed(), "a storm of kills must not commit once per kill");
        context.setCurrentSystemTimeMs(WALL + CommitRequests.SPACING_MILLIS);
        assertEquals(List.of(KILL), lineThenFreeingMark("web-3", KILL, WALL - 3_000));
        assertTrue(context.committed());
    }

    /**
     * The other half: the decode task whose progress mark passes the time a held kill may go asks for a commit, so
     * the mark (and the release it brings) does not wait for the next commit interval; once per held kill and task.
     */
    @Test
    void shouldAskForACommitWhenADecodeTasksMarkMayFreeAHeldKill() {
        final DecodeProcessor decode = new DecodeProcessor(OomTopology.decoderOptions(), new Metrics(),
                InputEnds.SYNCHRONOUS, commits);
        final MockProcessorContext<String, DecodeOutcome> decodeContext = new MockProcessorContext<>(
                new java.util.Properties(), new org.apache.kafka.streams.processor.TaskId(0, 3), null);
        decode.init(decodeContext);
        final org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator marks =
                decodeContext.scheduledPunctuators().get(0);
        commits.heldReportEnd("1_5", WALL + 1_000);
        marks.getPunctuator().punctuate(WALL + 999); // caught up as of then: the mark says WALL + 999
        assertFalse(decodeContext.committed(), "the mark cannot free the kill yet");
        marks.getPunctuator().punctuate(WALL + 1_000);
        assertTrue(decodeContext.committed(), "this mark may free it");
        decodeContext.resetCommit();
        marks.getPunctuator().punctuate(WALL + 1_000 + CommitRequests.SPACING_MILLIS);
        assertFalse(decodeContext.committed(), "asked once for that kill, however long the others take");
        commits.heldReportEnd("1_5", Long.MAX_VALUE);
        marks.getPunctuator().punctuate(WALL + 2_000);
        assertFalse(decodeContext.committed(), "no kill held");
        assertEquals(4, decodeContext.forwarded().size(), "a mark every time");
    }

    /** The mark's commit request does not use up the release's: the event would wait for the next commit interval. */
    @Test
    void shouldAskForTheReleasesCommitRightAfterTheMarksCommit() {
        assertTrue(commits.mayAskForMark(WALL - 10), "the decode task's request for the mark that frees the kill");
        assertEquals(List.of(KILL), lineThenFreeingMark("web-1", KILL, WALL - 5_000));
        assertTrue(context.committed(), "the release asks too, 10 ms after the mark's request");
        assertFalse(commits.mayAskForMark(WALL), "marks are paced among themselves");
    }
}
