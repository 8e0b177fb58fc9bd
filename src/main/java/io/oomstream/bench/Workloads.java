package io.oomstream.bench;

import io.oomstream.event.Json;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.GroundTruth;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * The single-thread workloads {@code oomstream bench} and the JMH benchmarks measure, all over the same
 * bytes: a generated RFC 3164 fleet log held in memory.
 * <ul>
 *   <li>{@link #split}: the limit. Decode UTF-8 and split into lines (a {@link BufferedReader} over an
 *       {@link InputStreamReader}), nothing else.</li>
 *   <li>{@link #stitch}: the product. {@link OfflineAnalysis} (SyslogDecoder, the kernel grammar, the
 *       Stitcher on an InMemoryStitchStore), exactly what {@code analyze} runs.</li>
 *   <li>{@link GrokBaseline#run}: the Logstash-style baseline, grok patterns matched line by line.</li>
 * </ul>
 */
public final class Workloads {

    /** Generated logs start in 2024 and RFC 3164 lines carry no year. */
    static final DecoderOptions OPTIONS = new DecoderOptions(2024, ZoneOffset.UTC);

    private Workloads() {
    }

    /**
     * A generated log in memory.
     *
     * @param bytes  UTF-8 lines, each ending in {@code \n}
     * @param lines  number of lines
     * @param truth  what the generator wrote (kills per host, ...)
     */
    public record Corpus(byte[] bytes, long lines, GroundTruth truth) {
    }

    /** Generates an RFC 3164 corpus. */
    public static Corpus corpus(final GeneratorConfig config) {
        final FleetLogGenerator g = new FleetLogGenerator(config.withFormat(OutputFormat.RFC3164));
        final ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16,
                config.lines() * 150));
        final byte[] nl = {'\n'};
        while (g.hasNext()) {
            final byte[] b = g.next().value().getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            out.write(nl, 0, 1);
        }
        return new Corpus(out.toByteArray(), config.lines(), g.truth());
    }

    /** Reads and splits the corpus into lines, nothing else; returns the line count. */
    public static long split(final byte[] bytes) {
        long n = 0;
        try (BufferedReader r = reader(bytes)) {
            while (r.readLine() != null) {
                n++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /**
     * Decodes and stitches the corpus as {@code analyze} does, on one thread, from the same reader {@code analyze}
     * opens a file with ({@link io.oomstream.offline.InputEncoding#lines}: lines split on the bytes, an ordinary line's
     * String never built); returns the lines read.
     */
    public static long stitch(final byte[] bytes, final long[] eventsOut) {
        final long[] events = {0};
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), OPTIONS, e -> events[0]++);
        try (BufferedReader r = io.oomstream.offline.InputEncoding.lines(new ByteArrayInputStream(bytes))) {
            analysis.readOnOneThread(r, ProgressListener.NONE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        analysis.finish();
        if (eventsOut != null) {
            eventsOut[0] = events[0];
        }
        return analysis.summary().records();
    }

    /**
     * {@code analyze FILE} in process: the same reader (lines split on the bytes, read ahead on a thread of their own),
     * {@link OfflineAnalysis} decoding on another thread, with the command's defaults
     * (year inferred, UTC), every final event serialised to JSON as the command prints it; returns the lines read.
     */
    public static long analyzeFile(final Path file) throws IOException {
        final long[] bytes = {0};
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), DecoderOptions.defaults(),
                e -> bytes[0] += Json.write(e).length());
        try (BufferedReader r = new io.oomstream.offline.ReadAheadReader(new io.oomstream.offline.Utf8LineReader(
                new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)))) {
            analysis.read(r, ProgressListener.NONE);
        }
        analysis.finish();
        return analysis.summary().records();
    }

    static BufferedReader reader(final byte[] bytes) {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8),
                1 << 16);
    }
}
