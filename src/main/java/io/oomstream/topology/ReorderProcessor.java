package io.oomstream.topology;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.metrics.Metrics;
import io.oomstream.reorder.ArrivalDisorder;
import io.oomstream.reorder.HeldLine;
import io.oomstream.reorder.HostMark;
import io.oomstream.reorder.ReorderBuffer;
import io.oomstream.reorder.ReorderConfig;
import io.oomstream.reorder.ReorderStats;
import io.oomstream.reorder.SeenLine;
import io.oomstream.reorder.SilentPartitions;
import io.oomstream.stitch.Stitcher;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the {@link ReorderBuffer} on the by-host stream, in front of the stitcher, with its state in changelogged
 * stores. A line goes on when its host's own lines have moved a window past it (checked as lines arrive), or when
 * it has waited a window (checked by a wall-clock tick, so a host that went quiet is flushed).
 *
 * <p>Waits are measured on the input's clock, not this process's: a line's arrival is its input record's append
 * time, and "now" is the least progress over every input partition, as the decode tasks report it in marks sent to
 * every partition ({@link SourceProgress}). So a line is held until every partition, however far one lags behind the
 * others (a catching-up instance, a starved thread), has been read up to its arrival plus the wait; lines a
 * producer spread over partitions meet here in order. A partition read to its end moves with the clock
 * ({@link InputEnds}). On a quiet input the marks stop once they have freed everything ({@link InputEnds#markMayFree}),
 * and come back when it grows. With input spread over partitions (not keyed by host) the clock stands still until every
 * input partition has sent a mark (after a start, or a task moved here). The wait is what the input has shown it
 * needs ({@link ArrivalDisorder}, shared by the instance's reorder tasks), at most the window.
 * {@link io.oomstream.reorder.ReorderConfig#MAX_HOLD} on this process's wall clock bounds how long a partition that
 * stopped reporting holds a line, but only once nothing is left to read in it: a partition whose task is failing over
 * has its unread lines still to come ({@link SilentPartitions}).
 *
 * <p>Lines leave with the classification the decoder made, when they still have it (not after a restart).
 */
final class ReorderProcessor extends ContextualProcessor<String, DecodeOutcome, String, DecodeOutcome> {

    static final String REORDER_LINES = "oomstream_reorder_lines_total";
    static final String REORDER_HELD = "oomstream_reorder_lines_held";
    /** Often enough that a quiet host's lines leave within a tenth of a second of their wait. */
    static final Duration WALL_CLOCK_TICK = Duration.ofMillis(100);
    /** Time one tick may spend passing lines on; the rest goes at the next tick (see StitchProcessor.TICK_BUDGET). */
    static final Duration TICK_BUDGET = Duration.ofMillis(100);

    private final ReorderConfig config;
    private final Metrics metrics;
    private final ArrivalDisorder disorder;
    /** Whether every input partition's marks come here (input spread over partitions), not only this task's own. */
    private final boolean allPartitions;
    private final CommitRequests commits;
    /** What this task last told {@link #commits} of its held report ends. */
    private long publishedDue = Long.MAX_VALUE;
    /** The input's partition count, as the marks tell it (0: not known). */
    private int inputPartitions;
    private final ReorderStats stats = new ReorderStats();
    private ReorderBuffer buffer;
    private KafkaReorderStore store;
    private String taskId;
    private final Published[] published = new Published[6];
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReorderProcessor.class);
    /** Late lines already logged, and when (a line late is rare enough on a healthy input to be worth a word). */
    private long lateLogged;
    private long lateLoggedAt;
    /** Late lines described one by one in the log (the first few of a task). */
    private int lateDescribed;
    /** Per input partition, its decode task's latest progress mark (append time, epoch ms). */
    private final java.util.Map<Integer, Long> progress = new java.util.HashMap<>();
    /** When each input partition's last mark came, for the longest hold. */
    private final SilentPartitions silent = new SilentPartitions();
    /** The input's end and committed offsets: whether a silent partition still has lines to come. */
    private final InputEnds ends;
    private boolean endsOpen;


    /**
     * @param commits paces the commits asked for after a line that ends a report (one per instance)
     * @param ends    the input partitions' end and committed offsets (one per instance)
     */
    ReorderProcessor(final ReorderConfig config, final Metrics metrics, final ArrivalDisorder disorder,
                     final boolean allPartitions, final CommitRequests commits, final InputEnds ends) {
        this.config = config;
        this.metrics = metrics;
        this.disorder = disorder;
        this.allPartitions = allPartitions;
        this.commits = commits;
        this.ends = ends;
    }

    @Override
    public void init(final ProcessorContext<String, DecodeOutcome> context) {
        super.init(context);
        // Revived (closed dirty, initialised again: same object), the task reads its input again from the committed
        // offset: marks read before are not proof of anything the stores now hold.
        progress.clear();
        silent.clear();
        inputPartitions = 0;
        if (!endsOpen) {
            ends.open();
            endsOpen = true;
        }
        final KeyValueStore<String, HeldLine> held = context.getStateStore(Names.REORDER_HELD_STORE);
        final KeyValueStore<String, SeenLine> seen = context.getStateStore(Names.REORDER_SEEN_STORE);
        final KeyValueStore<String, HostMark> marks = context.getStateStore(Names.REORDER_HOSTS_STORE);
        store = new KafkaReorderStore(held, seen, marks);
        buffer = newBuffer();
        taskId = context.taskId().toString();
        final String help = "Lines the reorder stage passed on out of order (late), dropped as a second copy "
                + "(duplicate), passed on early (overflow; held_too_long: held 30 s while a partition with nothing "
                + "left to read sent no marks), put back in place (reordered) or could not order (untimed)";
        published[0] = new Published(metrics.counter(REORDER_LINES, help, "outcome", "late"), stats::lateLines);
        published[1] = new Published(metrics.counter(REORDER_LINES, help, "outcome", "duplicate"), stats::duplicateLines);
        published[2] = new Published(metrics.counter(REORDER_LINES, help, "outcome", "overflow"), stats::overflowLines);
        published[3] = new Published(metrics.counter(REORDER_LINES, help, "outcome", "reordered"), stats::reorderedLines);
        published[4] = new Published(metrics.counter(REORDER_LINES, help, "outcome", "untimed"), stats::untimedLines);
        published[5] = new Published(metrics.counter(REORDER_LINES, help, "outcome", "held_too_long"),
                stats::heldTooLongLines);
        final Metrics.Gauge heldGauge = metrics.gauge(REORDER_HELD, "Lines the reorder stage holds now", "task", taskId);
        // One per instance, like the disorder it reads (each of its tasks registers the same supplier again).
        metrics.gauge(Metrics.REORDER_WAIT, "How long a line waits in the reorder stage now: the input's recent "
                + "arrival disorder plus a margin, the whole window until the stage has seen the input's disorder for "
                + "a while (after a start)", () -> disorder.waitMillis() / 1000.0);
        context.schedule(WALL_CLOCK_TICK, PunctuationType.WALL_CLOCK_TIME, ts -> {
            final long deadline = System.nanoTime() + TICK_BUDGET.toNanos();
            try {
                buffer.tick(inputNow(), ts, () -> System.nanoTime() < deadline);
                publishHeldReportEnd();
            } catch (final RuntimeException e) {
                buffer = newBuffer(); // its memory may be ahead of the store: read the store again
                throw e;
            }
            heldGauge.set(buffer.heldLines());
            logLate(ts);
            for (final Published p : published) {
                p.publish();
            }
        });
    }

    /** The input's clock: the least progress over the partitions that reported (none yet: nothing is proven). */
    private long inputNow() {
        buffer.clockMayStall(clockMayStall(context().currentSystemTimeMs()));
        if (allPartitions && (inputPartitions == 0 || progress.size() < inputPartitions)) {
            // A partition not heard from may be anywhere behind; until a mark says how many there are, any may be.
            return Long.MIN_VALUE / 4;
        }
        long least = Long.MAX_VALUE;
        for (final long p : progress.values()) {
            least = Math.min(least, p);
        }
        return least == Long.MAX_VALUE ? Long.MIN_VALUE / 4 : least;
    }

    /** At most every 10 s: how many lines came late since, with the wait and the clock, for whoever reads the log. */
    private void logLate(final long wall) {
        final long late = stats.lateLines();
        if (late > lateLogged && wall - lateLoggedAt >= 10_000) {
            LOG.warn("reorder task {}: {} line(s) came after lines they precede had gone on (stitched out of order); "
                    + "{} in all, {} passed on after {} (a partition without marks); wait now {} ms, input clock "
                    + "{} ms behind this process", taskId, late - lateLogged, late, stats.heldTooLongLines(),
                    ReorderConfig.MAX_HOLD, buffer.waitMillis(), wall - inputNow());
            lateLogged = late;
            lateLoggedAt = wall;
        }
    }

    /** Whether the longest hold applies now: a partition is silent with nothing left to read ({@link SilentPartitions}). */
    private boolean clockMayStall(final long wall) {
        final int watched = allPartitions ? Math.max(inputPartitions, ends.partitions()) : SilentPartitions.HEARD_ONLY;
        return silent.holdMayEnd(watched, wall, ends::unread);
    }

    private ReorderBuffer newBuffer() {
        return new ReorderBuffer(config, store, this::forward, stats, disorder);
    }

    @Override
    public void process(final Record<String, DecodeOutcome> record) {
        final SourceProgress mark = record.value().progress();
        if (mark != null) {
            progress.merge(mark.partition(), mark.millis(), Math::max);
            silent.heard(mark.partition(), context().currentSystemTimeMs());
            inputPartitions = Math.max(inputPartitions, mark.partitions());
            // The clock moved: the lines it frees go now, not at the next tick.
            final long deadline = System.nanoTime() + TICK_BUDGET.toNanos();
            try {
                buffer.tick(inputNow(), context().currentSystemTimeMs(), () -> System.nanoTime() < deadline);
                publishHeldReportEnd();
            } catch (final RuntimeException e) {
                buffer = newBuffer();
                throw e;
            }
            return;
        }
        final HostLine line = record.value().line();
        if (line == null) {
            return;
        }
        try {
            if (!allPartitions) {
                // Input keyed by host: this task reads its own input partition, in order, so a line appended at T shows
                // that partition read up to T; the clock moves with each line, not only with the marks, which come
                // from a punctuation that a stream thread busy with a backlog runs late (lines then left in bursts).
                final long appended = record.timestamp();
                context().recordMetadata().ifPresent(m -> progress.merge(m.partition(), appended, Math::max));
            }
            final long now = inputNow();
            // A record stamped ahead of this clock (a producer-set time) waits as if it arrived now.
            final long wall = context().currentSystemTimeMs();
            final long lateBefore = stats.lateLines();
            buffer.accept(line.toLogLine(), record.value().classified(), Math.min(record.timestamp(), wall), now, wall);
            if (!allPartitions) {
                final long deadline = System.nanoTime() + TICK_BUDGET.toNanos();
                buffer.tick(now, wall, () -> System.nanoTime() < deadline); // other hosts' lines the clock freed
            }
            publishHeldReportEnd();
            if (stats.lateLines() > lateBefore && lateDescribed < 5) {
                lateDescribed++;
                LOG.warn("reorder task {}: late line of {} at {} (stamp {}), appended {} ms before the input clock "
                        + "{}; wait {} ms; marks {}: {}", taskId, line.host(), line.epochMillis(),
                        line.uptimeMicros(), now - record.timestamp(), now, buffer.waitMillis(), progress,
                        line.message().length() > 60 ? line.message().substring(0, 60) : line.message());
            }
        } catch (final RuntimeException e) {
            buffer = newBuffer();
            throw e;
        }
    }

    private void forward(final ReorderBuffer.Released r) {
        context().forward(new Record<>(Stitcher.hostKey(r.line().host()),
                new DecodeOutcome(HostLine.of(r.line()), null, r.classified()),
                Math.max(0, context().currentStreamTimeMs())));
        if (endsAReport(r) && commits.mayAsk(context().currentSystemTimeMs())) {
            // A line is released when a progress mark frees it, and marks become visible only when their decode task's
            // transaction commits: so a release comes just after a commit, and the event it completes would wait
            // almost a whole commit interval for the next one. Asked for, the commit comes at the end of this pass of
            // the stream thread (a request, paced by CommitRequests).
            context().commit();
        }
    }

    /** Whether the stitcher may emit an event on this line (a kill, the reaper, a userspace kill). */
    static boolean endsAReport(final ReorderBuffer.Released r) {
        return ReorderBuffer.endsReport(r.classified() != null ? r.classified() : KernelGrammar.classify(r.line()));
    }

    /** Tells the instance's decode tasks when this task's first held report end may go (see CommitRequests). */
    private void publishHeldReportEnd() {
        final long arrived = buffer.earliestHeldReportEnd();
        final long due = arrived == Long.MAX_VALUE ? Long.MAX_VALUE : arrived + buffer.waitMillis();
        if (due != publishedDue) {
            publishedDue = due;
            commits.heldReportEnd(taskId, due);
        }
    }

    @Override
    public void close() {
        if (endsOpen) {
            endsOpen = false;
            ends.close();
        }
        if (taskId != null) {
            metrics.remove(REORDER_HELD, "task", taskId);
            commits.heldReportEnd(taskId, Long.MAX_VALUE);
            publishedDue = Long.MAX_VALUE;
        }
    }

    /** A counter and the statistic it mirrors: the counter gets the difference since the last tick. */
    private static final class Published {
        private final Metrics.Counter counter;
        private final LongSupplier source;
        private long done;

        Published(final Metrics.Counter counter, final LongSupplier source) {
            this.counter = counter;
            this.source = source;
        }

        void publish() {
            final long now = source.getAsLong();
            if (now > done) {
                counter.inc(now - done);
                done = now;
            }
        }
    }
}
