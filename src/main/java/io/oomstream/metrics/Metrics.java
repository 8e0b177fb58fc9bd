package io.oomstream.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * A tiny thread-safe registry of oomstream's own counters and gauges, with labels, exported in Prometheus
 * text format by {@code io.oomstream.app.HttpEndpoint}.
 *
 * <p>A metric family is a name plus type plus help text; each distinct label set of a family is one series.
 * Getting a series creates it on first use, so callers may look it up on every event, or keep the returned
 * {@link Counter}/{@link Gauge} (cheaper). Names must be valid Prometheus metric names; counters must end
 * in {@code _total}. Registering an existing name with another type or other label names fails.
 *
 * <p>A series whose subject went away (a task that moved to another instance) is dropped with {@link #remove},
 * so its last value is not exported forever.
 *
 * <p>Limits: no histograms or summaries, no label-cardinality guard (do not put host
 * names or offsets into labels). {@link #global()} is the process-wide registry the application and its
 * Kafka-instantiated handlers share; tests may create their own instances.
 */
public final class Metrics {

    /** Raw syslog records decoded into log lines. */
    public static final String RECORDS_DECODED = "oomstream_records_decoded_total";
    /** Raw syslog records that could not be decoded (sent to the dead-letter topic). */
    public static final String RECORDS_UNDECODABLE = "oomstream_records_undecodable_total";
    /**
     * Every input record by what became of it, labels outcome ({@code report}, {@code ordinary},
     * {@code dead_letter}) and reason: the outcomes add up to the records read (no silent drop).
     */
    public static final String RECORDS_TOTAL = "oomstream_records_total";
    /** Records Kafka refused or could not (de)serialise and that oomstream skipped; labels stage, reason. */
    public static final String RECORDS_SKIPPED = "oomstream_records_skipped_total";
    /** OOM reports currently open (being stitched), gauge. */
    public static final String REPORTS_OPEN = "oomstream_reports_open";
    /** How long a line waits in the reorder stage now (seconds; the whole window until the stage is warm). */
    public static final String REORDER_WAIT = "oomstream_reorder_wait_seconds";
    /** OOM events emitted; label kind. */
    public static final String EVENTS_EMITTED = "oomstream_events_emitted_total";
    /** Events emitted incomplete; label reason (e.g. TIMEOUT, MAX_LINES, SUPERSEDED). */
    public static final String EVENTS_INCOMPLETE = "oomstream_events_incomplete_total";

    private static final Metrics GLOBAL = new Metrics();
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Family> families = new ConcurrentHashMap<>();

    /** The process-wide registry. */
    public static Metrics global() {
        return GLOBAL;
    }

    /**
     * The counter series {@code name{labels}}, created on first use.
     *
     * @param labels alternating label names and values, e.g. {@code "kind", "oom_kill"}
     */
    public Counter counter(final String name, final String help, final String... labels) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("counter name must end in _total: " + name);
        }
        return (Counter) family(name, Type.COUNTER, help, labels).series(labelMap(labels), Counter::new);
    }

    /** The settable gauge series {@code name{labels}}, created on first use (initial value 0). */
    public Gauge gauge(final String name, final String help, final String... labels) {
        final Series series = family(name, Type.GAUGE, help, labels).series(labelMap(labels), Gauge::new);
        if (!(series instanceof Gauge)) {
            throw new IllegalArgumentException(name + " is registered as a supplier-backed gauge");
        }
        return (Gauge) series;
    }

    /**
     * Registers a gauge whose value is read from {@code supplier} at export time; replaces an earlier
     * supplier for the same series.
     */
    public void gauge(final String name, final String help, final DoubleSupplier supplier, final String... labels) {
        final Family family = family(name, Type.GAUGE, help, labels);
        family.series.put(labelMap(labels), new SuppliedGauge(supplier));
    }

    /**
     * Drops the series {@code name{labels}} (a no-op when there is none); the family stays, with its other series.
     * A caller still holding the dropped {@link Gauge} or {@link Counter} updates a value nobody exports.
     */
    public void remove(final String name, final String... labels) {
        final Family family = families.get(name);
        if (family != null) {
            family.series.remove(labelMap(labels));
        }
    }

    /** A consistent-enough copy of every series, sorted by name then labels, for export. */
    public List<Sample> snapshot() {
        final List<Sample> samples = new ArrayList<>();
        final SortedMap<String, Family> sorted = new TreeMap<>(families);
        for (final Family family : sorted.values()) {
            final SortedMap<String, Map.Entry<SortedMap<String, String>, Series>> bySeries = new TreeMap<>();
            for (final Map.Entry<SortedMap<String, String>, Series> e : family.series.entrySet()) {
                bySeries.put(e.getKey().toString(), e);
            }
            for (final Map.Entry<SortedMap<String, String>, Series> e : bySeries.values()) {
                samples.add(new Sample(family.name, family.type, family.help, e.getKey(), e.getValue().read()));
            }
        }
        return samples;
    }

    private Family family(final String name, final Type type, final String help, final String... labels) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        final Family family = families.computeIfAbsent(name, n -> new Family(n, type, help, labelNames(labels)));
        if (family.type != type) {
            throw new IllegalArgumentException(name + " is already registered as a " + family.type);
        }
        if (!family.labelNames.equals(labelNames(labels))) {
            throw new IllegalArgumentException(name + " is registered with labels " + family.labelNames);
        }
        return family;
    }

    private static List<String> labelNames(final String... labels) {
        final List<String> names = new ArrayList<>(labelMap(labels).keySet());
        Collections.sort(names);
        return names;
    }

    private static SortedMap<String, String> labelMap(final String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        final SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
                throw new IllegalArgumentException("invalid label name: " + labels[i]);
            }
            map.put(labels[i], Objects.requireNonNull(labels[i + 1], "label value"));
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /** Prometheus metric type of a family. */
    public enum Type {
        /** Monotonic count since process start; name ends in {@code _total}. */
        COUNTER,
        /** A value that goes up and down, e.g. open reports. */
        GAUGE;

        /** The exposition-format type word. */
        public String prometheusName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One series at export time: family name, type, help, labels (sorted by name) and current value. */
    public record Sample(String name, Type type, String help, SortedMap<String, String> labels, double value) {
    }

    private interface Series {
        double read();
    }

    /** A monotonically increasing count. */
    public static final class Counter implements Series {
        private final LongAdder count = new LongAdder();

        /** Adds one. */
        public void inc() {
            count.increment();
        }

        /** Adds {@code n} (must not be negative). */
        public void inc(final long n) {
            if (n < 0) {
                throw new IllegalArgumentException("counter increment must be >= 0, got " + n);
            }
            count.add(n);
        }

        /** Current count. */
        public long value() {
            return count.sum();
        }

        @Override
        public double read() {
            return count.sum();
        }
    }

    /** A gauge holding an integral value. */
    public static final class Gauge implements Series {
        private final AtomicLong value = new AtomicLong();

        /** Sets the value. */
        public void set(final long newValue) {
            value.set(newValue);
        }

        /** Adds {@code delta} (may be negative). */
        public void add(final long delta) {
            value.addAndGet(delta);
        }

        /** Current value. */
        public long value() {
            return value.get();
        }

        @Override
        public double read() {
            return value.get();
        }
    }

    private record SuppliedGauge(DoubleSupplier supplier) implements Series {
        @Override
        public double read() {
            return supplier.getAsDouble();
        }
    }

    private static final class Family {
        private final String name;
        private final Type type;
        private final String help;
        private final List<String> labelNames;
        private final Map<SortedMap<String, String>, Series> series = new ConcurrentHashMap<>();

        Family(final String name, final Type type, final String help, final List<String> labelNames) {
            this.name = name;
            this.type = type;
            this.help = help == null ? "" : help;
            this.labelNames = List.copyOf(labelNames);
        }

        Series series(final SortedMap<String, String> labels, final java.util.function.Supplier<Series> create) {
            return series.computeIfAbsent(labels, l -> create.get());
        }
    }
}
