package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.loadgen.OutputFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The byte-level fast path ({@link OrdinaryBytes}, through {@link SyslogDecoder#decode(byte[], Instant, ProgramFilter)})
 * (and through {@link SyslogDecoder#decode(String, Instant, ProgramFilter)} for a file's lines) against the full
 * decode, record by record, over every fixture under src/test/resources (kernel logs, seeds, syslog
 * fixtures, lookalikes, storm, paste-shaped hostile prefixes) and generated fleet logs in every input format: the
 * fast path may say "ordinary" only where the full decode gives exactly one line, without error, of a program that
 * cannot matter (same host, same time); wherever it says nothing, its decode must equal the full decode, which also
 * proves it left the decoder state (year, continuation, learned prefix) as the full decode does.
 */
class OrdinaryBytesDifferentialTest {

    private static final ProgramFilter FILTER = ProgramFilter.OOM_RELEVANT;
    private static final ProgramFilter LINES_FILTER = ProgramFilter.OOM_REPORT_LINES;
    private static final Instant RECEIVED = Instant.parse("2024-03-02T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What one comparison saw. */
    private static final class Tally {
        long records;
        long fullOrdinary;
        final Map<OrdinaryBytes.Shape, Long> fast = new EnumMap<>(OrdinaryBytes.Shape.class);
        /** The same records through the stream's filter ({@link ProgramFilter#OOM_REPORT_LINES}). */
        Tally passedOver;

        Tally() {
            this(true);
        }

        private Tally(final boolean withLines) {
            passedOver = withLines ? new Tally(false) : null;
        }

        long fast() {
            return fast.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Decodes {@code records} as one stream both ways and asserts they agree; returns what it saw. */
    private static Tally compare(final String name, final List<String> records, final DecoderOptions options) {
        final SyslogDecoder full = new SyslogDecoder(options);
        final SyslogDecoder fast = new SyslogDecoder(options);
        final SyslogDecoder fastText = new SyslogDecoder(options);
        final SyslogDecoder fastLines = new SyslogDecoder(options);
        final Tally t = new Tally();
        for (final String record : records) {
            t.records++;
            final Decoded expected = full.decode(record, RECEIVED);
            // The same record read as text (a file's line): the decoder vouches for PRI and JSON lines from their chars.
            check(name + " (text)", record, expected, fastText.decode(record, RECEIVED, FILTER), FILTER, new Tally(false));
            final byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            check(name, record, expected, fast.decode(bytes, RECEIVED, FILTER), FILTER, t);
            // The stream's filter: kernel and systemd lines the grammar passes over are ordinary too.
            check(name + " (stream filter)", record, expected, fastLines.decode(bytes, RECEIVED, LINES_FILTER),
                    LINES_FILTER, t.passedOver);
        }
        return t;
    }

    private static void check(final String name, final String record, final Decoded expected,
                              final DecodeResult actual, final ProgramFilter filter, final Tally t) {
        final boolean oneLine = expected.isOk() && expected.lines().size() == 1;
        final boolean programMatters = oneLine && KernelGrammar.mayMatter(expected.lines().get(0));
        // As the stream's pre-filter reads a line (DecodeProcessor): its program, then the grammar.
        final boolean lineMatters = programMatters && (!filter.readsLines()
                || KernelGrammar.classify(expected.lines().get(0)).kind() != LineKind.OTHER);
        final boolean ordinaryInFull = oneLine && !lineMatters;
        if (ordinaryInFull) {
            t.fullOrdinary++;
        }
        final String where = name + ": " + record;
        if (actual instanceof OrdinaryLine o) {
            assertTrue(ordinaryInFull, "the fast path hid a record the full decode keeps: " + where + " -> " + expected);
            assertEquals(programMatters, o.ofProgramThatMayMatter(), where);
            final LogLine line = expected.lines().get(0);
            assertEquals(line.host(), o.host(), where);
            assertEquals(line.time() != null, o.hasTime(), where);
            if (o.hasTime()) {
                assertEquals(line.time().toEpochMilli(), o.epochMillis(), where);
            }
            if (o instanceof BytesOrdinaryLine b) {
                t.fast.merge(b.shape(), 1L, Long::sum);
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static Tally compareBoth(final String name, final List<String> records) {
        final Tally inferred = compare(name + " (year inferred)", records, DecoderOptions.defaults());
        compare(name + " (year 2024)", records, new DecoderOptions(2024, ZoneOffset.UTC));
        return inferred;
    }

    @Test
    void shouldAgreeWithTheFullDecodeOnEveryFixtureAndItsRenderingsInEveryFormat() throws IOException {
        long records = 0;
        long fast = 0;
        long passedOver = 0;
        int files = 0;
        for (final Map.Entry<String, List<String>> f : fixtures().entrySet()) {
            files++;
            final List<String> lines = f.getValue();
            records += compareBoth(f.getKey(), lines).records;
            for (final Map.Entry<String, Function<LogLine, String>> r : renderings().entrySet()) {
                final List<String> rendered = render(lines, r.getValue());
                final Tally t = compareBoth(f.getKey() + " as " + r.getKey(), rendered);
                records += t.records;
                fast += t.fast();
                passedOver += t.passedOver.fast();
            }
        }
        System.out.printf("OrdinaryBytesDifferentialTest: %d fixture files, %,d records compared, %,d fast, %,d fast "
                + "with the stream's filter%n", files, records, fast, passedOver);
        assertTrue(files > 50, files + " fixture files");
        assertTrue(fast > 100, "the renderings of fixtures took the fast path " + fast + " times");
        // Kernel logs are mostly kernel lines: the stream's filter also passes over hundreds of them (chatter around
        // reports, lookalikes; 451 more than the program filter when written), each checked above against the full
        // decode and the grammar.
        assertTrue(passedOver - fast > 300, passedOver + " records passed over by the stream's filter, " + fast
                + " by the program filter");
    }

    @Test
    void shouldAgreeWithTheFullDecodeOnGeneratedFleetLogsAndTakeNearlyEveryOrdinaryRecord() {
        long records = 0;
        for (final OutputFormat format : OutputFormat.values()) {
            for (final long seed : new long[] {4}) {
                final List<String> log = DecoderCorpora.generated(format, seed);
                final Tally t = compareBoth(format + " seed " + seed, log);
                records += t.records;
                // The generator's ordinary lines are plain: the fast path must take nearly all of them, or it has
                // silently stopped working.
                assertTrue(t.fast() >= 0.9 * t.fullOrdinary,
                        format + ": fast " + t.fast + " of " + t.fullOrdinary + " ordinary records");
                // The stream's filter takes the kernel and systemd chatter too (RFC 3164: only kernel lines without a
                // stamp, so fewer), and only ever more than the program filter.
                final Tally lines = t.passedOver;
                assertTrue(lines.fast() >= t.fast() && lines.fullOrdinary > t.fullOrdinary,
                        format + ": " + lines.fast() + " of " + lines.fullOrdinary + " against " + t.fast());
                if (format == OutputFormat.JSON || format == OutputFormat.RFC5424) {
                    assertTrue(lines.fast() >= 0.97 * lines.fullOrdinary,
                            format + ": stream filter fast " + lines.fast + " of " + lines.fullOrdinary + " records");
                }
                if (format == OutputFormat.RFC3164) {
                    for (final Map.Entry<String, Function<LogLine, String>> r : renderings().entrySet()) {
                        final Tally rt = compareBoth(format + " as " + r.getKey(), render(log, r.getValue()));
                        records += rt.records;
                        assertTrue(rt.fast() >= 0.9 * rt.fullOrdinary,
                                r.getKey() + ": fast " + rt.fast + " of " + rt.fullOrdinary + " ordinary records");
                    }
                }
            }
        }
        System.out.printf("OrdinaryBytesDifferentialTest: %,d generated records compared%n", records);
    }

    @Test
    void shouldAgreeOnMutatedRecordsThatAJsonOrHeaderScanCouldGetWrong() {
        final List<String> base = DecoderCorpora.generated(OutputFormat.JSON, 5).subList(0, 3_000);
        final List<Function<String, String>> mutations = List.of(
                s -> s.replace("\":\"", "\" : \""),                            // whitespace around colons
                s -> s.replace("{", "{ ").replace("}", " }\n"),               // around braces, trailing newline
                s -> s.replace("}", ",\"extra\":{\"a\":[1,2]}}"),              // a nested field
                s -> s.replace("}", ",\"programname\":\"kernel\"}"),           // a duplicate program
                s -> s.replace("}", ",\"n\":-0.5e+3,\"b\":true,\"z\":null}"),  // every scalar
                s -> s.replace("}", ",\"n\":012}"),                             // invalid number
                s -> s.replace("}", ",}"),                                      // trailing comma
                s -> s.replace("\"msg\":\"", "\"msg\":\"\\u0041"),             // a unicode escape in the message
                s -> s.replace("\"msg\":\" ", "\"msg\":\" #012"),               // an escaped newline
                // The scan reads strings eight bytes at a time: what it must stop at, at every offset in the word.
                s -> s.replace(" HTTP", " #011HTTP").replace("    1822", "  #0121822"), // escaped newlines mid-message
                s -> s.replace("kubelet.go", "kubelet\\\\012.go").replace(" - - ", " - \\\\011 - "), // \\012
                s -> s.replace("\"}", "#01\"}").replace("\",\"", "#0\",\""),        // #01 cut by the string's end
                s -> s.replace(" - - ", " - \u00e9 - ").replace("    ", "  \u00fc "), // non-ASCII mid-message
                s -> s.replace(" HTTP", "\tHTTP").replace("pod=", "pod=\u0001"),     // raw control bytes
                s -> s.replace("\"msg\":\" ", "\"msg\":\" [  12.345678] "),     // a kernel stamp
                s -> s.replace("\"programname\":\"", "\"programname\":\"\\u006b"), // an escaped program
                s -> s.replace("\"timestamp\":\"2024-", "\"timestamp\":\"2024-13-"), // a bad time
                s -> s.replace("\"msg\"", "\"message\"").replace("\"timestamp\"", "\"time\""), // Fluent Bit-ish
                s -> s.substring(0, s.length() - 1));                           // cut
        long records = 0;
        for (int m = 0; m < mutations.size(); m++) {
            final Function<String, String> mutation = mutations.get(m);
            records += compareBoth("mutation " + m, base.stream().map(mutation).toList()).records;
        }
        final List<String> text = DecoderCorpora.generated(OutputFormat.RFC3164, 5).subList(0, 3_000);
        final List<Function<String, String>> textMutations = List.of(
                s -> s + "\r",
                s -> s.replace(": ", ":\t"),
                s -> "> " + s,
                s -> s.replaceFirst(" ", "  "),
                s -> s.replaceFirst("^(\\w+) ", "$1 \u00a0"),
                s -> s.replaceFirst(": ", "[12345678901234]: "),
                s -> s.replaceFirst(": ", ":"),
                s -> "<999>" + s,
                s -> "<13>1 2024-02-30T12:00:00Z " + s,
                s -> "  " + s);
        for (int m = 0; m < textMutations.size(); m++) {
            records += compareBoth("text mutation " + m, text.stream().map(textMutations.get(m)).toList()).records;
        }
        assertTrue(records > 60_000, records + " records");
    }

    @Test
    void shouldContinueAnOrdinaryLineFromItsBytesAsTheFullDecodeDoes() {
        final List<String> records = List.of(
                "Mar  1 12:00:00 web-1 sshd[7]: first line",
                "    continued, indented",
                "<13>Mar  1 12:00:01 web-1 cron[8]: with a PRI",
                "\tcontinued with a tab",
                "<13>1 2024-03-01T12:00:02Z web-1 nginx - - - rfc 5424 lines are not continued",
                "    so this one has no layout");
        final Tally t = compareBoth("continuations", records);
        assertEquals(3, t.fast());
        final SyslogDecoder decoder = new SyslogDecoder();
        decoder.decode(records.get(0).getBytes(StandardCharsets.UTF_8), RECEIVED, FILTER);
        final Decoded continued = (Decoded) decoder.decode(records.get(1).getBytes(StandardCharsets.UTF_8), RECEIVED,
                FILTER);
        assertEquals("sshd", continued.lines().get(0).program());
        assertEquals("continued, indented", continued.lines().get(0).message());
        assertFalse(continued.lines().get(0).host().isEmpty());
    }

    // ---- corpora --------------------------------------------------------------------------------------------

    /** Every text fixture under the test resources, one stream per file. */
    private static Map<String, List<String>> fixtures() throws IOException {
        final Map<String, List<String>> inputs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (final Path f : files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(log|txt|json|csv)$"))
                    .filter(p -> !p.toString().endsWith(".expected.json")).sorted().toList()) {
                inputs.put(f.toString(), List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)
                        .split("\n", -1)));
            }
        }
        return inputs;
    }

    /**
     * The same lines in the other layouts: each record the full decode reads as exactly one line is rendered anew
     * from that line (a record it does not is kept as it is, so the stream's shape stays).
     */
    private static Map<String, Function<LogLine, String>> renderings() {
        final Map<String, Function<LogLine, String>> r = new LinkedHashMap<>();
        r.put("journald JSON", line -> json(journald(line)));
        r.put("Fluent Bit JSON, syslog-style time", line -> json(fluentBit(line)));
        r.put("rsyslog JSON, ISO time", line -> json(rsyslog(line)));
        r.put("RFC 3164 with PRI", line -> line.time() == null || line.host() == null || line.program() == null
                ? null : "<30>" + SYSLOG_TIME.format(line.time()) + " " + line.host() + " " + line.program()
                + (line.pid() == null ? "" : "[" + line.pid() + "]") + ": " + line.message());
        r.put("RFC 5424", line -> "<30>1 " + (line.time() == null ? "-" : line.time().toString()) + " "
                + nil(line.host()) + " " + nil(line.program()) + " " + (line.pid() == null ? "-" : line.pid())
                + " - - " + line.message());
        return r;
    }

    private static List<String> render(final List<String> records, final Function<LogLine, String> how) {
        final SyslogDecoder decoder = new SyslogDecoder();
        final List<String> out = new ArrayList<>(records.size());
        for (final String record : records) {
            final Decoded d = decoder.decode(record, RECEIVED);
            final String rendered = d.isOk() && d.lines().size() == 1 ? how.apply(d.lines().get(0)) : null;
            out.add(rendered == null ? record : rendered);
        }
        return out;
    }

    private static Map<String, Object> journald(final LogLine l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        if (l.time() != null) {
            m.put("__REALTIME_TIMESTAMP", Long.toString(l.time().toEpochMilli() * 1000));
        }
        m.put("_HOSTNAME", l.host());
        m.put("SYSLOG_IDENTIFIER", l.program());
        m.put("_PID", l.pid() == null ? null : l.pid().toString());
        m.put("MESSAGE", l.message());
        return m;
    }

    private static Map<String, Object> fluentBit(final LogLine l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", l.time() == null ? null : SYSLOG_TIME.format(l.time()));
        m.put("host", l.host());
        m.put("ident", l.program());
        m.put("pid", l.pid());
        m.put("message", l.message());
        return m;
    }

    private static Map<String, Object> rsyslog(final LogLine l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", l.time() == null ? null : l.time().toString());
        m.put("hostname", l.host());
        m.put("programname", l.program());
        m.put("procid", l.pid() == null ? "-" : l.pid().toString());
        m.put("msg", " " + l.message());
        return m;
    }

    private static String nil(final String s) {
        return s == null || s.isEmpty() || s.contains(" ") ? "-" : s;
    }

    private static String json(final Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
