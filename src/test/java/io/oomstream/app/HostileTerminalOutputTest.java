package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.testing.Fixtures;
import io.oomstream.testing.HostileFixtures;
import io.oomstream.testing.HostileFixtures.Kill;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What reaches a terminal from hostile names: {@code analyze} (JSON on stdout, summary on stderr) and the demo's
 * printer. No control character ever goes out raw: JSON escapes it, the human-readable lines show it as
 * {@code \x1b}-style text; everything else of the name is printed unchanged.
 */
class HostileTerminalOutputTest {

    private String stdout;
    private String stderr;

    @Test
    void shouldPrintAnalyzeJsonWithEveryHostileNameEscapedAndIntact() {
        assertEquals(0, run("analyze", "--incidents", "--counts", fixture(HostileFixtures.RFC3164),
                fixture(HostileFixtures.OMKAFKA_JSON)));

        assertNoRawControl("stdout", stdout);
        final Map<Integer, JsonNode> events = new HashMap<>();
        for (final String line : stdout.split("\n")) {
            final JsonNode node = tree(line);
            if (node.has("event_id") && node.path("victim").has("pid")) {
                events.put(node.get("victim").get("pid").asInt(), node);
            }
        }
        for (final Kill k : HostileFixtures.KILLS) {
            assertEquals(k.name(), events.get(k.pid()).get("victim").get("name").asText(), "victim " + k.pid());
            assertEquals(k.host(), events.get(k.pid()).get("host").asText(), "host of " + k.pid());
        }
        assertTrue(stdout.contains("\"\\u001B[2J\\u001B]0;pwn\\u0007x\""), "ESC and BEL as JSON escapes");
        assertTrue(stdout.contains("\\u009b31m\\u202eexe.sh"), "CSI and RLO as JSON escapes");
    }

    @Test
    void shouldShowControlCharactersOfNamesVisiblyInAnalyzesSummary() {
        assertEquals(0, run("analyze", fixture(HostileFixtures.RFC3164), fixture(HostileFixtures.OMKAFKA_JSON)));

        assertNoRawControl("stderr", stderr.replace("\n", ""));
        assertTrue(stderr.contains("\\x1b[2J\\x1b]0;pwn\\x07x=1"), stderr);
        assertTrue(stderr.contains("a\\x00b\\x0dc\\x07d=1"), stderr);
        assertTrue(stderr.contains("\\x9b31m\\u202eexe.sh=1"), stderr);
        assertTrue(stderr.contains("say \"hi\" \\o/=1"), "quotes and a lone backslash unchanged: " + stderr);
    }

    @Test
    void shouldPrintDemoLinesOfEventsIncidentsAndServicesWithoutARawControlCharacter() {
        assertEquals(0, run("analyze", "--quiet", "--incidents", fixture(HostileFixtures.RFC3164),
                fixture(HostileFixtures.OMKAFKA_JSON)));
        final List<String> printed = new ArrayList<>();
        final ByteArrayOutputStream storyBytes = new ByteArrayOutputStream();
        // No seed hosts: the story sums the fleet's services (a hostile service name among them).
        final DemoStory asFleet = new DemoStory(java.util.Set.of(), new PrintStream(storyBytes, true,
                StandardCharsets.UTF_8));
        for (final String line : stdout.split("\n")) {
            final JsonNode node = tree(line);
            if (node.has("event_id") && !node.has("incident_id")) {
                final OomEvent e = Json.MAPPER.convertValue(node, OomEvent.class);
                printed.add(EventPrinter.line(e, true));
                asFleet.event(e);
            } else if (node.has("incident_id")) {
                final IncidentRecord r = Json.MAPPER.convertValue(node, IncidentRecord.class);
                printed.add(EventPrinter.incident("opened", r));
                printed.add(EventPrinter.verdict(r, "=> ", "   "));
                asFleet.incident(r);
            }
        }
        asFleet.finish(0, 0);
        printed.add(storyBytes.toString(StandardCharsets.UTF_8));

        final String all = String.join("\n", printed);
        for (final String line : all.split("\n")) {
            assertNoRawControl("demo line", line);
        }
        assertTrue(all.contains("\\x1b[2J\\x1b]0;pwn\\x07x (pid 4104)"), all);
        assertTrue(all.contains("a\\x00b\\x0dc\\x07d (pid 4202)"), all);
        assertTrue(all.contains("<script>alert(1 (pid 4102)"), "markup is no control: printed as is");
        assertTrue(all.contains(HostileFixtures.LONG_HOST), "a 10,000-character host name printed whole");
        assertTrue(all.contains("top services by kills: "), all);
    }

    @Test
    void shouldEscapeEveryControlVisiblyAndKeepTheRestOfANameUnchanged() {
        assertEquals("\\x1b[31mred\\x07", TerminalText.visible("\u001b[31mred\u0007"));
        assertEquals("a\\x00b\\x0dc\\x0ad\\x09e\\x7ff\\x9bg\\u202eh", TerminalText.visible("a\u0000b\rc\nd\te\u007ff\u009bg\u202eh"));
        assertEquals("C:\\dir \"q\" <b>'; --", TerminalText.visible("C:\\dir \"q\" <b>'; --"), "no control: the same");
        assertEquals("\\\\x1b is text, \\x1b is ESC", TerminalText.visible("\\x1b is text, \u001b is ESC"),
                "a literal backslash-x is told apart from an escaped control");
        assertEquals("\uFFFD(bin 進程", TerminalText.visible("\uFFFD(bin 進程"), "printable non-ASCII kept");
    }

    // Helpers.

    private static String fixture(final String resource) {
        return Fixtures.RESOURCES.resolve(resource).toString();
    }

    private static void assertNoRawControl(final String where, final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (TerminalText.isControl(text.charAt(i)) && text.charAt(i) != '\n') {
                throw new AssertionError(where + ": raw U+" + Integer.toHexString(text.charAt(i)) + " at " + i + ": "
                        + TerminalText.visible(text.substring(Math.max(0, i - 60), Math.min(text.length(), i + 60))));
            }
        }
    }

    private static JsonNode tree(final String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (final IOException e) {
            throw new UncheckedIOException(json, e);
        }
    }

    private int run(final String... args) {
        final CommandRun r = CommandRun.of(args);
        stdout = r.stdout();
        stderr = r.stderr();
        return r.exitCode();
    }
}
