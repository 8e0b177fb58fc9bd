package io.oomstream.topology;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.metrics.Metrics;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.Stitcher;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.DecoderOptions;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes each input record (any format {@link SyslogDecoder} knows) and applies the cheap
 * pre-filter: only lines that can belong to an OOM report, or refer to a kill, go on, keyed
 * by host. A record that yields no line goes to the dead-letter branch with the reason and
 * its source topic, partition and offset in headers; nothing stops.
 *
 * <p>A relevant line longer than {@link ReportLine#MAX_MESSAGE_CHARS} is dead-lettered ({@code line_too_long}):
 * only that much of a line travels to the stitcher, and the stitcher classifies what it receives, so a cut
 * line would be a different line there (a kill line whose name is cut off no longer ends in {@code ")"} and is
 * read as no report line at all: silently dropped). A kernel line is at most about 1 kB.
 *
 * <p>Each record is counted once in {@link Metrics#RECORDS_TOTAL} by its {@link RecordOutcome}.
 */
final class DecodeProcessor extends ContextualProcessor<byte[], byte[], String, DecodeOutcome> {

    static final String LINES_PREFILTERED = "oomstream_lines_prefiltered_total";
    static final String PASTE_REPAIRS = "oomstream_paste_repairs_total";
    static final String DECODED_HELP = "Input records decoded into at least one line";
    static final String PREFILTERED_HELP = "Decoded lines dropped by the pre-filter (not part of any OOM report)";
    static final String REPAIRS_HELP =
            "Lines repaired or read before the grammar saw them (pasted, exported or localised text)";
    static final String HEADER_REASON = "oomstream.error.reason";
    static final String HEADER_TOPIC = "oomstream.source.topic";
    static final String HEADER_PARTITION = "oomstream.source.partition";
    static final String HEADER_OFFSET = "oomstream.source.offset";
    static final String HEADER_TRUNCATED = "oomstream.truncated.from.bytes";
    /** The record's key bytes, when they are not UTF-8 (the dead-letter key is a string: it could not keep them). */
    static final String HEADER_KEY = "oomstream.source.key";
    /** Dead letters keep at most this much of the record, so one giant line cannot exceed the producer's limit. */
    static final int MAX_DEAD_LETTER_BYTES = 256 * 1024;

    private final SyslogDecoder decoder;
    private final Metrics.Counter decoded;
    private final Metrics.Counter undecodable;
    private final Metrics.Counter skipped;
    private final Metrics metrics;
    private final Metrics.Counter reportRecords;
    private final Metrics.Counter notAReportLine;
    private final OrdinaryCounting ordinaryCounting;
    private final RepairCounting repairs;
    private final SourceFieldCounting sourceFields;
    /** Whether to send progress marks to the reorder stage (it is on). */
    private final boolean marks;
    /** The input partitions' ends, for the marks (null without marks). */
    private final InputEnds ends;
    private boolean endsOpen;
    /** The newest input record time (LogAppendTime) decoded; marks carry it. */
    private long lastRecordMillis = Long.MIN_VALUE;
    /** The offset after the last input record decoded (0: none since the task started). */
    private long nextOffset;
    private final CommitRequests commits;
    /** The held report end this task last asked a commit for ({@link CommitRequests#earliestHeldReportEnd}). */
    private long askedForDue = Long.MIN_VALUE;
    /** How often the progress marks go out. */
    static final java.time.Duration MARK_INTERVAL = java.time.Duration.ofMillis(100);

    DecodeProcessor(final DecoderOptions options, final Metrics metrics) {
        this(options, metrics, null);
    }

    /** @param ends the input's end offsets when the reorder stage is on (progress marks), else null */
    DecodeProcessor(final DecoderOptions options, final Metrics metrics, final InputEnds ends) {
        this(options, metrics, ends, new CommitRequests());
    }

    /** @param commits when the instance's reorder stage holds a kill its marks may free (one per instance) */
    DecodeProcessor(final DecoderOptions options, final Metrics metrics, final InputEnds ends,
                    final CommitRequests commits) {
        this.marks = ends != null;
        this.ends = ends;
        this.commits = commits;
        this.decoder = new SyslogDecoder(options);
        this.decoded = metrics.counter(Metrics.RECORDS_DECODED, DECODED_HELP);
        this.undecodable = metrics.counter(Metrics.RECORDS_UNDECODABLE,
                "Input records that yielded no line (sent to the dead-letter topic)");
        this.skipped = metrics.counter(LINES_PREFILTERED, PREFILTERED_HELP);
        this.metrics = metrics;
        this.reportRecords = RecordOutcome.counter(metrics, RecordOutcome.REPORT, RecordOutcome.REPORT_LINE);
        this.ordinaryCounting = new OrdinaryCounting(metrics);
        this.notAReportLine = RecordOutcome.counter(metrics, RecordOutcome.ORDINARY, RecordOutcome.NOT_A_REPORT_LINE);
        this.repairs = new RepairCounting(metrics);
        this.sourceFields = new SourceFieldCounting(metrics);
    }

    @Override
    public void init(final org.apache.kafka.streams.processor.api.ProcessorContext<String, DecodeOutcome> context) {
        super.init(context);
        // A task Kafka Streams revives (closed dirty, initialised again: same object) reads again from the committed
        // offset: what it read before proves nothing now, and a mark claiming it would free lines still to come.
        lastRecordMillis = Long.MIN_VALUE;
        nextOffset = 0;
        if (marks) {
            final int partition = context.taskId().partition();
            ends.open();
            endsOpen = true;
            context.schedule(MARK_INTERVAL, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
                    wall -> {
                        // Read up to the partition's end as it stood at some time T: every record appended before T
                        // has been read, so the mark moves with the clock. Behind its end (a backlog, a starved
                        // thread, a slow fetch): only what was read counts.
                        final long progress = Math.max(lastRecordMillis, ends.caughtUpAt(partition, nextOffset, wall));
                        // Not once the input has been quiet so long that the marks sent freed everything
                        // (InputEnds.markMayFree): marks forever kept the by-host repartition growing and its
                        // consumer group never at its end.
                        if (progress != Long.MIN_VALUE && ends.markMayFree(progress)) {
                            // Stamped with the progress, not the wall clock: stream time downstream (the stitcher's
                            // idle timeout) must not run ahead of the input read so far. Marks stamped "now" jumped
                            // stream time by a lagging application's lag and cut open reports. (Stamped with the
                            // newest record read instead, the broker test lost more lines: not understood yet.)
                            context.forward(new Record<>("", DecodeOutcome.progress(
                                    new SourceProgress(partition, progress, ends.partitions())), Math.max(0, progress)));
                            final long due = commits.earliestHeldReportEnd();
                            if (progress >= due && due != askedForDue && commits.mayAskForMark(wall)) {
                                // This mark may free a held kill line: visible now, not at the next commit. Once per
                                // held kill and task: a partition far behind must not make every mark commit.
                                askedForDue = due;
                                context.commit();
                            }
                        }
                    });
        }
    }

    @Override
    public void close() {
        if (endsOpen) {
            endsOpen = false;
            ends.close();
        }
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        if (marks) {
            lastRecordMillis = Math.max(lastRecordMillis, record.timestamp());
            final java.util.Optional<RecordMetadata> source = context().recordMetadata();
            if (source.isPresent()) {
                nextOffset = Math.max(nextOffset, source.get().offset() + 1);
            }
        }
        if (record.value() == null) {
            undecodable(record, "empty record (null value)");
            return;
        }
        // OOM_REPORT_LINES: the pre-filter below, on a plain record's bytes (a kernel or systemd line the grammar
        // passes over is recognised with only its message built, like a line of any other program).
        // Decoded already when OrdinaryRecordFilter let it through (the one decoder that saw every record).
        final DecodeResult handed = context().recordMetadata()
                .map(m -> DecodeHandoff.take(m.topic(), m.partition(), m.offset())).orElse(null);
        final DecodeResult result = handed != null ? handed : decoder.decode(record.value(),
                record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : null,
                ProgramFilter.OOM_REPORT_LINES);
        if (result instanceof OrdinaryLine ordinary) {
            // One line the pre-filter drops: counted as the full decode and the pre-filter would count it.
            ordinaryCounting.count(ordinary);
            return;
        }
        final Decoded d = (Decoded) result;
        repairs.add(decoder.repairs());
        if (d.lines().isEmpty()) {
            undecodable(record, d.error() == null ? "no line in record" : d.error());
            return;
        }
        decoded.inc();
        sourceFields.count(d);
        boolean forwarded = false;
        String problem = d.error();
        for (final LogLine line : d.lines()) {
            // The pre-filter, a set lookup for most lines and the grammar only for kernel and systemd lines: the
            // line's classification when it can matter (handed on to the stitcher), else null.
            final Classified classified = KernelGrammar.reportLineClass(line);
            if (classified == null) {
                skipped.inc();
                continue;
            }
            if (!ReportLine.fitsWhole(line.message())) {
                problem = "line of " + line.message().length() + " chars from " + line.host() + ": longer than the "
                        + ReportLine.MAX_MESSAGE_CHARS + " a report line may hold (a kernel line is at most about 1 kB)";
                continue;
            }
            forwarded = true;
            context().forward(new Record<>(Stitcher.hostKey(line.host()), new DecodeOutcome(HostLine.of(line), null, classified),
                    record.timestamp(), new RecordHeaders()));
        }
        if (problem != null) {
            // Decoded in part (cut, too many lines) or a line that cannot travel whole: the good lines went on,
            // the record itself is kept with the reason.
            deadLetter(record, problem);
        } else if (forwarded) {
            reportRecords.inc();
        } else {
            notAReportLine.inc();
        }
    }

    private void undecodable(final Record<byte[], byte[]> record, final String reason) {
        undecodable.inc();
        deadLetter(record, reason);
    }

    private void deadLetter(final Record<byte[], byte[]> record, final String reason) {
        RecordOutcome.counter(metrics, RecordOutcome.DEAD_LETTER, RecordOutcome.reasonCode(reason)).inc();
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        context().recordMetadata().ifPresent((RecordMetadata m) -> {
            headers.add(HEADER_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(HEADER_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(HEADER_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key != null && !java.util.Arrays.equals(record.key(), key.getBytes(StandardCharsets.UTF_8))) {
            headers.add(HEADER_KEY, record.key());
        }
        byte[] raw = record.value() == null ? new byte[0] : record.value();
        if (raw.length > MAX_DEAD_LETTER_BYTES) {
            headers.add(HEADER_TRUNCATED, Integer.toString(raw.length).getBytes(StandardCharsets.UTF_8));
            raw = java.util.Arrays.copyOf(raw, MAX_DEAD_LETTER_BYTES);
        }
        context().forward(new Record<>(key, new DecodeOutcome(null, raw), record.timestamp(), headers));
    }
}
