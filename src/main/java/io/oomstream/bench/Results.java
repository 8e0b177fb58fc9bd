package io.oomstream.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one bench run: a flat JSON summary (every value a number measured in this run, except
 * the descriptive {@code mode}/{@code machine} entries) and a human table of figure, baseline, ratio and
 * target.
 */
final class Results {

    /** Keys the issue requires in {@code --json}; each must be a number measured in the run. */
    static final List<String> REQUIRED_KEYS = List.of("stitch_lines_per_s", "split_limit_lines_per_s",
            "grok_lines_per_s", "e2e_records_per_s", "identity_records_per_s", "latency_p50_ms", "latency_p99_ms",
            "heap_peak_mb", "hosts");

    /** One row of the table. */
    record Row(String figure, String measured, String baseline, String baselineValue, String ratio, String target,
               String verdict) {
    }

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void put(final String key, final Object value) {
        json.put(key, value instanceof Double d ? round(d) : value);
    }

    Object get(final String key) {
        return json.get(key);
    }

    double number(final String key) {
        final Object v = json.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    void row(final Row r) {
        rows.add(r);
    }

    void note(final String s) {
        notes.add(s);
    }

    Map<String, Object> json() {
        return json;
    }

    String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys of {@link #REQUIRED_KEYS} that are missing or not a positive finite number. */
    List<String> missingOrInvalid() {
        final List<String> bad = new ArrayList<>();
        for (final String k : REQUIRED_KEYS) {
            final double v = number(k);
            if (!(v > 0) || Double.isInfinite(v)) {
                bad.add(k);
            }
        }
        return bad;
    }

    String table() {
        final String[] head = {"figure", "measured", "baseline", "baseline value", "ratio", "target", "met"};
        final int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
        }
        for (final Row r : rows) {
            final String[] c = cells(r);
            for (int i = 0; i < c.length; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        line(sb, head, w);
        final String[] rule = new String[head.length];
        for (int i = 0; i < head.length; i++) {
            rule[i] = "-".repeat(w[i]);
        }
        line(sb, rule, w);
        for (final Row r : rows) {
            line(sb, cells(r), w);
        }
        for (final String n : notes) {
            sb.append("  * ").append(n).append('\n');
        }
        return sb.toString();
    }

    private static String[] cells(final Row r) {
        return new String[] {r.figure(), r.measured(), r.baseline(), r.baselineValue(), r.ratio(), r.target(),
            r.verdict()};
    }

    private static void line(final StringBuilder sb, final String[] cells, final int[] w) {
        for (int i = 0; i < cells.length; i++) {
            final boolean right = i == 1 || i == 3 || i == 4;
            final String pad = " ".repeat(w[i] - cells[i].length());
            sb.append(right ? pad + cells[i] : cells[i] + pad);
            sb.append(i < cells.length - 1 ? "  " : "");
        }
        sb.append('\n');
    }

    static double round(final double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        final double abs = Math.abs(v);
        final double scale = abs >= 1000 ? 1 : abs >= 10 ? 10 : abs >= 1 ? 100 : 1000;
        return Math.round(v * scale) / scale;
    }

    /** Nearest-rank percentile of unsorted values (NaN when empty). */
    static double percentile(final List<Double> values, final double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        final int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double median(final List<Double> values) {
        return percentile(values, 50);
    }

    /**
     * Per-pair ratios (each pair measured back to back, so both sides saw the same machine) and what a reader needs
     * of them: the median, which the figure is, and the spread, which says how far one pair can be trusted.
     */
    record Spread(List<Double> perPair, double median, double min, double max) {

        static Spread of(final List<Double> perPair) {
            final List<Double> finite = perPair.stream().filter(Double::isFinite).toList();
            return new Spread(perPair.stream().map(Results::round).toList(), Results.median(finite),
                    finite.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    finite.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        }

        /** "0.93 (0.87-0.98, 5 pairs)". */
        String text() {
            return String.format(java.util.Locale.ROOT, "%.2f (%.2f-%.2f, %d pairs)", median, min, max, perPair.size());
        }
    }

    /** {@code key} = the median of the per-pair ratios, {@code key_min}, {@code key_max}, {@code key_per_pair}. */
    Spread putSpread(final String key, final List<Double> perPair) {
        final Spread s = Spread.of(perPair);
        put(key, s.median());
        put(key + "_min", s.min());
        put(key + "_max", s.max());
        put(key + "_per_pair", s.perPair());
        return s;
    }
}
