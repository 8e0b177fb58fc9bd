package io.oomstream.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The CSV form of a fleet file (see {@link FleetFile}); one host per row, services in {@link ServicesColumn} syntax. */
final class FleetCsv {

    /** The columns, in the order {@code fleet-example.csv} uses. */
    static final List<String> COLUMNS = List.of("host", "datacenter", "environment", "role", "team", "ram_kb", "kernel",
            "owner", "services");

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.ALLOW_COMMENTS)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private FleetCsv() {
    }

    static List<FleetFile.Entry> parse(final String text, final String name, final List<String> problems) {
        final List<FleetFile.Entry> entries = new ArrayList<>();
        final CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (CsvParser p = (CsvParser) MAPPER.getFactory().createParser(text)) {
            p.setSchema(schema);
            boolean headerChecked = false;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                // The row's first cell carries its line; START_OBJECT still points at the previous row.
                final JsonToken first = p.nextToken();
                final String where = name + ":" + p.currentTokenLocation().getLineNr();
                if (!headerChecked) {
                    headerChecked = true;
                    if (!checkHeader(p.getSchema().getColumnNames(), name, problems)) {
                        return entries;
                    }
                }
                final Map<String, String> row = readRow(p, first);
                final FleetFile.Entry entry = entry(row, where, problems);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (final JsonProcessingException e) {
            final long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(name + ":" + line + ": not valid CSV: " + e.getOriginalMessage());
        } catch (final IOException e) {
            problems.add(name + ": cannot read: " + e.getMessage());
        }
        return entries;
    }

    private static boolean checkHeader(final List<String> columns, final String name, final List<String> problems) {
        final Set<String> known = Set.copyOf(COLUMNS);
        boolean ok = columns.contains("host");
        if (!ok) {
            problems.add(name + ":1: the header row must name a 'host' column (columns: " + String.join(",", COLUMNS) + ")");
        }
        for (final String c : columns) {
            if (!known.contains(c)) {
                problems.add(name + ":1: unknown column '" + c + "' (columns: " + String.join(",", COLUMNS) + ")");
                ok = false;
            }
        }
        return ok;
    }

    /** Reads the cells of a row whose first token ({@code first}) has been read. */
    private static Map<String, String> readRow(final CsvParser p, final JsonToken first) throws IOException {
        final Map<String, String> row = new TreeMap<>();
        JsonToken t = first;
        while (t == JsonToken.FIELD_NAME) {
            final String column = p.currentName();
            p.nextToken();
            row.put(column, p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
            t = p.nextToken();
        }
        return row;
    }

    private static FleetFile.Entry entry(final Map<String, String> row, final String where, final List<String> problems) {
        final String host = row.get("host");
        final String label = where + (host == null ? "" : " (host " + host + ")");
        Long ramKb = null;
        if (row.get("ram_kb") != null) {
            try {
                ramKb = Long.parseLong(row.get("ram_kb"));
            } catch (final NumberFormatException e) {
                problems.add(label + ": ram_kb must be a whole number of kB, got '" + row.get("ram_kb") + "'");
                return null;
            }
        }
        final List<Service> services;
        try {
            services = ServicesColumn.parse(row.get("services"));
        } catch (final IllegalArgumentException e) {
            problems.add(label + ": " + e.getMessage());
            return null;
        }
        return new FleetFile.Entry(new FleetHost(host, row.get("datacenter"), row.get("environment"), row.get("role"),
                row.get("team"), ramKb, row.get("kernel"), row.get("owner"), services), label);
    }
}
