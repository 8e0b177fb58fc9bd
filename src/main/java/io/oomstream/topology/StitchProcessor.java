package io.oomstream.topology;

import io.oomstream.event.OomEvent;
import io.oomstream.incident.Kill;
import io.oomstream.metrics.Metrics;
import io.oomstream.stitch.HostState;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.StitchStats;
import io.oomstream.stitch.Stitcher;
import io.oomstream.stitch.StitcherConfig;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the {@link Stitcher} on the by-host stream with its state in changelogged stores.
 * Timers run on the stitcher's input clock: the partition's stream time (the records' own times)
 * while records keep coming, however far behind; the wall clock carries it forward only while the
 * partition's stream time stands still (caught up, or gone quiet). Both ticks read only the hosts
 * whose timer is due.
 *
 * <p>Events leave stamped with processing time, not log time: a broker refuses records
 * more than an hour in the future, and log times can be years off (clock skew, a wrongly
 * inferred year). Event time lives in the payload.
 */
final class StitchProcessor extends ContextualProcessor<String, DecodeOutcome, String, OomEvent> {

    /**
     * How often timers are checked. A timer fires up to one tick after it is due, so the tick is a fraction of the
     * reaper grace (1 s): at 1 s, a kill-ended report went out up to 2 s after its kill line. A tick reads only the
     * hosts whose timer is due (through the stitcher's time-ordered index), so four a second cost next to nothing
     * however many reports are open.
     */
    static final Duration STREAM_TIME_TICK = Duration.ofMillis(250);
    static final Duration WALL_CLOCK_TICK = Duration.ofMillis(250);
    /**
     * Time one tick may spend firing timers; the rest waits for the next tick. When a storm's reports time out
     * together (10,000 of them, each assembled from its stored lines), one punctuation firing them all ran past
     * the exactly-once transaction timeout (10 s) and the thread was fenced.
     */
    static final Duration TICK_BUDGET = Duration.ofMillis(100);

    private final StitcherConfig config;
    private final Metrics metrics;
    private Stitcher stitcher;
    private KafkaStitchStore store;
    private String taskId;

    StitchProcessor(final StitcherConfig config, final Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, OomEvent> context) {
        super.init(context);
        final KeyValueStore<String, HostState> open = context.getStateStore(Names.STITCH_OPEN_STORE);
        final KeyValueStore<String, ReportLine> lines = context.getStateStore(Names.STITCH_LINES_STORE);
        final KeyValueStore<String, RecentEvents> recent = context.getStateStore(Names.STITCH_RECENT_STORE);
        store = new KafkaStitchStore(open, lines, recent);
        stitcher = new Stitcher(config, store, this::emit, new StitchStats());
        // Stream time also moves with records the stitcher never sees (ordinary lines of the same partition): this
        // tick runs while they are processed, and tells the input clock that input is still arriving.
        context.schedule(STREAM_TIME_TICK, PunctuationType.STREAM_TIME, ts -> {
            stitcher.inputSeen(context.currentStreamTimeMs(), context.currentSystemTimeMs());
            advance(context.currentStreamTimeMs(), context.currentSystemTimeMs());
        });
        taskId = context.taskId().toString();
        final Metrics.Gauge reportsOpen = metrics.gauge(Metrics.REPORTS_OPEN, "OOM reports being stitched now",
                "task", taskId);
        context.schedule(WALL_CLOCK_TICK, PunctuationType.WALL_CLOCK_TIME, ts -> {
            advance(context.currentStreamTimeMs(), ts);
            reportsOpen.set(stitcher.openReports());
        });
    }

    private void advance(final long streamNow, final long wallNow) {
        final long deadline = System.nanoTime() + TICK_BUDGET.toNanos();
        try {
            stitcher.advance(streamNow, wallNow, () -> System.nanoTime() < deadline);
        } catch (final RuntimeException e) {
            store.forgetCached(); // a state changed in memory may not have been written
            throw e;
        }
    }

    @Override
    public void process(final Record<String, DecodeOutcome> record) {
        final HostLine line = record.value().line();
        if (line == null) {
            return;
        }
        try {
            stitcher.accept(line.toLogLine(), record.value().classified(), context().currentStreamTimeMs(),
                    context().currentSystemTimeMs());
        } catch (final RuntimeException e) {
            store.forgetCached(); // a state changed in memory may not have been written
            throw e;
        }
    }

    /** The task leaves this instance (rebalance, shutdown): its gauge must not linger with a stale value. */
    @Override
    public void close() {
        if (taskId != null) {
            metrics.remove(Metrics.REPORTS_OPEN, "task", taskId);
        }
    }

    private void emit(final OomEvent e) {
        // kill_shown: whether the log shows the kill; a report cut before its kill line is an event, never a kill,
        // and the kill-rate rule counts only kill_shown="true".
        metrics.counter(Metrics.EVENTS_EMITTED, "OOM events emitted (re-emissions of one event included)", "kind",
                e.kind().json(), "kill_shown", Boolean.toString(Kill.showsKill(e))).inc();
        if (!e.complete() && e.incompleteReason() != null) {
            metrics.counter(Metrics.EVENTS_INCOMPLETE, "Events emitted incomplete, by reason", "reason",
                    e.incompleteReason().json()).inc();
        }
        context().forward(new Record<>(e.eventId(), e, context().currentSystemTimeMs()));
    }
}
