package io.oomstream.offline;

import io.oomstream.event.OomEvent;
import io.oomstream.stitch.InMemoryStitchStore;
import io.oomstream.stitch.ReportLine;
import io.oomstream.stitch.StitchStats;
import io.oomstream.stitch.Stitcher;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.kernel.Classified;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.DecoderOptions;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.RecordJoiner;
import io.oomstream.syslog.SyslogDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The offline face of the hot path: decodes records line by line, stitches them with the same
 * {@link Stitcher} the Kafka topology uses, and hands out each event once, in its final state.
 *
 * <p>An event is final when no later version can come: its report's linger window has passed
 * in log time, or the input ended. Until then the newest version is held, so an event that
 * went out incomplete and was completed later is printed once, complete. Not thread-safe.
 */
public final class OfflineAnalysis {

    private final StitcherConfig config;
    private final DecoderOptions decoderOptions;
    private final Stitcher stitcher;
    private final StitchStats stats = new StitchStats();
    private final Consumer<OomEvent> out;
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final InputSummary summary = new InputSummary();
    private long streamNow = Long.MIN_VALUE;
    private java.time.Instant referenceTime = java.time.Instant.now();
    private long lastAdvance = Long.MIN_VALUE;
    /** Records of an input decoded inline before {@link DecodeAhead} takes over. */
    static final long INLINE_RECORDS = 1 << 16;
    private long inlineRecords = INLINE_RECORDS;

    /** One event version waiting to become final. */
    private record Held(OomEvent event, long streamTimeSeen) {
    }

    public OfflineAnalysis(final StitcherConfig config, final DecoderOptions decoderOptions,
                           final Consumer<OomEvent> finalEvents) {
        this.config = config;
        this.decoderOptions = decoderOptions;
        this.out = finalEvents;
        this.stitcher = new Stitcher(config, new InMemoryStitchStore(), this::hold, stats);
    }

    /**
     * Reads every record (one per line) of one input; each input gets its own decoder context. Pasted text is
     * repaired on the way ({@link RecordJoiner}: wrapped lines, lone stamps, grep separators; the decoder: quoting,
     * no-break spaces, learned prefixes); the repairs are counted in the summary. An input longer than
     * {@value #INLINE_RECORDS} records is decoded, from there on, on a thread of its own ({@link DecodeAhead}) while
     * this one stitches, in input order; {@code progress} is then told of each record on that thread.
     */
    public void read(final BufferedReader input, final ProgressListener progress) throws IOException {
        final SyslogDecoder decoder = new SyslogDecoder(decoderOptions);
        final RecordJoiner joiner = new RecordJoiner(decoder, ProgramFilter.OOM_RELEVANT);
        // One reference time for the whole input (year inference): asking the clock per line costs more than decoding.
        referenceTime = java.time.Instant.now();
        // Lines of a UTF-8 input are offered to the decoder as bytes first: an ordinary one never becomes a String.
        final RecordFeed feed = new RecordFeed(input, joiner, referenceTime, progress);
        final RecordJoiner.Sink sink = (record, result) -> accept(record, result, null);
        // A short input (a pasted report, a test fixture) is decoded here: a thread and its hand-offs would cost more
        // than they save. The joiner, with the record it holds back, then moves to the decoding thread.
        long inline = 0;
        boolean more = true;
        while (inline < inlineRecords && (more = feed.next(sink))) {
            inline++;
        }
        if (!more) {
            joiner.finish(sink);
        } else {
            try (DecodeAhead decoded = new DecodeAhead(feed, joiner)) {
                DecodeAhead.Batch batch;
                while ((batch = decoded.next()) != null) {
                    for (int i = 0; i < batch.size; i++) {
                        accept(batch.records[i], batch.results[i], batch.classes == null ? null : batch.classes[i]);
                    }
                }
            }
        }
        // The decoding thread, if any, has ended (next() returned null): its decoder is this thread's to read now.
        summary.repairs(decoder.repairs());
    }

    /** Records of an input decoded on the calling thread before the rest goes to a decoding thread (tests lower it). */
    void decodeAheadAfter(final long records) {
        inlineRecords = records;
    }

