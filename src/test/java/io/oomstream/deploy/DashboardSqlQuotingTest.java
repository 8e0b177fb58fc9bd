package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards never interpolate a value into SQL unquoted. Their variables take their values from the
 * database (environments, datacenters, teams: fleet metadata anyone may have written, e.g. a team named
 * {@code x'); DROP TABLE oom_events;--}). Grafana's PostgreSQL data source single-quotes each value of a
 * multi-value or include-All variable and doubles its quotes; a single-value variable, a custom "All" value or
 * the {@code :raw} format would go in as typed. So: every variable a query uses is multi-value or include-All
 * without a custom all value, is used bare (not inside quotes of its own, which would break on the quotes Grafana
 * adds) and in no raw format; no panel builds links or HTML from values.
 */
class DashboardSqlQuotingTest {

    private static final Path DASHBOARDS = Path.of("deploy", "grafana", "dashboards");
    /** {@code $var}, {@code ${var}}, {@code ${var:format}}, {@code [[var]]}; macros ({@code $__x}) excluded. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\$(?!__)(\\w+)|\\[\\[(\\w+)(?::(\\w+))?]]");

    @Test
    void shouldQuoteEveryValueAVariableBringsIntoTheSql() throws IOException {
        int checked = 0;
        for (final Path file : dashboards()) {
            final JsonNode dashboard = Json.MAPPER.readTree(file.toFile());
            final Map<String, JsonNode> variables = new HashMap<>();
            dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
            for (final String sql : sqls(dashboard)) {
                final Matcher m = VARIABLE.matcher(sql);
                while (m.find()) {
                    final String name = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(4);
                    final String format = m.group(2) != null ? m.group(2) : m.group(5);
                    final JsonNode v = variables.get(name);
                    final String where = file.getFileName() + ": $" + name + " in " + sql;
                    assertTrue(v != null, "an unknown variable: " + where);
                    assertTrue(v.path("multi").asBoolean() || v.path("includeAll").asBoolean(),
                            "a single-value variable goes in unquoted: " + where);
                    assertTrue(v.path("allValue").isMissingNode() || v.path("allValue").isNull()
                            || v.path("allValue").asText().isEmpty(), "a custom All value goes in unquoted: " + where);
                    assertTrue(format == null || format.equals("sqlstring") || format.equals("singlequote"),
                            "format :" + format + " is not quoted: " + where);
                    final char before = previousNonSpace(sql, m.start());
                    assertFalse(before == '\'' || before == '"', "a variable inside quotes of its own: " + where);
                    assertEquals('(', before, "used as IN ($" + name + "): " + where);
                    checked++;
                }
            }
            assertFalse(dashboard.toString().contains("${__data"), file + ": a data link or HTML built from values");
            assertFalse(dashboard.toString().contains("${__value"), file + ": a data link or HTML built from values");
        }
        assertTrue(checked >= 20, "variables checked: " + checked);
    }

    private static char previousNonSpace(final String s, final int at) {
        for (int i = at - 1; i >= 0; i--) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return ' ';
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            final List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertFalse(files.isEmpty());
            return files;
        }
    }

    /** Every SQL text of a dashboard: variable queries and panel targets, in nested rows too. */
    private static List<String> sqls(final JsonNode dashboard) {
        final List<String> out = new ArrayList<>();
        for (final JsonNode v : dashboard.path("templating").path("list")) {
            final JsonNode q = v.path("query");
            out.add(q.isTextual() ? q.asText() : q.path("rawSql").asText());
        }
        panels(dashboard.path("panels"), out);
        return out;
    }

    private static void panels(final JsonNode panels, final List<String> out) {
        for (final JsonNode p : panels) {
            p.path("targets").forEach(t -> out.add(t.path("rawSql").asText()));
            panels(p.path("panels"), out);
        }
    }
}
