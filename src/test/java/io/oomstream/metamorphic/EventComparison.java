package io.oomstream.metamorphic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Compares the events of a transformed text with the original's, every field but those the transformation may lose. */
final class EventComparison {

    private EventComparison() {
    }

    static void assertSameEvents(final Transformation t, final FixtureText f, final List<OomEvent> original,
            final List<OomEvent> transformed) {
        if (t.name().equals("two hosts interleaved")) {
            final List<OomEvent> twins = transformed.stream().filter(e -> e.host() != null && e.host().endsWith(Transformation.TWIN)).toList();
            final List<OomEvent> base = transformed.stream().filter(e -> !twins.contains(e)).toList();
            compare(t, f, original, base, Set.of(), null);
            compare(t, f, original, twins, Set.of("event_id"), Transformation.TWIN);
            return;
        }
        final List<OomEvent> expected = t.mayLose().contains("systemd_unit")
                // The layout shows kernel lines only: the events of systemd's own lines cannot be there.
                ? original.stream().filter(e -> e.kind().json().equals("oom_kill") || e.kind().json().equals("memcg_oom_kill")
                        || e.kind().json().equals("alloc_failure")).toList()
                : original;
        compare(t, f, expected, transformed, t.mayLose(), null);
        if (t.name().startsWith("dmesg -T") && f.hasWallTime) {
            // The localised names must have been resolved: the wall time survives, to the second dmesg -T prints.
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(seconds(expected.get(i).time()), seconds(transformed.get(i).time()),
                        "event[" + i + "].time (to the second)");
            }
        }
    }

    private static String seconds(final String iso) {
        return iso == null ? null : Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void compare(final Transformation t, final FixtureText f, final List<OomEvent> original,
            final List<OomEvent> transformed, final Set<String> mayLose, final String hostSuffix) {
        final List<JsonNode> want = new ArrayList<>();
        for (final OomEvent e : original) {
            want.add(invocationByPlace(strip(e, mayLose, null), e, original, mayLose));
        }
        final List<JsonNode> got = new ArrayList<>();
        for (final OomEvent e : transformed) {
            got.add(invocationByPlace(strip(e, mayLose, hostSuffix), e, transformed, mayLose));
        }
        if (want.size() != got.size()) {
            fail(t + " of " + f.name + ": " + got.size() + " events, the original gives " + want.size() + ": "
                    + summary(transformed) + " vs " + summary(original));
        }
        for (int i = 0; i < want.size(); i++) {
            if (!want.get(i).equals(got.get(i))) {
                fail(t + " of " + f.name + ", event[" + i + "] differs in " + differing(want.get(i), got.get(i))
                        + "\n original:    " + pick(want.get(i), got.get(i)) + "\n transformed: " + pick(got.get(i), want.get(i)));
            }
        }
    }

    /**
     * An invocation id is the event id of the invocation's first kill, so where a transformation may change event ids
     * it may change invocation ids with them; what must survive is which event it names (by place in the list).
     */
    private static JsonNode invocationByPlace(final JsonNode stripped, final OomEvent e, final List<OomEvent> all,
            final Set<String> mayLose) {
        if (!mayLose.contains("event_id") || e.invocationId() == null) {
            return stripped;
        }
        int place = -1;
        for (int i = 0; i < all.size(); i++) {
            if (e.invocationId().equals(all.get(i).eventId())) {
                place = i;
            }
        }
        ((ObjectNode) stripped).set("invocation_id", TextNode.valueOf("the id of event[" + place + "]"));
        return stripped;
    }

    private static JsonNode strip(final OomEvent e, final Set<String> mayLose, final String hostSuffix) {
        final ObjectNode n = Json.MAPPER.valueToTree(e);
        if (hostSuffix != null) {
            final String host = n.path("host").asText();
            final String base = host.substring(0, host.length() - hostSuffix.length());
            n.set("host", TextNode.valueOf(base));
            final JsonNode verdict = n.path("analysis").path("verdict");
            if (verdict.isTextual()) {
                ((ObjectNode) n.get("analysis")).set("verdict", TextNode.valueOf(verdict.asText().replace(host, base)));
            }
        }
        if (mayLose.contains("time") && "idle_timeout".equals(n.path("incomplete_reason").asText())) {
            // Without times a report cannot be seen to go idle: the next report's line closes it as superseded.
            n.set("incomplete_reason", TextNode.valueOf("superseded"));
        }
        for (final String field : mayLose) {
            final int dot = field.indexOf('.');
            if (dot < 0) {
                n.remove(field);
            } else if (n.get(field.substring(0, dot)) instanceof ObjectNode inner) {
                inner.remove(field.substring(dot + 1));
            }
        }
        return n;
    }

    private static Set<String> differing(final JsonNode a, final JsonNode b) {
        final Set<String> names = new TreeSet<>();
        final Iterator<String> it = a.fieldNames();
        while (it.hasNext()) {
            final String k = it.next();
            if (!a.get(k).equals(b.get(k))) {
                names.add(k);
            }
        }
        b.fieldNames().forEachRemaining(k -> {
            if (!a.has(k)) {
                names.add(k);
            }
        });
        return names;
    }

    private static String pick(final JsonNode a, final JsonNode b) {
        final ObjectNode out = Json.MAPPER.createObjectNode();
        for (final String k : differing(a, b)) {
            final String v = String.valueOf(a.get(k));
            out.put(k, v.length() > 300 ? v.substring(0, 300) + "..." : v);
        }
        return out.toString();
    }

    static String summary(final List<OomEvent> events) {
        return events.stream().map(e -> e.kind().json() + ":" + e.host() + ":" + (e.victim() == null ? null : e.victim().pid())
                + ":" + e.incompleteReason()).toList().toString();
    }
}