    /**
     * {@link #read} with decoding and stitching on the calling thread, one record after the other: the same result,
     * for callers that measure what one thread does (the bench's decode + stitch figure).
     */
    public void readOnOneThread(final BufferedReader input, final ProgressListener progress) throws IOException {
        final SyslogDecoder decoder = new SyslogDecoder(decoderOptions);
        final RecordJoiner joiner = new RecordJoiner(decoder, ProgramFilter.OOM_RELEVANT);
        referenceTime = java.time.Instant.now();
        final RecordFeed feed = new RecordFeed(input, joiner, referenceTime, progress);
        final RecordJoiner.Sink sink = (record, result) -> accept(record, result, null);
        while (feed.next(sink)) {
            // each record went to the sink, or is held by the joiner
        }
        joiner.finish(sink);
        summary.repairs(decoder.repairs());
    }

    /** Feeds one record through a decoder (for callers that own their decoder, e.g. the load generator's self-check). */
    public void accept(final SyslogDecoder decoder, final String record) {
        accept(record, decoder.decode(record, referenceTime, ProgramFilter.OOM_RELEVANT), null);
    }

    /** Stitches one record's decoded lines (for callers that decode the record themselves, to look at its lines too). */
    public void accept(final String record, final DecodeResult result) {
        accept(record, result, null);
    }

    /**
     * Stitches one record's decoded lines.
     *
     * @param record  the record's text; null for an ordinary line read from its bytes ({@link RecordJoiner.Sink})
     * @param classes the lines' classes as {@link LineClasses#of} gives them, or null to classify them here
     */
    private void accept(final String record, final DecodeResult result, final Object classes) {
        if (result instanceof OrdinaryLine ordinary) {
            // The stitcher ignores lines of other programs (KernelGrammar.mayMatter); their time still moves the clock.
            summary.ordinary(ordinary);
            if (ordinary.hasTime()) {
                streamNow = Math.max(streamNow, ordinary.epochMillis());
            }
        } else if (!acceptLines((Decoded) result, record, classes)) {
            return;
        }
        if (streamNow - lastAdvance >= 1_000) {
            lastAdvance = streamNow;
            stitcher.advance(streamNow, null);
            releaseFinal(false);
        }
    }

    /** Stitches a fully decoded record's lines; false when it held none (a gap in the host's input). */
    private boolean acceptLines(final Decoded decoded, final String record, final Object classes) {
        summary.record(decoded);
        if (!decoded.isOk() && decoded.lines().isEmpty()) {
            if (!record.isBlank()) {
                stitcher.markGap(summary.lastHost());
            }
            return false;
        }
        final List<LogLine> lines = decoded.lines();
        for (int i = 0; i < lines.size(); i++) {
            final LogLine line = lines.get(i);
            // Null for a line that cannot matter (KernelGrammar.mayMatter), which the stitcher passes over.
            final Classified c = classes != null ? LineClasses.get(classes, i) : LineClasses.classify(line);
            if (!ReportLine.fitsWhole(line.message()) && c != null
                    && c.kind() != io.oomstream.kernel.LineKind.OTHER) {
                // As `run` dead-letters it: cut to what a report line holds, it would read as another line.
                summary.rejectedLine(line);
                continue;
            }
            summary.line(line);
            if (line.time() != null) {
                streamNow = Math.max(streamNow, line.time().toEpochMilli());
            }
            stitcher.accept(line, c, streamNow, null);
        }
        return true;
    }

    /** End of all input: open reports go out marked for what they are, then every held event. */
    public void finish() {
        stitcher.flushAll();
        releaseFinal(true);
    }

    public StitchStats stats() {
        return stats;
    }

    public InputSummary summary() {
        return summary;
    }

    /** Keeps the newest version in the place of the first: events print in the order they first appeared. */
    private void hold(final OomEvent e) {
        final Held previous = held.get(e.eventId());
        held.put(e.eventId(), new Held(e, previous == null ? streamNow : Math.max(previous.streamTimeSeen(), streamNow)));
    }

    private void releaseFinal(final boolean all) {
        if (held.isEmpty()) {
            return;
        }
        final long horizon = config.linger().toMillis() + config.idleTimeout().toMillis()
                + config.reaperGrace().toMillis();
        final List<OomEvent> ready = new ArrayList<>();
        final Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            final Held h = it.next().getValue();
            if (all || (h.streamTimeSeen() != Long.MIN_VALUE && streamNow - h.streamTimeSeen() > horizon)) {
                ready.add(h.event());
                it.remove();
            }
        }
        ready.forEach(e -> {
            summary.event(e);
            out.accept(e);
        });
    }
}
