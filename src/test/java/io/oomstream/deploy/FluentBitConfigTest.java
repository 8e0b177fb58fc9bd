package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/fluent-bit/ produces records oomstream decodes. Fluent Bit is not installable here, so its parsers
 * (parsers.conf: Onigmo regexes, which these patterns share with java.util.regex) are applied to whole kernel
 * reports as Fluent Bit applies them, each record completed the way the kafka output writes it (the named
 * captures, Time_Keep'ing the time, plus Timestamp_Key), and the records go through oomstream's stitcher:
 * they must give exactly the events of the original log.
 */
class FluentBitConfigTest {

    private static final Path DIR = Path.of("deploy", "fluent-bit");
    private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    @ParameterizedTest(name = "{0} via parser {1}")
    @CsvSource({
        "kernel-logs/alloc-failure/ubuntu-4.15-order3-gfp-names-nodemask.log, oomstream-rfc3164, <4>",
        "kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log, oomstream-rfc3164, <3>",
        "kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log, oomstream-syslog-file, ''",
        "seeds/000-centos6-httpd-workers-www8321uj.txt, oomstream-syslog-file, ''"})
    void shouldGiveTheEventsOfTheOriginalLog(final String fixture, final String parser, final String pri)
            throws IOException {
        final Map<String, Map<String, String>> parsers = sections(DIR.resolve("parsers.conf"), "PARSER", "Name");
        final Map<String, String> p = parsers.get(parser);
        assertTrue(p != null, parser + " in " + parsers.keySet());
        assertEquals("regex", p.get("Format"));
        assertEquals("On", p.get("Time_Keep"), "the syslog time must stay in the record");
        final Pattern regex = Pattern.compile(p.get("Regex"));
        final List<String> fields = new ArrayList<>();
        GROUP.matcher(p.get("Regex")).results().forEach(m -> fields.add(m.group(1)));
        final Map<String, String> output = output();
        assertTrue(fields.contains(output.get("Message_Key_Field")), "records are keyed by a parsed field");

        final List<String> original = new ArrayList<>();
        final List<String> records = new ArrayList<>();
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        for (final String line : Fixtures.read(fixture).split("\n")) {
            final Matcher m = regex.matcher(pri + line);
            if (!m.matches() || !line.matches("^[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d .*")) {
                continue; // Fluent Bit keeps unparsed lines as {"log": ...}; prose of the write-ups, not syslog
            }
            original.add(line);
            final Map<String, String> record = new LinkedHashMap<>();
            for (final String f : fields) {
                if (m.group(f) != null) {
                    record.put(f, m.group(f));
                }
            }
            record.put(output.get("Timestamp_Key"), Instant.parse("2026-11-21T10:00:00Z").toString());
            final String json = Json.write(record);
            EventSchema.assertValid("input-fluentbit.schema.json", Json.MAPPER.readTree(json));
            assertEquals(1, decoder.decode(json).lines().size(), json);
            records.add(json);
        }
        assertTrue(original.size() > 10, fixture + ": " + original.size() + " syslog lines");

        final List<OomEvent> expected = Fixtures.analyze(String.join("\n", original));
        final List<OomEvent> actual = Fixtures.analyze(String.join("\n", records));
        assertFalse(expected.isEmpty());
        assertEquals(tree(expected), tree(actual), "the same events from Fluent Bit records as from the log");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Brokers, OOMSTREAM_KAFKA_BROKERS", "Topics, OOMSTREAM_KAFKA_TOPIC"})
    void shouldTakeBrokersAndTopicFromTheEnvironmentLikeTheRsyslogDropIn(final String key, final String env)
            throws IOException {
        assertEquals("${" + env + "}", output().get(key));
        assertTrue(Files.readString(Path.of("deploy", "rsyslog", "60-oomstream-kafka.conf")).contains("$" + env),
                "same variable as the rsyslog drop-in");
        assertEquals("json", output().get("Format"));
        final Map<String, Map<String, String>> inputs = sections(DIR.resolve("fluent-bit.conf"), "INPUT", "Tag");
        final Map<String, Map<String, String>> parsers = sections(DIR.resolve("parsers.conf"), "PARSER", "Name");
        assertFalse(inputs.isEmpty());
        final String match = output().get("Match").replace(".", "\\.").replace("*", ".*");
        inputs.forEach((tag, in) -> {
            assertTrue(parsers.containsKey(in.get("Parser")), tag + " uses a parser of parsers.conf");
            assertTrue(tag.matches(match), tag + " is sent");
        });
    }

    private static Map<String, String> output() throws IOException {
        final Map<String, Map<String, String>> outputs = sections(DIR.resolve("fluent-bit.conf"), "OUTPUT", "Name");
        assertEquals(List.of("kafka"), List.copyOf(outputs.keySet()));
        return outputs.get("kafka");
    }

    /** The sections {@code [kind]} of a classic Fluent Bit file, keyed by their {@code idKey} value. */
    static Map<String, Map<String, String>> sections(final Path file, final String kind, final String idKey)
            throws IOException {
        final Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (final String raw : Files.readAllLines(file)) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = line.equals("[" + kind + "]") ? new LinkedHashMap<>() : null;
                if (current != null) {
                    out.put("#" + out.size(), current);
                }
                continue;
            }
            if (current != null) {
                final String[] kv = line.split("\\s+", 2);
                current.put(kv[0], kv.length > 1 ? kv[1].strip() : "");
            }
        }
        final Map<String, Map<String, String>> byId = new LinkedHashMap<>();
        out.values().forEach(s -> byId.put(s.get(idKey), s));
        return byId;
    }

    private static List<JsonNode> tree(final List<OomEvent> events) {
        return events.stream().map(e -> (JsonNode) Json.MAPPER.valueToTree(e)).toList();
    }
}
