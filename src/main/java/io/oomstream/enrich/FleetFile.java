package io.oomstream.enrich;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a fleet file: YAML ({@code .yaml}, {@code .yml}), JSON ({@code .json}) or CSV ({@code .csv}).
 *
 * <p>YAML and JSON hold either a list of hosts or an object whose {@code hosts} field is that list; each
 * host has the snake_case fields of {@link FleetHost} (services as objects with {@code name},
 * {@code process_names}, {@code systemd_units}, {@code critical}). CSV has a header row naming any of the
 * columns {@code host, datacenter, environment, role, team, ram_kb, kernel, owner, services}, lines
 * starting with {@code #} are comments, and services use the compact syntax of {@link ServicesColumn}.
 * Examples: deploy/fleet/fleet-example.yaml and .csv.
 *
 * <p>Reading is strict, because a typo silently ignored would silently break attribution: unknown fields or
 * columns, a missing host, a negative ram_kb and duplicate service names are errors. Every problem of the
 * file is collected and reported at once, each as {@code file:line: message}.
 */
public final class FleetFile {

    /** One host as read and where it was (for messages). */
    public record Entry(FleetHost host, String where) {
    }

    private static final ObjectMapper JSON = strict(new JsonFactory());
    private static final ObjectMapper YAML = strict(new YAMLFactory());

    private FleetFile() {
    }

    /**
     * Reads and checks {@code file} (format from its extension) into an index.
     *
     * @throws FleetFileException with every problem of the file, those of single hosts and ambiguities together
     */
    public static FleetIndex load(final Path file) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new FleetFileException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return index(text, file.toString());
    }

    /** {@link #load} of text; {@code name} picks the format by its extension and prefixes messages. */
    public static FleetIndex index(final String text, final String name) {
        final List<String> problems = new ArrayList<>();
        final List<Entry> entries = read(text, name, problems);
        problems.addAll(FleetIndex.ambiguities(entries));
        if (!problems.isEmpty()) {
            throw new FleetFileException(problems);
        }
        return FleetIndex.of(entries);
    }

    /**
     * Parses fleet text into checked entries (no cross-host checks: see {@link FleetIndex}).
     *
     * @throws FleetFileException with every problem found
     */
    public static List<Entry> parse(final String text, final String name) {
        final List<String> problems = new ArrayList<>();
        final List<Entry> entries = read(text, name, problems);
        if (!problems.isEmpty()) {
            throw new FleetFileException(problems);
        }
        return entries;
    }

    private static List<Entry> read(final String text, final String name, final List<String> problems) {
        final String lower = name.toLowerCase(Locale.ROOT);
        final List<Entry> entries;
        if (lower.endsWith(".csv")) {
            entries = FleetCsv.parse(text, name, problems);
        } else if (lower.endsWith(".json")) {
            entries = tree(JSON, text, name, problems);
        } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            entries = tree(YAML, text, name, problems);
        } else {
            throw new FleetFileException(List.of(name + ": unknown format; name the file .yaml, .yml, .json or .csv"));
        }
        entries.forEach(e -> check(e, problems));
        return entries;
    }

    /** Checks one host's own fields; cross-host checks are {@link FleetIndex}'s. */
    static void check(final Entry entry, final List<String> problems) {
        final FleetHost h = entry.host();
        if (h.host() == null || h.host().isBlank()) {
            problems.add(entry.where() + ": host is missing");
        }
        if (h.ramKb() != null && h.ramKb() < 0) {
            problems.add(entry.where() + ": ram_kb must be >= 0, got " + h.ramKb());
        }
        final List<String> names = new ArrayList<>();
        for (final Service s : h.services()) {
            if (s.name() == null || s.name().isBlank()) {
                problems.add(entry.where() + ": a service has no name");
            } else if (names.contains(s.name())) {
                problems.add(entry.where() + ": service '" + s.name() + "' is listed twice");
            } else {
                names.add(s.name());
            }
        }
    }

    private static List<Entry> tree(final ObjectMapper mapper, final String text, final String name,
                                    final List<String> problems) {
        final List<Entry> entries = new ArrayList<>();
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                t = toHostsField(p, name);
            }
            if (t != JsonToken.START_ARRAY) {
                throw new FleetFileException(List.of(name + ":" + line(p) + ": expected a list of hosts (or 'hosts:')"));
            }
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                final String where = name + ":" + line(p);
                final JsonNode node = mapper.readTree(p);
                if (!node.isObject()) {
                    problems.add(where + ": a host must be an object with at least 'host'");
                    continue;
                }
                try {
                    entries.add(new Entry(mapper.treeToValue(node, FleetHost.class), where + hostLabel(node)));
                } catch (final JsonProcessingException e) {
                    problems.add(where + hostLabel(node) + ": " + describe(e));
                }
            }
        } catch (final JsonProcessingException e) {
            final long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(name + ":" + line + ": not valid " + (mapper == YAML ? "YAML" : "JSON") + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (final IOException e) {
            problems.add(name + ": cannot read: " + e.getMessage());
        }
        return entries;
    }

    private static JsonToken toHostsField(final JsonParser p, final String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            final String field = p.currentName();
            final JsonToken value = p.nextToken();
            if ("hosts".equals(field)) {
                return value;
            }
            throw new FleetFileException(List.of(name + ":" + line(p) + ": unknown top-level field '" + field
                    + "' (expected 'hosts')"));
        }
        return null;
    }

    private static String hostLabel(final JsonNode node) {
        final JsonNode host = node.get("host");
        return host != null && host.isTextual() ? " (host " + host.asText() + ")" : "";
    }

    private static String describe(final JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + path(u) + "'";
        }
        final String field = e instanceof JsonMappingException m ? path(m) : "";
        return (field.isEmpty() ? "" : field + ": ") + firstLine(e.getOriginalMessage());
    }

    /** The JSON path of a mapping error in the file's own terms: {@code services[0].process_names}. */
    private static String path(final JsonMappingException e) {
        final StringBuilder b = new StringBuilder();
        for (final JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String firstLine(final String s) {
        if (s == null) {
            return "";
        }
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static long line(final JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    private static ObjectMapper strict(final JsonFactory factory) {
        return new ObjectMapper(factory)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                // "process_names: java" for a single name is what people write.
                .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);
    }
}
