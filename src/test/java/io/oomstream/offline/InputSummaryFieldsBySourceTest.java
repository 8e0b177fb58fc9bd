package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** analyze's summary names the input layouts whose lines came without a host or a time, as /metrics counts them. */
class InputSummaryFieldsBySourceTest {

    private static final Instant T = Instant.parse("2024-03-04T10:00:01Z");

    @Test
    void shouldNameEachLayoutWhoseLinesLackAHostOrATime() {
        final InputSummary summary = new InputSummary();
        summary.line(new LogLine("web1", T, "kernel", null, "a", null, null, SourceFormat.RFC3164));
        summary.line(new LogLine(null, T, "kernel", null, "b", null, null, SourceFormat.JSON_JOURNALD));
        summary.line(new LogLine("web1", T, "kernel", null, "c", null, null, SourceFormat.JSON_JOURNALD));
        summary.line(new LogLine(null, null, null, null, "d", 5_000_000L, null, SourceFormat.DMESG));

        assertArrayEquals(new long[] {1, 0, 0}, summary.fieldsBySource().get("rfc3164"));
        assertArrayEquals(new long[] {2, 1, 0}, summary.fieldsBySource().get("json_journald"));
        assertArrayEquals(new long[] {1, 1, 1}, summary.fieldsBySource().get("dmesg"));
        final String text = summary.render();
        assertTrue(text.contains("lines without host or time, by layout: dmesg (1 lines): 1 without host, 1 without "
                + "time; json_journald (2 lines): 1 without host\n"), text);
        assertFalse(text.contains("rfc3164 ("), "a layout whose lines are whole is not named: " + text);
    }

    @Test
    void shouldSayNothingWhenEveryLineHasItsHostAndTime() {
        final InputSummary summary = new InputSummary();
        summary.line(new LogLine("web1", T, "kernel", null, "a", null, null, SourceFormat.RFC3164));
        assertFalse(summary.render().contains("without host"), summary.render());
    }
}
