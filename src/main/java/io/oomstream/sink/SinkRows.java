package io.oomstream.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetHost;
import io.oomstream.event.Buddy;
import io.oomstream.event.Consumer;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.incident.Culprit;
import io.oomstream.incident.FleetIncident;
import io.oomstream.incident.Incident;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.incident.Kill;
import io.oomstream.count.KillCount;
import io.oomstream.incident.KillSummary;
import io.oomstream.incident.Severity;
import io.oomstream.incident.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows of the JDBC sink: flat, SQL-friendly versions of enriched events, incidents and kill counts,
 * written as Kafka Connect JSON envelopes ({@code {"schema": ..., "payload": ...}}), which Connect's
 * {@code JsonConverter} (schemas.enable=true) turns into the Structs the Debezium JDBC sink needs.
 *
 * <p>Conventions (docs/sink.md): column names avoid SQL reserved words ({@code oom_constraint}, {@code kills});
 * times are ISO-8601 strings in UTC with the logical type {@code io.debezium.time.ZonedTimestamp}, which the
 * Debezium sink binds as a {@code timestamp with time zone} whatever the Connect JVM's zone (a Connect
 * {@code Timestamp} is bound as a zone-less local time that PostgreSQL reads in the session's zone, the
 * worker JVM's default: a worker outside UTC would shift every row), stored in {@code timestamptz}; the
 * dimension columns the dashboards filter and group by (host, service, environment, datacenter, team, role)
 * are never null: a value the fleet metadata or the log does not give is {@value #UNKNOWN}. The tables are
 * created by deploy/sql/schema.sql; the sink test checks that file against the {@link Table}s here.
 */
public final class SinkRows {

    /** Dimension value when the fleet metadata or the log does not give one. */
    public static final String UNKNOWN = "unknown";
    /** Lists (services hit, victims, hosts) are joined with this into one text column. */
    public static final String LIST_SEPARATOR = ", ";
    private static final int MAX_LISTED = 50;
    /** What a NUL in a text value becomes in a row (PostgreSQL text cannot hold NUL): U+2400 SYMBOL FOR NULL. */
    public static final char NUL_SYMBOL = '\u2400';
    /** Logical type of time columns: Debezium's zoned timestamp, an ISO-8601 string with offset. */
    public static final String TIMESTAMP_LOGICAL = "io.debezium.time.ZonedTimestamp";

    /** Connect schema types used by the rows; {@link #TIMESTAMP} is a string named {@link #TIMESTAMP_LOGICAL}. */
    public enum Type {
        STRING("string"), INT32("int32"), INT64("int64"), FLOAT64("double"), BOOLEAN("boolean"), TIMESTAMP("string");

        private final String connect;

        Type(final String connect) {
            this.connect = connect;
        }

        /** The Connect schema type name. */
        public String connect() {
            return connect;
        }
    }

    /** One column: its name in the payload and in the table, its type, whether it may be null. */
    public record Column(String name, Type type, boolean optional) {
    }

    /**
     * One table and the Connect struct schema of its rows.
     *
     * @param name       the table (and the connector's {@code collection.name.format})
     * @param schemaName the Connect struct name
     * @param primaryKey the upsert key (the connector's {@code primary.key.fields})
     */
    public record Table(String name, String schemaName, List<Column> columns, List<String> primaryKey) {

        public Table {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
        }

        /** The Connect schema of the rows, as JsonConverter expects it. */
        public ObjectNode connectSchema() {
            final ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "struct");
            schema.put("name", schemaName);
            schema.put("optional", false);
            final ArrayNode fields = schema.putArray("fields");
            for (final Column c : columns) {
                final ObjectNode f = fields.addObject();
                f.put("field", c.name());
                f.put("type", c.type().connect());
                f.put("optional", c.optional());
                if (c.type() == Type.TIMESTAMP) {
                    f.put("name", TIMESTAMP_LOGICAL);
                    f.put("version", 1);
                }
            }
            return schema;
        }

        /**
         * The envelope of one row. Every column must be in {@code row}; a null in a required column is a bug
         * of this class (the mapping below never produces one).
         */
        public ObjectNode envelope(final Map<String, Object> row) {
            final Written written = Written.of(this);
            if (!row.keySet().equals(written.columnNames)) {
                throw new IllegalStateException(name + ": row columns " + row.keySet() + " != " + columnNames());
            }
            final ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            envelope.set("schema", written.schema);
            final ObjectNode payload = envelope.putObject("payload");
            for (final Column c : columns) {
                final Object v = row.get(c.name());
                if (v == null) {
                    if (!c.optional()) {
                        throw new IllegalStateException(name + "." + c.name() + " is required");
                    }
                    payload.putNull(c.name());
                    continue;
                }
                switch (c.type()) {
                    case STRING -> payload.put(c.name(), IndexedText.bounded(name, c.name(), storableText((String) v)));
                    case INT32 -> payload.put(c.name(), ((Number) v).intValue());
                    case INT64 -> payload.put(c.name(), ((Number) v).longValue());
                    case TIMESTAMP -> payload.put(c.name(), Instant.ofEpochMilli(((Number) v).longValue()).toString());
                    case FLOAT64 -> payload.put(c.name(), ((Number) v).doubleValue());
                    case BOOLEAN -> payload.put(c.name(), (Boolean) v);
                    default -> throw new IllegalStateException(c.type().name());
                }
            }
            return envelope;
        }

        /**
         * {@code s} as PostgreSQL can store it: a text value cannot hold NUL (the JDBC sink's insert fails, and
         * with {@code errors.tolerance=none} its task stops), and a process name read from a JSON record may
         * carry one; each NUL becomes U+2400 (SYMBOL FOR NULL, visible). Every other character is kept.
         */
        static String storableText(final String s) {
            return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', NUL_SYMBOL);
        }

        /** The column names, in order. */
        public Set<String> columnNames() {
            final Set<String> names = new LinkedHashSet<>();
            columns.forEach(c -> names.add(c.name()));
            return names;
        }
    }

    /**
     * What every envelope of a table shares, made once: its column names, and its schema as the JSON text
     * {@link Json#MAPPER} writes for {@link Table#connectSchema()}, put into each envelope as a raw value. The schema
     * is most of an envelope (an event row's schema is longer than its payload), and building its nodes again for
     * every row was 6 of the 99 samples the e2e profile's stream thread spent processing records, writing them more.
     * An envelope is written by {@link Json#MAPPER} (the sink topics' serde), which writes the raw value where it
     * would have written the schema's nodes: the same bytes.
     */
    private static final class Written {
        private static final Map<Table, Written> KNOWN = new IdentityHashMap<>();

        static {
            for (final Table t : TABLES) {
                KNOWN.put(t, new Written(t));
            }
        }

        final Set<String> columnNames;
        final JsonNode schema;

        private Written(final Table table) {
            this.columnNames = Set.copyOf(table.columnNames());
            try {
                this.schema = new POJONode(new RawValue(Json.MAPPER.writeValueAsString(table.connectSchema())));
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException(table.name() + ": cannot write its schema", e);
            }
        }

        /** The shared parts of one of {@link #TABLES}, made now for any other table (tests make their own). */
        static Written of(final Table table) {
            final Written known = KNOWN.get(table);
            return known != null ? known : new Written(table);
        }
    }

    /** One row per event (kills, allocation failures, incomplete reports); key event_id. */
    public static final Table EVENTS = new Table("oom_events", "io.oomstream.sink.Event", List.of(
            req("event_id", Type.STRING),
            req("kind", Type.STRING),
            req("is_kill", Type.BOOLEAN),
            req("host", Type.STRING),
            req("event_time", Type.TIMESTAMP),
            opt("first_line_time", Type.TIMESTAMP),
            req("seen_at", Type.TIMESTAMP),
            req("complete", Type.BOOLEAN),
            opt("incomplete_reason", Type.STRING),
            opt("kernel_era", Type.STRING),
            opt("kernel_version", Type.STRING),
            req("line_count", Type.INT32),
            opt("killer", Type.STRING),
            opt("trigger_process", Type.STRING),
            opt("trigger_pid", Type.INT32),
            opt("gfp_mask", Type.STRING),
            opt("alloc_order", Type.INT32),
            opt("oom_constraint", Type.STRING),
            opt("oom_memcg", Type.STRING),
            opt("task_memcg", Type.STRING),
            opt("systemd_unit", Type.STRING),
            opt("victim_pid", Type.INT32),
            opt("victim_name", Type.STRING),
            opt("victim_uid", Type.INT64),
            opt("victim_total_vm_kb", Type.INT64),
            opt("victim_anon_rss_kb", Type.INT64),
            opt("victim_file_rss_kb", Type.INT64),
            opt("victim_oom_score_adj", Type.INT32),
            opt("victim_share", Type.FLOAT64),
            opt("reaped", Type.BOOLEAN),
            opt("memcg_usage_kb", Type.INT64),
            opt("memcg_limit_kb", Type.INT64),
            opt("ram_kb", Type.INT64),
            opt("mem_free_kb", Type.INT64),
            opt("swap_total_kb", Type.INT64),
            opt("swap_free_kb", Type.INT64),
            opt("swap_exhausted", Type.BOOLEAN),
            opt("fragmented", Type.BOOLEAN),
            opt("largest_free_order", Type.INT32),
            opt("thrashing", Type.BOOLEAN),
            opt("report_span_seconds", Type.INT64),
            opt("top_consumer", Type.STRING),
            opt("top_consumer_rss_kb", Type.INT64),
            opt("top_consumer_share", Type.FLOAT64),
            opt("verdict", Type.STRING),
            req("fleet_status", Type.STRING),
            req("service", Type.STRING),
            opt("service_rule", Type.STRING),
            req("environment", Type.STRING),
            req("datacenter", Type.STRING),
            req("team", Type.STRING),
            req("role", Type.STRING),
            opt("pod_uid", Type.STRING),
            opt("container_id", Type.STRING),
            opt("namespace", Type.STRING),
            opt("pod", Type.STRING),
            opt("workload_kind", Type.STRING),
            opt("workload", Type.STRING),
            opt("container", Type.STRING)),
            List.of("event_id"));

    /** One row per incident (host or fleet-wide), its latest state; key incident_id. */
    public static final Table INCIDENTS = new Table("oom_incidents", "io.oomstream.sink.Incident", List.of(
            req("incident_id", Type.STRING),
            req("scope", Type.STRING),
            opt("host", Type.STRING),
            opt("group_by", Type.STRING),
            opt("group_value", Type.STRING),
            req("environment", Type.STRING),
            req("datacenter", Type.STRING),
            req("team", Type.STRING),
            req("role", Type.STRING),
            req("status", Type.STRING),
            req("opened_at", Type.TIMESTAMP),
            opt("last_kill_at", Type.TIMESTAMP),
            opt("closed_at", Type.TIMESTAMP),
            req("kill_count", Type.INT32),
            req("reports_without_kill", Type.INT32),
            req("host_count", Type.INT32),
            opt("hosts", Type.STRING),
            req("services_hit", Type.STRING),
            req("victims", Type.STRING),
            opt("culprit_name", Type.STRING),
            opt("culprit_processes", Type.INT32),
            opt("culprit_rss_kb", Type.INT64),
            opt("culprit_share", Type.FLOAT64),
            opt("culprit_among_victims", Type.BOOLEAN),
            opt("culprit_reading", Type.STRING),
            req("swap_exhausted", Type.BOOLEAN),
            req("hang_suspected", Type.BOOLEAN),
            opt("fleet_incidents", Type.STRING),
            req("severity", Type.STRING),
            req("severity_rank", Type.INT32),
            req("severity_reasons", Type.STRING),
            req("verdict", Type.STRING),
            req("updated_at", Type.TIMESTAMP)),
            List.of("incident_id"));

    /** One row per closed kill-count window and dimensions; key the dimensions and the window start. */
    public static final Table KILL_COUNTS = new Table("oom_kill_counts", "io.oomstream.sink.KillCount", List.of(
            req("service", Type.STRING),
            req("environment", Type.STRING),
            req("datacenter", Type.STRING),
            req("team", Type.STRING),
            req("namespace", Type.STRING),
            req("workload", Type.STRING),
            req("window_start", Type.TIMESTAMP),
            req("window_end", Type.TIMESTAMP),
            req("kills", Type.INT64),
            req("updated_at", Type.TIMESTAMP)),
            List.of("service", "environment", "datacenter", "team", "namespace", "workload", "window_start"));

    /** The three tables. */
    public static final List<Table> TABLES = List.of(EVENTS, INCIDENTS, KILL_COUNTS);

    private SinkRows() {
    }

    /** The row of an enriched event; {@code seenAtMs} is the record's (processing-time) timestamp. */
    public static Map<String, Object> event(final EnrichedEvent enriched, final long seenAtMs) {
        final OomEvent e = enriched.event();
        final FleetHost f = enriched.fleet();
        final Instant time = first(Times.parse(e.time()), Times.parse(e.firstLineTime()),
                Instant.ofEpochMilli(seenAtMs));
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("event_id", e.eventId());
        r.put("kind", Objects.requireNonNullElse(json(e.kind()), UNKNOWN));
        // A report that never reached its kill line is an oom_kill event without a victim: not a kill.
        r.put("is_kill", Kill.showsKill(e));
        r.put("host", dim(e.host()));
        r.put("event_time", time.toEpochMilli());
        r.put("first_line_time", millis(Times.parse(e.firstLineTime())));
        r.put("seen_at", seenAtMs);
        r.put("complete", e.complete());
        r.put("incomplete_reason", json(e.incompleteReason()));
        r.put("kernel_era", e.kernelEra());
        r.put("kernel_version", e.kernelVersion());
        r.put("line_count", e.lineCount());
        r.put("killer", e.killer());
        r.put("trigger_process", e.trigger() == null ? null : e.trigger().process());
        r.put("trigger_pid", e.trigger() == null ? null : e.trigger().pid());
        r.put("gfp_mask", e.trigger() == null ? null : e.trigger().gfpMask());
        r.put("alloc_order", e.trigger() == null ? null : e.trigger().order());
        r.put("oom_constraint", e.constraint());
        r.put("oom_memcg", e.oomMemcg());
        r.put("task_memcg", e.taskMemcg());
        r.put("systemd_unit", e.systemdUnit());
        final var v = e.victim();
        r.put("victim_pid", v == null ? null : v.pid());
        r.put("victim_name", v == null ? null : v.name());
        r.put("victim_uid", v == null ? null : v.uid());
        r.put("victim_total_vm_kb", v == null ? null : v.totalVmKb());
        r.put("victim_anon_rss_kb", v == null ? null : v.anonRssKb());
        r.put("victim_file_rss_kb", v == null ? null : v.fileRssKb());
        r.put("victim_oom_score_adj", v == null ? null : v.oomScoreAdj());
        final var a = e.analysis();
        r.put("victim_share", a == null ? null : a.victimShare());
        r.put("reaped", e.reaped());
        r.put("memcg_usage_kb", e.memcg() == null ? null : e.memcg().usageKb());
        r.put("memcg_limit_kb", e.memcg() == null ? null : e.memcg().limitKb());
        r.put("ram_kb", e.ramKb());
        r.put("mem_free_kb", e.memInfo() == null ? null : e.memInfo().get("free_kb"));
        r.put("swap_total_kb", e.swap() == null ? null : e.swap().totalKb());
        r.put("swap_free_kb", e.swap() == null ? null : e.swap().freeKb());
        r.put("swap_exhausted", a == null ? null : a.swapExhausted());
        r.put("fragmented", a == null ? null : a.fragmented());
        r.put("largest_free_order", largestFreeOrder(e.buddy()));
        r.put("thrashing", a == null ? null : a.thrashing());
        r.put("report_span_seconds", a == null ? null : a.reportSpanSeconds());
        final Consumer top = a == null || a.topConsumers() == null || a.topConsumers().isEmpty() ? null
                : a.topConsumers().get(0);
        r.put("top_consumer", top == null ? null : top.name());
        r.put("top_consumer_rss_kb", top == null ? null : top.rssKb());
        r.put("top_consumer_share", top == null ? null : top.share());
        r.put("verdict", a == null ? null : a.verdict());
        r.put("fleet_status", Objects.requireNonNullElse(json(enriched.fleetStatus()), UNKNOWN));
        r.put("service", dim(enriched.service()));
        r.put("service_rule", json(enriched.serviceRule()));
        r.put("environment", dim(f == null ? null : f.environment()));
        r.put("datacenter", dim(f == null ? null : f.datacenter()));
        r.put("team", dim(f == null ? null : f.team()));
        r.put("role", dim(f == null ? null : f.role()));
        r.put("pod_uid", enriched.podUid());
        r.put("container_id", enriched.containerId());
        r.put("namespace", enriched.namespace());
        r.put("pod", enriched.pod());
        r.put("workload_kind", enriched.workloadKind());
        r.put("workload", enriched.workload());
        r.put("container", enriched.container());
        return r;
    }

    /** The row of an incident's current state; {@code updatedAtMs} is the record's timestamp. */
    public static Map<String, Object> incident(final IncidentRecord record, final long updatedAtMs) {
        final Map<String, Object> r = new LinkedHashMap<>();
        final Instant fallback = Instant.ofEpochMilli(updatedAtMs);
        r.put("incident_id", record.incidentId());
        r.put("scope", Objects.requireNonNullElse(json(record.scope()),
                record instanceof Incident ? "host" : "fleet"));
        if (record instanceof Incident i) {
            final FleetHost f = i.fleet();
            r.put("host", dim(i.host()));
            r.put("group_by", null);
            r.put("group_value", null);
            r.put("environment", dim(f == null ? null : f.environment()));
            r.put("datacenter", dim(f == null ? null : f.datacenter()));
            r.put("team", dim(f == null ? null : f.team()));
            r.put("role", dim(f == null ? null : f.role()));
            common(r, i.status(), i.openedAt(), i.lastKillAt(), i.closedAt(), fallback);
            r.put("kill_count", i.killCount());
            // OOM reports that never reached their kill line: they may raise the severity, never the kill count.
            r.put("reports_without_kill", i.reportsWithoutKill());
            r.put("host_count", 1);
            r.put("hosts", dim(i.host()));
            r.put("services_hit", join(i.servicesHit()));
            r.put("victims", victims(i.kills(), i.omitted() == null ? List.of() : i.omitted().victims()));
            final Culprit c = i.culprit();
            r.put("culprit_name", c == null ? null : c.name());
            r.put("culprit_processes", c == null ? null : c.processes());
            r.put("culprit_rss_kb", c == null ? null : c.rssKb());
            r.put("culprit_share", c == null ? null : c.share());
            r.put("culprit_among_victims", c == null ? null : c.amongVictims());
            r.put("culprit_reading", c == null ? null : c.reading());
            r.put("swap_exhausted", i.swapExhausted());
            r.put("hang_suspected", i.hangSuspected());
            r.put("fleet_incidents", i.fleetIncidents().isEmpty() ? null : join(i.fleetIncidents()));
            severity(r, i.severity(), i.severityReasons(), i.verdict());
        } else {
            final FleetIncident fi = (FleetIncident) record;
            r.put("host", null);
            r.put("group_by", fi.groupBy());
            r.put("group_value", fi.groupValue());
            // A fleet-wide incident spans hosts; its dimensions are not one host's.
            r.put("environment", UNKNOWN);
            r.put("datacenter", UNKNOWN);
            r.put("team", UNKNOWN);
            r.put("role", "role".equals(fi.groupBy()) ? dim(fi.groupValue()) : UNKNOWN);
            common(r, fi.status(), fi.openedAt(), fi.lastKillAt(), fi.closedAt(), fallback);
            r.put("kill_count", fi.killCount());
            r.put("reports_without_kill", 0);
            r.put("host_count", fi.hostCount());
            r.put("hosts", join(fi.hosts()));
            r.put("services_hit", join(fi.servicesHit()));
            r.put("victims", victims(fi.kills(), fi.omitted() == null ? List.of() : fi.omitted().victims()));
            r.put("culprit_name", null);
            r.put("culprit_processes", null);
            r.put("culprit_rss_kb", null);
            r.put("culprit_share", null);
            r.put("culprit_among_victims", null);
            r.put("culprit_reading", null);
            final boolean swap = fi.kills().stream().anyMatch(k -> Boolean.TRUE.equals(k.swapExhausted()))
                    || (fi.omitted() != null && fi.omitted().swapExhausted());
            final boolean hang = fi.kills().stream().anyMatch(k -> Boolean.TRUE.equals(k.thrashing()))
                    || (fi.omitted() != null && fi.omitted().hangSuspected());
            r.put("swap_exhausted", swap);
            r.put("hang_suspected", hang);
            r.put("fleet_incidents", null);
            severity(r, fi.severity(), fi.severityReasons(), fi.verdict());
        }
        r.put("updated_at", updatedAtMs);
        return r;
    }

    /** The row of a kill count. */
    public static Map<String, Object> killCount(final KillCount count, final long updatedAtMs) {
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("service", dim(count.service()));
        r.put("environment", dim(count.environment()));
        r.put("datacenter", dim(count.datacenter()));
        r.put("team", dim(count.team()));
        // Part of the primary key, so never null: empty for kills outside a resolved pod.
        r.put("namespace", Objects.requireNonNullElse(count.namespace(), ""));
        r.put("workload", Objects.requireNonNullElse(count.workload(), ""));
        final Instant start = Objects.requireNonNull(Times.parse(count.windowStart()), "window_start");
        final Instant end = Objects.requireNonNullElse(Times.parse(count.windowEnd()), start);
        r.put("window_start", start.toEpochMilli());
        r.put("window_end", end.toEpochMilli());
        r.put("kills", count.count());
        r.put("updated_at", updatedAtMs);
        return r;
    }

    /** 1 (low) .. 4 (critical), for sorting in SQL. */
    public static int severityRank(final Severity s) {
        return s == null ? 0 : s.ordinal() + 1;
    }

    private static void common(final Map<String, Object> r, final Object status, final String opened,
                               final String lastKill, final String closed, final Instant fallback) {
        final Instant o = first(Times.parse(opened), fallback);
        r.put("status", Objects.requireNonNullElse(json(status), "open"));
        r.put("opened_at", o.toEpochMilli());
        // Null for an incident of reports without a kill: no kill time is invented.
        r.put("last_kill_at", millis(Times.parse(lastKill)));
        r.put("closed_at", millis(Times.parse(closed)));
    }

    private static void severity(final Map<String, Object> r, final Severity s, final List<String> reasons,
                                 final String verdict) {
        r.put("severity", Objects.requireNonNullElse(json(s), "low"));
        r.put("severity_rank", severityRank(s));
        r.put("severity_reasons", join(reasons));
        r.put("verdict", Objects.requireNonNullElse(verdict, ""));
    }

    private static String victims(final List<KillSummary> kills, final List<String> omitted) {
        final Set<String> names = new LinkedHashSet<>();
        kills.forEach(k -> {
            if (k.victimName() != null) {
                names.add(k.victimName());
            }
        });
        if (omitted != null) {
            names.addAll(omitted);
        }
        return join(new ArrayList<>(names));
    }

    private static Integer largestFreeOrder(final List<Buddy> buddy) {
        if (buddy == null) {
            return null;
        }
        Integer max = null;
        for (final Buddy b : buddy) {
            if (b.largestFreeOrder() != null && (max == null || b.largestFreeOrder() > max)) {
                max = b.largestFreeOrder();
            }
        }
        return max;
    }

    private static String join(final List<String> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        final List<String> shown = values.size() > MAX_LISTED ? values.subList(0, MAX_LISTED) : values;
        return String.join(LIST_SEPARATOR, shown) + (values.size() > MAX_LISTED ? LIST_SEPARATOR + "..." : "");
    }

    private static String dim(final String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }

    /** The JSON texts of enum constants, by constant: each row asks for several, always the same few. */
    private static final Map<Object, String> ENUM_TEXTS = new ConcurrentHashMap<>();

    /** The JSON text of an enum (its {@code @JsonValue}), null for null. */
    private static String json(final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Enum<?>) {
            return ENUM_TEXTS.computeIfAbsent(value, v -> Json.MAPPER.valueToTree(v).asText());
        }
        return Json.MAPPER.valueToTree(value).asText();
    }

    private static Long millis(final Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant first(final Instant... candidates) {
        for (final Instant t : candidates) {
            if (t != null) {
                return t;
            }
        }
        throw new IllegalStateException("no time");
    }

    private static Column req(final String name, final Type type) {
        return new Column(name, type, false);
    }

    private static Column opt(final String name, final Type type) {
        return new Column(name, type, true);
    }
}
