package io.oomstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the Grafana PostgreSQL macros and template variables the dashboards in deploy/grafana/dashboards
 * use, the way Grafana's PostgreSQL data source does, so their SQL can run against a real database:
 * <ul>
 *   <li>{@code $__timeFilter(expr)} → {@code expr BETWEEN 'from' AND 'to'};</li>
 *   <li>{@code $__timeFrom()}, {@code $__timeTo()} → {@code 'from'}, {@code 'to'};</li>
 *   <li>{@code $__timeGroup(expr, interval)} → {@code floor(extract(epoch from expr)/s)*s};
 *       {@code $__timeGroupAlias(...)} adds {@code AS "time"};</li>
 *   <li>{@code $__interval}, {@code $__interval_ms};</li>
 *   <li>{@code $var} and {@code ${var}} → the selected values, single-quoted and comma-separated (a multi-value
 *       variable in {@code IN (...)}; "All" is every value of the variable's query).</li>
 * </ul>
 * Anything else starting with {@code $} is refused, so a dashboard cannot use a macro this expander (and so
 * the test) does not know.
 */
final class GrafanaSql {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private final Instant from;
    private final Instant to;
    private final Duration interval;

    GrafanaSql(final Instant from, final Instant to, final Duration interval) {
        this.from = from;
        this.to = to;
        this.interval = interval;
    }

    /** {@code sql} with every macro and variable expanded; {@code variables} maps names to selected values. */
    String expand(final String sql, final Map<String, List<String>> variables) {
        String s = sql.replace("$__interval_ms", Long.toString(interval.toMillis()))
                .replace("$__interval", grafanaInterval(interval));
        s = macro(s, "$__timeFilter", args -> one(args, "$__timeFilter") + " BETWEEN " + quote(from) + " AND " + quote(to));
        s = macro(s, "$__timeFrom", args -> quote(from));
        s = macro(s, "$__timeTo", args -> quote(to));
        s = macro(s, "$__timeGroupAlias", args -> timeGroup(args) + " AS \"time\"");
        s = macro(s, "$__timeGroup", this::timeGroup);
        if (s.contains("$__")) {
            throw new IllegalArgumentException("unsupported Grafana macro in: " + s);
        }
        final Matcher m = VARIABLE.matcher(s);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String name = m.group(1) != null ? m.group(1) : m.group(2);
            final List<String> values = variables.get(name);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("no value for variable $" + name + " in: " + sql);
            }
            final List<String> quoted = values.stream().map(v -> "'" + v.replace("'", "''") + "'").toList();
            m.appendReplacement(out, Matcher.quoteReplacement(String.join(",", quoted)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The SQL of every panel target and every query variable in a dashboard, keyed by where it was found. */
    static Map<String, String> queries(final JsonNode dashboard) {
        final Map<String, String> out = new java.util.LinkedHashMap<>();
        for (final JsonNode v : dashboard.path("templating").path("list")) {
            if ("query".equals(v.path("type").asText())) {
                final JsonNode q = v.get("query");
                out.put("variable " + v.get("name").asText(), q.isTextual() ? q.asText() : q.path("rawSql").asText());
            }
        }
        collectPanels(dashboard.path("panels"), out);
        return out;
    }

    private static void collectPanels(final JsonNode panels, final Map<String, String> out) {
        for (final JsonNode p : panels) {
            for (final JsonNode t : p.path("targets")) {
                if (t.has("rawSql")) {
                    out.put("panel " + p.path("title").asText() + (p.path("targets").size() > 1
                            ? " / " + t.path("refId").asText() : ""), t.get("rawSql").asText());
                }
            }
            collectPanels(p.path("panels"), out); // panels inside collapsed rows
        }
    }

    private String timeGroup(final List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("$__timeGroup needs a column and an interval: " + args);
        }
        final long seconds = seconds(args.get(1).trim().replace("'", ""));
        return "floor(extract(epoch from " + args.get(0).trim() + ")/" + seconds + ")*" + seconds;
    }

    private static String one(final List<String> args, final String macro) {
        if (args.size() != 1 || args.get(0).isBlank()) {
            throw new IllegalArgumentException(macro + " takes one argument: " + args);
        }
        return args.get(0).trim();
    }

    /** Replaces every {@code name(args)} in {@code s}, arguments split on top-level commas. */
    private static String macro(final String s, final String name,
                                final java.util.function.Function<List<String>, String> expansion) {
        final StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            final int at = s.indexOf(name + "(", i);
            if (at < 0) {
                out.append(s, i, s.length());
                return out.toString();
            }
            out.append(s, i, at);
            int depth = 0;
            int j = at + name.length();
            final List<String> args = new ArrayList<>();
            int argStart = j + 1;
            for (; j < s.length(); j++) {
                final char c = s.charAt(j);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        break;
                    }
                } else if (c == ',' && depth == 1) {
                    args.add(s.substring(argStart, j));
                    argStart = j + 1;
                }
            }
            if (j >= s.length()) {
                throw new IllegalArgumentException("unbalanced parentheses after " + name + " in: " + s);
            }
            final String last = s.substring(argStart, j);
            if (!last.isBlank() || !args.isEmpty()) {
                args.add(last);
            }
            out.append(expansion.apply(args));
            i = j + 1;
        }
    }

    private static String quote(final Instant t) {
        return "'" + t + "'";
    }

    /** Grafana's interval text: 1m, 30s, 2h, 1d. */
    static String grafanaInterval(final Duration d) {
        final long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static long seconds(final String text) {
        final Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("interval " + text);
        }
        final long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Math.max(1, n / 1000);
            case "s" -> n;
            case "m" -> n * 60;
            case "h" -> n * 3_600;
            default -> n * 86_400;
        };
    }
}
