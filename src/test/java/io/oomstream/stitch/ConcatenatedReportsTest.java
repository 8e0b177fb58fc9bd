package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Report boundaries come from evidence, never from adjacency: every pair of the whole-report fixtures under
 * {@code kernel-logs/} is written into one log of one host, the second placed 1 s, 1 min or 8 min after the
 * first ends (its wall clock, its kernel stamps continuing the first's as on one boot, and its host rewritten
 * to the first's), and the pair must yield exactly the events each log yields alone, field for field. At 1 s the
 * pairs are also written with the second log's kernel stamps as printed (another boot, or the same boot far
 * apart: the stamps alone then tell the reports apart). Pairs whose logs share a kernel line, stamp and all (a log
 * with itself, or a log holding another's report), are left out of that variant: a report seen twice with its own
 * stamps is a redelivery and one event by design (mixed/redelivered-duplicates.omkafka.log).
 *
 * <p>One field may legitimately change: a report the first log leaves open at its end goes out
 * {@code end_of_input} alone, but {@code superseded} or {@code idle_timeout} when another report follows
 * (and the verdict names that reason). Fixtures whose lines come from several hosts at once, and the binary
 * garbage file, cannot be "placed on one host" and are left out; dmesg captures carry no host and no wall
 * clock, so they are paired with each other only (their kernel stamps carry the gap).
 */
class ConcatenatedReportsTest {

    private static final Path LOGS = Fixtures.RESOURCES.resolve("kernel-logs");
    /** Several hosts report at once (no single host to place), or not text at all. */
    private static final Set<String> NOT_PLACEABLE = Set.of(
            "two-hosts-interleaved-with-noise.log", "garbage-lines-binary-huge-invalid-json.log");
    /** 10,000 task rows: read as the first log of every pair, but as the second only after allocation failures. */
    private static final String HUGE = "10000-task-table.log";
    private static final List<Duration> GAPS = List.of(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(8));
    /** Where the first log of every pair starts (mid-year: no year is crossed by any shift). */
    private static final Instant ANCHOR = Instant.parse("2026-06-01T00:00:00Z");

    static Stream<Arguments> firstLogs() throws IOException {
        final List<Arguments> out = new ArrayList<>();
        for (final Duration gap : GAPS) {
            for (final Path p : placeable()) {
                out.add(Arguments.of(LOGS.relativize(p).toString(), gap, true));
            }
        }
        for (final Path p : placeable()) {
            out.add(Arguments.of(LOGS.relativize(p).toString(), GAPS.get(0), false));
        }
        return out.stream();
    }

    static List<Path> placeable() throws IOException {
        try (Stream<Path> walk = Files.walk(LOGS)) {
            return walk.filter(p -> p.toString().endsWith(".log"))
                    .filter(p -> !NOT_PLACEABLE.contains(p.getFileName().toString()))
                    .filter(p -> Files.exists(sidecar(p)))
                    .sorted().toList();
        }
    }

    private static Path sidecar(final Path log) {
        final String name = log.getFileName().toString();
        return log.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".expected.json");
    }

    @ParameterizedTest(name = "{0} then every other log, {1} later, kernel stamps continuing: {2}")
    @MethodSource("firstLogs")
    void shouldYieldEachLogsOwnEventsWhenAnotherLogFollowsOnTheSameHost(final String first, final Duration gap,
                                                                       final boolean stampsContinue)
            throws IOException {
        final Placed a = Placed.first(read(LOGS.resolve(first)));
        final List<JsonNode> aloneA = tree(Fixtures.analyze(a.text));
        assertEquals(Json.MAPPER.readTree(sidecar(LOGS.resolve(first)).toFile()).size(), aloneA.size(),
                "moving " + first + " in time changes its events: the transformation is broken");
        final List<String> failures = new ArrayList<>();
        for (final Path second : placeable()) {
            if (second.getFileName().toString().equals(HUGE) && !first.startsWith("alloc-failure")) {
                continue; // its report is an ordinary 5.15 one, paired with every log as the first; time is spared
            }
            final Log b = read(second);
            if ((a.log.host == null) != (b.host == null)) {
                continue; // a dmesg capture has no host: it shares one only with another dmesg capture
            }
            if (!stampsContinue && a.log.sharesAStampedLineWith(b)) {
                continue; // the same report with the same stamps: a redelivery
            }
            final Placed placedB = Placed.after(a, b, gap, stampsContinue);
            final List<JsonNode> expected = new ArrayList<>(aloneA);
            expected.addAll(tree(Fixtures.analyze(placedB.text)));
            final List<JsonNode> actual = tree(Fixtures.analyze(a.text + "\n" + placedB.text));
            final String diff = difference(expected, actual);
            if (diff != null) {
                failures.add(LOGS.relativize(second) + ": " + diff);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " logs after " + first + " (" + gap + " later, stamps "
                + (stampsContinue ? "continuing" : "as printed") + ") change events:\n  "
                + String.join("\n  ", failures));
    }

    // ---- comparison ------------------------------------------------------------------------------------------

    private static List<JsonNode> tree(final List<OomEvent> events) {
        return events.stream().map(e -> (JsonNode) Json.MAPPER.valueToTree(e)).toList();
    }

    /**
     * Null when both lists hold the same events; else the first difference, said briefly. Events are matched by
     * their id: a report that times out goes out after a userspace kill logged while it waited, so the order of
     * emission may differ from the order of the logs.
     */
    static String difference(final List<JsonNode> expected, final List<JsonNode> actual) {
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " events " + summary(expected) + " but got " + actual.size() + " "
                    + summary(actual);
        }
        final Map<String, JsonNode> byId = new HashMap<>();
        actual.forEach(a -> byId.put(a.path("event_id").asText(), a));
        for (int i = 0; i < expected.size(); i++) {
            final JsonNode e = expected.get(i);
            final JsonNode a = byId.get(e.path("event_id").asText());
            if (a == null) {
                return "event[" + i + "] " + summary(List.of(e)) + " is missing; got " + summary(actual);
            }
            final boolean endedByWhatFollows = "end_of_input".equals(e.path("incomplete_reason").asText())
                    && Set.of("end_of_input", "superseded", "idle_timeout")
                    .contains(a.path("incomplete_reason").asText());
            final String d = endedByWhatFollows
                    ? firstDifference("event[" + i + "]", withoutEndReason(e), withoutEndReason(a))
                    : firstDifference("event[" + i + "]", e, a);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /**
     * A report left open at the end of its log: alone it ends {@code end_of_input}; followed by another report it
     * is superseded or times out. Both versions are compared without that reason (and the verdict that names it).
     */
    private static JsonNode withoutEndReason(final JsonNode event) {
        final ObjectNode copy = event.deepCopy();
        copy.remove("incomplete_reason");
        if (copy.get("analysis") instanceof ObjectNode analysis) {
            analysis.put("verdict", analysis.path("verdict").asText().replaceFirst("^Incomplete report \\([a-z_]+\\): ", ""));
        }
        return copy;
    }

    private static String firstDifference(final String path, final JsonNode e, final JsonNode a) {
        if (e.isObject() && a.isObject()) {
            final Set<String> names = new java.util.TreeSet<>();
            e.fieldNames().forEachRemaining(names::add);
            a.fieldNames().forEachRemaining(names::add);
            for (final String n : names) {
                final String d = firstDifference(path + "." + n, e.path(n), a.path(n));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (e.isArray() && a.isArray() && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                final String d = firstDifference(path + "[" + i + "]", e.get(i), a.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return e.equals(a) ? null : path + ": alone " + abbreviate(e) + ", paired " + abbreviate(a);
    }

    private static String abbreviate(final JsonNode n) {
        final String s = n.toString();
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    private static String summary(final List<JsonNode> events) {
        return events.stream().map(e -> e.path("kind").asText() + ":" + e.path("victim").path("pid").asText() + ":"
                + e.path("incomplete_reason").asText()).toList().toString();
    }

    // ---- placing a log on a host and in time -----------------------------------------------------------------

    private static Log read(final Path p) throws IOException {
        return Log.parse(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    }

    /** A log's lines split into the parts a shift rewrites: layout, wall clock, host and kernel stamp. */
    static final class Log {
        final List<Line> lines;
        /** The host that prints the kernel lines (null for a dmesg capture). */
        final String host;

        private Log(final List<Line> lines, final String host) {
            this.lines = lines;
            this.host = host;
        }

        static Log parse(final String text) {
            final List<Line> lines = new ArrayList<>();
            final Map<String, Integer> kernelLinesByHost = new HashMap<>();
            for (final String raw : text.split("\n", -1)) {
                final Line l = Line.parse(raw);
                lines.add(l);
                if (l.host != null && l.stampAt >= 0 || l.host != null && l.rest.contains(" kernel: ")) {
                    kernelLinesByHost.merge(l.host, 1, Integer::sum);
                }
            }
            final String host = kernelLinesByHost.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse(lines.stream().map(l -> l.host).filter(h -> h != null)
                            .findFirst().orElse(null));
            return new Log(lines, host);
        }

        boolean sharesAStampedLineWith(final Log other) {
            final Set<String> mine = new java.util.HashSet<>();
            lines.stream().filter(l -> l.stampAt >= 0).forEach(l -> mine.add(l.rest.substring(l.stampAt)));
            return other.lines.stream().anyMatch(l -> l.stampAt >= 0 && mine.contains(l.rest.substring(l.stampAt)));
        }

        Instant firstWall() {
            return lines.stream().map(l -> l.wall).filter(w -> w != null).findFirst().orElse(null);
        }

        Instant lastWall() {
            return lines.stream().map(l -> l.wall).filter(w -> w != null).max(Instant::compareTo).orElse(null);
        }

        Long firstStamp() {
            return lines.stream().map(l -> l.stampMicros).filter(s -> s != null).findFirst().orElse(null);
        }

        Long lastStamp() {
            return lines.stream().map(l -> l.stampMicros).filter(s -> s != null).max(Long::compareTo).orElse(null);
        }

        String shifted(final Duration wallShift, final long stampShiftMicros, final String fromHost, final String toHost) {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(lines.get(i).shifted(wallShift, stampShiftMicros, fromHost, toHost));
            }
            return sb.toString();
        }
    }

    /** One line of any layout the fixtures use: RFC 3164 / journalctl short, ISO-8601, omkafka JSON, dmesg. */
    static final class Line {
        private static final Pattern BSD = Pattern.compile(
                "^([A-Z][a-z]{2}) ( \\d|\\d\\d|\\d) (\\d\\d):(\\d\\d):(\\d\\d) (\\S+) (.*)$", Pattern.DOTALL);
        private static final Pattern ISO = Pattern.compile(
                "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.(\\d+))?(?:Z|[+-]\\d\\d:\\d\\d)) (\\S+) (.*)$",
                Pattern.DOTALL);
        private static final Pattern JSON_HOST = Pattern.compile("\"hostname\":\"([^\"]*)\"");
        private static final Pattern JSON_TIME = Pattern.compile(
                "\"(timestamp|received)\":\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.(\\d+))?(?:Z|[+-]\\d\\d:\\d\\d))\"");
        /** The kernel's own stamp where a kernel message starts: line start (dmesg), after "kernel: ", or in "msg". */
        private static final Pattern STAMP = Pattern.compile("(^|kernel: |\"msg\":\")\\[(\\s*)(\\d+)\\.(\\d{6})\\]");
        private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                "Nov", "Dec"};

        enum Layout { BSD, ISO, JSON, OTHER }

        final String raw;
        final Layout layout;
        final Instant wall;
        final String host;
        /** Text after the host (BSD, ISO) or the whole line (JSON, dmesg). */
        final String rest;
        final Long stampMicros;
        final int stampAt;

        private Line(final String raw, final Layout layout, final Instant wall, final String host, final String rest) {
            this.raw = raw;
            this.layout = layout;
            this.wall = wall;
            this.host = host;
            this.rest = rest;
            final Matcher m = STAMP.matcher(rest);
            if (m.find()) {
                stampMicros = Long.parseLong(m.group(3)) * 1_000_000L + Long.parseLong(m.group(4));
                stampAt = m.start();
            } else {
                stampMicros = null;
                stampAt = -1;
            }
        }

        static Line parse(final String raw) {
            Matcher m = BSD.matcher(raw);
            if (m.matches() && month(m.group(1)) > 0) {
                final LocalDateTime t = LocalDateTime.of(2026, month(m.group(1)), Integer.parseInt(m.group(2).trim()),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
                return new Line(raw, Layout.BSD, t.toInstant(ZoneOffset.UTC), m.group(6), m.group(7));
            }
            m = ISO.matcher(raw);
            if (m.matches()) {
                return new Line(raw, Layout.ISO, OffsetDateTime.parse(m.group(1)).toInstant(), m.group(3), m.group(4));
            }
            if (raw.startsWith("{")) {
                final Matcher h = JSON_HOST.matcher(raw);
                final Matcher t = JSON_TIME.matcher(raw);
                return new Line(raw, Layout.JSON, t.find() ? OffsetDateTime.parse(t.group(2)).toInstant() : null,
                        h.find() ? h.group(1) : null, raw);
            }
            return new Line(raw, Layout.OTHER, null, null, raw);
        }

        private static int month(final String name) {
            for (int i = 0; i < MONTHS.length; i++) {
                if (MONTHS[i].equals(name)) {
                    return i + 1;
                }
            }
            return 0;
        }

        String shifted(final Duration wallShift, final long stampShift, final String fromHost, final String toHost) {
            final String newHost = host != null && host.equals(fromHost) ? toHost : host;
            final String body = shiftStamp(rest, stampShift);
            switch (layout) {
                case BSD -> {
                    final LocalDateTime t = LocalDateTime.ofInstant(wall.plus(wallShift), ZoneOffset.UTC);
                    final boolean zeroPadded = raw.charAt(4) == '0';
                    final String day = zeroPadded ? String.format(Locale.ROOT, "%02d", t.getDayOfMonth())
                            : String.format(Locale.ROOT, "%2d", t.getDayOfMonth());
                    return String.format(Locale.ROOT, "%s %s %02d:%02d:%02d %s %s", MONTHS[t.getMonthValue() - 1], day,
                            t.getHour(), t.getMinute(), t.getSecond(), newHost, body);
                }
                case ISO -> {
                    final Matcher m = ISO.matcher(raw);
                    m.matches();
                    return iso(m.group(1), m.group(2), wallShift) + " " + newHost + " " + body;
                }
                case JSON -> {
                    final Matcher t = JSON_TIME.matcher(body);
                    final StringBuilder sb = new StringBuilder();
                    while (t.find()) {
                        t.appendReplacement(sb, Matcher.quoteReplacement(
                                "\"" + t.group(1) + "\":\"" + iso(t.group(2), t.group(3), wallShift) + "\""));
                    }
                    t.appendTail(sb);
                    return newHost == null ? sb.toString()
                            : JSON_HOST.matcher(sb).replaceFirst(Matcher.quoteReplacement("\"hostname\":\"" + newHost + "\""));
                }
                default -> {
                    return body;
                }
            }
        }

        private static String iso(final String text, final String fraction, final Duration shift) {
            final OffsetDateTime t = OffsetDateTime.parse(text).plus(shift);
            final String pattern = "uuuu-MM-dd'T'HH:mm:ss" + (fraction == null ? "" : "." + "S".repeat(fraction.length()))
                    + "xxx";
            return t.format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
        }

        private static String shiftStamp(final String text, final long shift) {
            if (shift == 0) {
                return text;
            }
            final Matcher m = STAMP.matcher(text);
            if (!m.find()) {
                return text;
            }
            final long micros = Long.parseLong(m.group(3)) * 1_000_000L + Long.parseLong(m.group(4)) + shift;
            return text.substring(0, m.start()) + m.group(1)
                    + String.format(Locale.ROOT, "[%5d.%06d]", micros / 1_000_000L, micros % 1_000_000L)
                    + text.substring(m.end());
        }
    }

    /** A log moved to its place: the first of a pair at {@link #ANCHOR}, the second after it. */
    static final class Placed {
        final Log log;
        final String text;
        final Instant lastWall;
        final Long lastStamp;

        private Placed(final Log log, final String text, final Instant lastWall, final Long lastStamp) {
            this.log = log;
            this.text = text;
            this.lastWall = lastWall;
            this.lastStamp = lastStamp;
        }

        static Placed first(final Log a) {
            final Duration shift = a.firstWall() == null ? Duration.ZERO : Duration.between(a.firstWall(), ANCHOR);
            final Instant last = a.lastWall() == null ? null : a.lastWall().plus(shift);
            return new Placed(a, a.shifted(shift, 0, a.host, a.host), last, a.lastStamp());
        }

        /**
         * {@code b} on {@code a}'s host, its first line {@code gap} after {@code a}'s last; its kernel stamps continue
         * a's (the same boot) or stay as printed.
         */
        static Placed after(final Placed a, final Log b, final Duration gap, final boolean stampsContinue) {
            final Duration shift = b.firstWall() == null || a.lastWall == null ? Duration.ZERO
                    : Duration.between(b.firstWall(), a.lastWall.plus(gap));
            final long stampShift = !stampsContinue || b.firstStamp() == null || a.lastStamp == null ? 0
                    : a.lastStamp + gap.toNanos() / 1_000 - b.firstStamp();
            return new Placed(b, b.shifted(shift, stampShift, b.host, a.log.host), null, null);
        }
    }
}
