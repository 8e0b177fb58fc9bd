package io.oomstream.metamorphic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code analyze} of a journal written by {@code journalctl -o json-pretty} (an object over several lines: a
 * field a line, tab-indented, {@code "KEY" : "value"}), by {@code journalctl -o export} ({@code KEY=value}
 * lines, an empty line after each entry), and by {@code journalctl -o verbose} (a header with the time and the
 * cursor, then {@code     KEY=value} lines, {@code _HOSTNAME} after {@code MESSAGE}), built from every golden fixture whose lines all name host and time:
 * the same events as the original. Only {@code analyze} reads these layouts (a file holds them; a shipper sends a
 * journal entry as one record), so they are not among {@link Transformation#all()}, which the stream runs too.
 */
class JournalEntryLayoutsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A blank line of the original is no journal entry. */
    private static final Set<String> MAY_LOSE = Set.of("line_count");

    static Stream<Arguments> cases() {
        final List<Arguments> all = new ArrayList<>();
        for (final Path expected : FixtureText.expectedFiles()) {
            final String log = Fixtures.RESOURCES.relativize(FixtureText.logFor(expected)).toString();
            all.add(Arguments.of(log, "journalctl -o json-pretty"));
            all.add(Arguments.of(log, "journalctl -o export"));
            all.add(Arguments.of(log, "journalctl -o verbose"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} of {0}")
    @MethodSource("cases")
    void shouldGiveTheOriginalsEvents(final String log, final String layout) {
        final FixtureText f = FixtureText.load(Fixtures.RESOURCES.resolve(log));
        final String notFor = notFor(f);
        assumeTrue(notFor == null, () -> layout + " does not apply: " + notFor);
        final Transformation t = new Transformation(layout, MAY_LOSE, false, x -> null,
                x -> journal(x, layout.endsWith("export") ? JournalEntryLayoutsTest::export
                        : layout.endsWith("verbose") ? JournalEntryLayoutsTest::verbose : JournalEntryLayoutsTest::pretty));

        final List<OomEvent> original = Fixtures.analyze(String.join("\n", f.lines.stream().map(FixtureText.Line::raw).toList()) + "\n");
        final List<OomEvent> transformed = Fixtures.analyze(t.apply().apply(f));

        EventComparison.assertSameEvents(t, f, original, transformed);
    }

    private static String notFor(final FixtureText f) {
        for (final FixtureText.Line l : f.lines) {
            if (!l.isDecoded() && !l.raw().isBlank()) {
                return "prose or an elision mark among the lines (a pasted excerpt): a journal holds none";
            }
            if (l.isDecoded() && l.decoded().stream().anyMatch(d -> d.host() == null || d.time() == null)) {
                return "a line without host or time: the journal gives every entry both";
            }
        }
        return null;
    }

    private static String journal(final FixtureText f, final BiFunction<Map<String, String>, Integer, String> entry) {
        final StringBuilder out = new StringBuilder();
        int n = 0;
        for (final FixtureText.Line l : f.lines) {
            if (!l.isDecoded()) {
                continue;
            }
            for (final LogLine d : l.decoded()) {
                final Map<String, String> fields = new LinkedHashMap<>();
                fields.put("__CURSOR", "s=6c5a0e2f;i=" + Integer.toHexString(0x1f00 + n));
                final long micros = d.time().getEpochSecond() * 1_000_000L + d.time().getNano() / 1000;
                fields.put("__REALTIME_TIMESTAMP", Long.toString(micros));
                fields.put("_BOOT_ID", "0f6c9b8d3a2e4b7c9d1e2f3a4b5c6d7e");
                fields.put("_TRANSPORT", d.fromKernel() ? "kernel" : "syslog");
                if (d.uptimeMicros() != null) {
                    fields.put("_SOURCE_MONOTONIC_TIMESTAMP", Long.toString(d.uptimeMicros()));
                }
                fields.put("_HOSTNAME", d.host());
                if (d.program() != null) {
                    fields.put("SYSLOG_IDENTIFIER", d.program());
                }
                if (d.pid() != null) {
                    fields.put("_PID", Integer.toString(d.pid()));
                }
                fields.put("MESSAGE", d.message());
                out.append(entry.apply(fields, n++));
            }
        }
        return out.toString();
    }

    /** journalctl's json-pretty: an object over several lines, a tab before each field, " : " between name and value. */
    private static String pretty(final Map<String, String> fields, final int n) {
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, String> e : fields.entrySet()) {
            lines.add("\t" + quote(e.getKey()) + " : " + quote(e.getValue()));
        }
        return "{\n" + String.join(",\n", lines) + "\n}\n";
    }

    /** journalctl's export format: KEY=value lines, an empty line after the entry. */
    private static String export(final Map<String, String> fields, final int n) {
        final StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.append('\n').toString();
    }

    private static final java.time.format.DateTimeFormatter VERBOSE_TIME = java.time.format.DateTimeFormatter.ofPattern(
            "EEE uuuu-MM-dd HH:mm:ss.SSSSSS 'UTC'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    /**
     * journalctl's verbose output (logs-show.c, output_verbose): the time and the cursor, then each field indented by
     * four blanks in the order the journal stored it; here {@code _HOSTNAME} after {@code MESSAGE}, as the kernel's
     * and syslog's entries store their trusted fields after the message.
     */
    private static String verbose(final Map<String, String> fields, final int n) {
        final long micros = Long.parseLong(fields.get("__REALTIME_TIMESTAMP"));
        final String boot = fields.get("_BOOT_ID");
        final String cursor = "s=6c5a0e2f8b1d4c3e9a7f5b2d1c0e8f6a;i=" + Integer.toHexString(0x1f00 + n) + ";b=" + boot
                + ";m=" + Long.toHexString(fields.containsKey("_SOURCE_MONOTONIC_TIMESTAMP")
                        ? Long.parseLong(fields.get("_SOURCE_MONOTONIC_TIMESTAMP")) : 1_000_000L + n)
                + ";t=" + Long.toHexString(micros) + ";x=" + Long.toHexString(0x9a8b7c6d5e4fL + n);
        final StringBuilder out = new StringBuilder(VERBOSE_TIME.format(java.time.Instant.ofEpochSecond(
                micros / 1_000_000, micros % 1_000_000 * 1000))).append(" [").append(cursor).append("]\n");
        final List<String> order = new ArrayList<>(List.of("_BOOT_ID", "_TRANSPORT", "SYSLOG_IDENTIFIER", "_PID",
                "_SOURCE_MONOTONIC_TIMESTAMP", "MESSAGE", "_HOSTNAME"));
        for (final String name : order) {
            final String value = fields.get(name);
            if (value != null) {
                out.append("    ").append(name).append('=').append(value).append('\n');
            }
        }
        return out.toString();
    }

    private static String quote(final String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
