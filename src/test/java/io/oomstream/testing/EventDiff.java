package io.oomstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Compares events by id as JSON trees; a failure names every event and field that differ, not two whole maps. */
public final class EventDiff {

    private EventDiff() {
    }

    /** Equal events (an object's fields compare as a set: mem_info's counters come in line order). */
    public static void assertSameEvents(final Map<String, JsonNode> expected, final Map<String, JsonNode> actual) {
        final StringBuilder diff = new StringBuilder();
        expected.forEach((id, e) -> {
            final JsonNode a = actual.get(id);
            if (a == null) {
                diff.append(id).append(" missing: ").append(cut(e)).append('\n');
                return;
            }
            e.fieldNames().forEachRemaining(f -> {
                if (!e.get(f).equals(a.get(f))) {
                    diff.append(id).append(' ').append(e.path("host").asText()).append(' ').append(f).append(": ")
                            .append(cut(e.get(f))).append(" <> ").append(cut(a.get(f))).append('\n');
                }
            });
        });
        actual.keySet().stream().filter(id -> !expected.containsKey(id))
                .forEach(id -> diff.append(id).append(" extra: ").append(cut(actual.get(id))).append('\n'));
        assertEquals("", diff.toString());
    }

    private static String cut(final JsonNode n) {
        final String s = String.valueOf(n);
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
