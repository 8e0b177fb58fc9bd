package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.Json;
import io.oomstream.incident.IncidentSettings;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.DecoderOptions;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.RecordJoiner;
import io.oomstream.syslog.SyslogDecoder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze}'s byte path (a line offered to the decoder as bytes first, its String built only when the decoder
 * cannot vouch for it as an ordinary line) against the text path it replaced (every line read as a String through a
 * BufferedReader over a replacing UTF-8 InputStreamReader): over every file under src/test/resources, a generated fleet
 * log in every layout the generator writes, and each of them transformed (CRLF and CR line ends, Latin-1 bytes, a
 * byte-order mark, NUL and tab bytes, escaped line ends, very long lines, lines cut by the reader's buffer boundary),
 * the whole output is the same: every event and incident as JSON, the kill counts, the input summary (records, lines, ordinary and
 * undecodable counts, error samples, repairs) and the {@code --format text} report; and record by record, what the
 * decoder made of each (an ordinary line's host and time, a decoded record's lines).
 */
class ByteLinePathDifferentialTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Instant REFERENCE = Instant.parse("2025-01-15T00:00:00Z");

    /** The transformations; each keeps what an input means to a reader of text, and changes its bytes. */
    private static final Map<String, UnaryOperator<byte[]>> TRANSFORMS = transforms();

    private static Map<String, UnaryOperator<byte[]>> transforms() {
        final Map<String, UnaryOperator<byte[]>> t = new TreeMap<>();
        t.put("as-is", b -> b);
        t.put("crlf", b -> replaceNewlines(b, "\r\n"));
        t.put("cr", b -> replaceNewlines(b, "\r"));
        t.put("bom", b -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b));
        // Every 7th 'e' a Latin-1 é (0xE9, malformed UTF-8), every 11th 'a' an UTF-8 ä, every 13th 'o' a NUL, every
        // 17th blank a tab: lines the byte path must leave to the text path.
        t.put("latin1-nul-tab", ByteLinePathDifferentialTest::sprinkle);
        // Every 19th blank an rsyslog-escaped line end (#012), every 29th a \012: records of several lines.
        t.put("escaped-line-ends", ByteLinePathDifferentialTest::escapeLineEnds);
        // A line longer than the reader's buffer at the start, and one in the middle.
        t.put("long-lines", b -> concat(concat(longLine(200_000), b), concat(longLine(70_000), b)));
        // Shifted so that line ends (a CRLF's two bytes too) fall on either side of the 64 KiB buffer boundary.
        t.put("shifted-crlf", b -> concat(padding(65_535 - 7), replaceNewlines(b, "\r\n")));
        t.put("shifted", b -> concat(padding(65_536 - 33), b));
        return t;
    }

    @Test
    void everyFixtureGivesTheSameOutputOnTheBytePathAsOnTheTextPath() throws IOException {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(RESOURCES)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() > 200, "fixtures found: " + files.size());
        long ordinaryFromBytes = 0;
        for (final Path file : files) {
            final byte[] original = Files.readAllBytes(file);
            for (final Map.Entry<String, UnaryOperator<byte[]>> t : TRANSFORMS.entrySet()) {
                ordinaryFromBytes += assertSameOutput(file + " (" + t.getKey() + ")", t.getValue().apply(original));
            }
        }
        assertTrue(ordinaryFromBytes > 10_000, "lines read from their bytes as ordinary: " + ordinaryFromBytes);
    }

    @Test
    void aGeneratedFleetLogInEveryLayoutGivesTheSameOutput() throws IOException {
        for (final OutputFormat format : OutputFormat.values()) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final FleetLogGenerator generator = new FleetLogGenerator(GeneratorConfig.defaults().withFormat(format)
                    .withLines(30_000).withHosts(60).withOomRate(0.8).withSeed(7));
            generator.forEachRemaining(r -> {
                final byte[] line = r.value().getBytes(StandardCharsets.UTF_8);
                out.write(line, 0, line.length);
                out.write('\n');
            });
            final byte[] log = out.toByteArray();
            for (final Map.Entry<String, UnaryOperator<byte[]>> t : TRANSFORMS.entrySet()) {
                final long fromBytes = assertSameOutput("fleet log " + format + " (" + t.getKey() + ")",
                        t.getValue().apply(log));
                if (format == OutputFormat.RFC3164 && "as-is".equals(t.getKey())) {
                    assertTrue(fromBytes > 20_000, "RFC 3164 lines read from their bytes: " + fromBytes);
                }
            }
        }
    }

    /**
     * The text path's output against the byte path's, read on one thread, with the decoding thread (after a few
     * records), and behind the read-ahead thread as {@code analyze} reads a file; returns how many lines the byte
     * path read as ordinary from their bytes.
     */
    private static long assertSameOutput(final String what, final byte[] input) throws IOException {
        final List<String> text = analyze(textReader(input), Mode.ONE_THREAD);
        assertSame(what, text, analyze(InputEncoding.lines(new ByteArrayInputStream(input)), Mode.ONE_THREAD));
        assertSame(what + " (decoding thread)", text,
                analyze(InputEncoding.lines(new ByteArrayInputStream(input)), Mode.DECODE_AHEAD));
        assertSame(what + " (read ahead)", text,
                analyze(new ReadAheadReader(InputEncoding.lines(new ByteArrayInputStream(input))), Mode.DECODE_AHEAD));
        final List<String> textRecords = new ArrayList<>();
        records(textReader(input), textRecords);
        final List<String> byteRecords = new ArrayList<>();
        final long fromBytes = records(InputEncoding.lines(new ByteArrayInputStream(input)), byteRecords);
        assertSame(what + ": record by record", textRecords, byteRecords);
        return fromBytes;
    }

    /** Equal lists; when not, the first line that differs is shown (an event's JSON is long). */
    private static void assertSame(final String what, final List<String> want, final List<String> got) {
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            assertEquals(want.get(i), got.get(i), what + ": line " + (i + 1));
        }
        assertEquals(want.size(), got.size(), what + ": lines");
    }

    private enum Mode { ONE_THREAD, DECODE_AHEAD }

    /** What {@code analyze --incidents --counts} prints, then its stderr summary, then {@code --format text}. */
    private static List<String> analyze(final BufferedReader reader, final Mode mode) throws IOException {
        final StringBuilder out = new StringBuilder();
        final OfflineIncidents extras = new OfflineIncidents(null, IncidentSettings.defaults());
        final TextReport report = new TextReport();
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), DecoderOptions.defaults(), e -> {
            extras.accept(e);
            report.event(e);
            out.append(Json.write(e)).append('\n');
        });
        try (BufferedReader r = reader) {
            if (mode == Mode.ONE_THREAD) {
                analysis.readOnOneThread(r, ProgressListener.NONE);
            } else {
                analysis.decodeAheadAfter(3);
                analysis.read(r, ProgressListener.NONE);
            }
        }
        analysis.finish();
        final List<IncidentRecord> incidents = extras.incidents();
        incidents.forEach(i -> out.append(Json.write(i)).append('\n'));
        extras.counts().forEach(c -> out.append(Json.write(c)).append('\n'));
        out.append(analysis.summary().render());
        out.append(report.render(incidents, -1));
        return List.of(out.toString().split("\n", -1));
    }

    /** Each record's decoding, as the stitcher is given it; returns how many were ordinary lines read from bytes. */
    private static long records(final BufferedReader reader, final List<String> out) throws IOException {
        final SyslogDecoder decoder = new SyslogDecoder(DecoderOptions.defaults());
        final RecordJoiner joiner = new RecordJoiner(decoder, ProgramFilter.OOM_RELEVANT);
        final long[] fromBytes = {0};
        final RecordJoiner.Sink sink = (record, result) -> {
            if (record == null) {
                fromBytes[0]++;
            }
            out.add(describe(record, result));
        };
        try (BufferedReader r = reader) {
            final RecordFeed feed = new RecordFeed(r, joiner, REFERENCE, ProgressListener.NONE);
            while (feed.next(sink)) {
                // records go to the sink
            }
        }
        joiner.finish(sink);
        out.add("repairs " + decoder.repairs().asMap());
        return fromBytes[0];
    }

    private static String describe(final String record, final DecodeResult result) {
        if (result instanceof OrdinaryLine o) {
            // The text path gives an ordinary line its text; the byte path never builds it.
            return "ordinary host=" + o.host() + " time=" + (o.hasTime() ? o.epochMillis() : "none")
                    + " programMayMatter=" + o.ofProgramThatMayMatter();
        }
        final Decoded d = (Decoded) result;
        return "decoded " + record + " -> " + d.lines() + " error=" + d.error();
    }

    /** The reader {@code analyze} used before the byte path: every line a String, no bytes shown. */
    private static BufferedReader textReader(final byte[] input) throws IOException {
        if (input.length >= 2 && (input[0] == (byte) 0xFF && input[1] == (byte) 0xFE
                || input[0] == (byte) 0xFE && input[1] == (byte) 0xFF)) {
            return InputEncoding.lines(new ByteArrayInputStream(input)); // UTF-16: read as text on both paths
        }
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }

    private static byte[] replaceNewlines(final byte[] b, final String lineEnd) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 50);
        final byte[] end = lineEnd.getBytes(StandardCharsets.US_ASCII);
        for (final byte x : b) {
            if (x == '\n') {
                out.write(end, 0, end.length);
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    private static byte[] sprinkle(final byte[] b) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 50);
        int e = 0;
        int a = 0;
        int o = 0;
        int blank = 0;
        for (final byte x : b) {
            if (x == 'e' && ++e % 7 == 0) {
                out.write(0xE9);
            } else if (x == 'a' && ++a % 11 == 0) {
                out.write(0xC3);
                out.write(0xA4);
            } else if (x == 'o' && ++o % 13 == 0) {
                out.write(0);
            } else if (x == ' ' && ++blank % 17 == 0) {
                out.write('\t');
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    private static byte[] escapeLineEnds(final byte[] b) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 20);
        int blank = 0;
        for (final byte x : b) {
            if (x == ' ' && ++blank % 19 == 0) {
                out.writeBytes("#012".getBytes(StandardCharsets.US_ASCII));
            } else if (x == ' ' && blank % 29 == 0) {
                out.writeBytes("\\012".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(x);
            }
        }
        return out.toByteArray();
    }

    private static byte[] longLine(final int length) {
        final StringBuilder s = new StringBuilder("Mar  1 00:00:00 web-1 sshd[1]: ");
        while (s.length() < length) {
            s.append("x ");
        }
        return (s + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Ordinary lines filling {@code length} bytes exactly, the last one cut short to fit. */
    private static byte[] padding(final int length) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        final byte[] line = "Mar  1 00:00:00 web-1 sshd[1]: Accepted publickey for ops\n".getBytes(StandardCharsets.US_ASCII);
        while (out.size() + line.length <= length) {
            out.write(line, 0, line.length);
        }
        while (out.size() < length - 1) {
            out.write('x');
        }
        if (out.size() < length) {
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
