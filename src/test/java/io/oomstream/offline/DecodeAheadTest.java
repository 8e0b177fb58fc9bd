package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.Json;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze} decoding on a thread of its own ({@link DecodeAhead}, with the grammar's classification moving
 * between the two threads) writes exactly what decoding and stitching on one thread writes: the same events in the
 * same order, the same summary (records, lines, undecodable, repair counts), over every input fixture; a failure of
 * the input comes out after the records before it.
 */
class DecodeAheadTest {

    private static final DecoderOptions OPTIONS = new DecoderOptions(2024, ZoneOffset.UTC);

    /** What one run wrote: every event as JSON, then the rendered summary and the repair counts. */
    private static List<String> analyze(final String text, final boolean decodeAhead) throws IOException {
        final List<String> out = new ArrayList<>();
        final OfflineAnalysis a = new OfflineAnalysis(StitcherConfig.defaults(), OPTIONS, e -> out.add(Json.write(e)));
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            if (decodeAhead) {
                // Even a short input goes to the decoding thread, after its first record (the joiner holding it).
                a.decodeAheadAfter(1);
                a.read(r, ProgressListener.NONE);
            } else {
                a.readOnOneThread(r, ProgressListener.NONE);
            }
        }
        a.finish();
        out.add(a.summary().render());
        out.add(a.summary().repairCounts().toString());
        return out;
    }

    @Test
    void shouldWriteWhatOneThreadWritesForEveryInputFixture() throws IOException {
        final List<Path> logs;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            logs = files.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt")).sorted().toList();
        }
        assertTrue(logs.size() > 50, "fixtures found: " + logs.size());
        for (final Path log : logs) {
            final String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(analyze(text, false), analyze(text, true), log.toString());
        }
    }

    /** A fleet log of many batches: the stitcher falls behind, so batches are classified on both threads. */
    @Test
    void shouldWriteWhatOneThreadWritesForAGeneratedFleetLog() throws IOException {
        final String fleet = generatedFleetLog();
        final List<String> oneThread = analyze(fleet, false);
        assertTrue(oneThread.size() > 10, "events in the generated log: " + (oneThread.size() - 2));
        assertEquals(oneThread, analyze(fleet, true));
    }

    /**
     * While the stitcher is behind (here: not reading until the queue is full), batches come classified, each line as
     * the grammar classifies it on the stitching thread; before that they come unclassified.
     */
    @Test
    void shouldClassifyOnTheDecodingThreadOnlyWhileTheStitcherIsBehind() throws Exception {
        final io.oomstream.syslog.SyslogDecoder decoder = new io.oomstream.syslog.SyslogDecoder(OPTIONS);
        int classified = 0;
        int unclassified = 0;
        final io.oomstream.syslog.RecordJoiner joiner = new io.oomstream.syslog.RecordJoiner(decoder,
                io.oomstream.syslog.ProgramFilter.OOM_RELEVANT);
        try (DecodeAhead ahead = new DecodeAhead(new RecordFeed(new BufferedReader(new StringReader(generatedFleetLog())),
                joiner, java.time.Instant.parse("2024-12-31T00:00:00Z"), ProgressListener.NONE), joiner)) {
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (ahead.queued() < DecodeAhead.QUEUED_BATCHES && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            DecodeAhead.Batch batch;
            while ((batch = ahead.next()) != null) {
                if (batch.classes == null) {
                    unclassified++;
                    continue;
                }
                classified++;
                for (int i = 0; i < batch.size; i++) {
                    if (batch.results[i] instanceof io.oomstream.syslog.Decoded d) {
                        for (int k = 0; k < d.lines().size(); k++) {
                            final io.oomstream.kernel.Classified here = LineClasses.get(batch.classes[i], k);
                            final io.oomstream.kernel.Classified there = LineClasses.classify(d.lines().get(k));
                            assertEquals(there == null ? null : there.rule(), here == null ? null : here.rule());
                            assertEquals(there == null ? null : there.kind(), here == null ? null : here.kind());
                        }
                    }
                }
            }
        }
        assertTrue(unclassified > 0, "batches handed over unclassified while the queue filled");
        assertTrue(classified > 0, "batches classified on the decoding thread once it was full");
    }

    @Test
    void shouldThrowTheInputsFailureAfterTheRecordsBeforeItAsOneThreadDoes() throws IOException {
        final String first = "Mar  1 00:00:00 h sshd[1]: one\nMar  1 00:00:01 h sshd[1]: two\nMar  1 00:00:02 h sshd[1]: 3\n";
        for (final boolean decodeAhead : new boolean[] {false, true}) {
            final IOException failure = new IOException("disk on fire");
            final Reader failing = new Reader() {
                private final StringReader text = new StringReader(first);

                @Override
                public int read(final char[] cbuf, final int off, final int len) throws IOException {
                    final int n = text.read(cbuf, off, len);
                    if (n < 0) {
                        throw failure;
                    }
                    return n;
                }

                @Override
                public void close() {
                }
            };
            final OfflineAnalysis a = new OfflineAnalysis(StitcherConfig.defaults(), OPTIONS, e -> { });
            a.decodeAheadAfter(1);
            final BufferedReader r = new BufferedReader(failing);
            assertSame(failure, assertThrows(IOException.class, () -> {
                if (decodeAhead) {
                    a.read(r, ProgressListener.NONE);
                } else {
                    a.readOnOneThread(r, ProgressListener.NONE);
                }
            }));
            // The joiner holds the last record back to see the next: the two before it were stitched, either way.
            assertEquals(2, a.summary().records(), decodeAhead ? "decoding thread" : "one thread");
        }
    }

    /** 200,000 records of 100 hosts in every layout the generator writes, with many OOM reports among them. */
    private static String generatedFleetLog() {
        final StringBuilder text = new StringBuilder();
        final FleetLogGenerator generator = new FleetLogGenerator(GeneratorConfig.defaults()
                .withFormat(OutputFormat.MIXED).withLines(200_000).withHosts(100).withOomRate(0.8));
        generator.forEachRemaining(r -> text.append(r.value()).append('\n'));
        return text.toString();
    }
}
