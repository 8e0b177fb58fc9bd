package io.oomstream.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every app setting, declared once (key, default, meaning, check), in documentation order. A new setting is a
 * declaration here, its key constant and record component in {@link AppConfig}, and its argument in
 * {@link ConfigLoader}'s build; the README's table follows from the declaration (SettingsTableTest).
 */
public final class Settings {

    public static final Setting<String> APPLICATION_ID = Setting.topic(AppConfig.APPLICATION_ID, "oomstream",
            "Kafka Streams application id: the consumer group and the prefix of internal topics and state");
    public static final Setting<String> INPUT_TOPIC = Setting.topic(AppConfig.INPUT_TOPIC, "syslog.raw",
            "raw syslog in any supported format");
    public static final Setting<String> EVENTS_TOPIC = Setting.topic(AppConfig.EVENTS_TOPIC, "oom.events",
            "one JSON event per kill (schemas/oom-event.schema.json), key = `event_id`");
    public static final Setting<String> DEADLETTER_TOPIC = Setting.topic(AppConfig.DEADLETTER_TOPIC,
            "oom.deadletter", "undecodable records, reason and origin in headers");
    public static final Setting<String> INCIDENTS_TOPIC = Setting.topic(AppConfig.INCIDENTS_TOPIC, "oom.incidents",
            "compacted, key = incident id: per-host incidents (kills, and OOM reports without a kill, without a quiet "
                    + "gap) and fleet-wide incidents, opened on the first report, every record the whole current state");
    public static final Setting<String> KILL_COUNTS_TOPIC = Setting.topic(AppConfig.KILL_COUNTS_TOPIC,
            "oom.kill-counts", "compacted: kills per service, environment, datacenter and team per closed window");
    public static final Setting<String> FLEET_TOPIC = Setting.topic(AppConfig.FLEET_TOPIC, "oom.fleet",
            "fleet metadata, compacted, keyed by host (`oomstream fleet load`)");
    public static final Setting<String> PODS_TOPIC = Setting.topic(AppConfig.PODS_TOPIC, "oom.pods",
            "Kubernetes pod metadata, compacted, keyed by pod uid and by container id (`oomstream pods load`); "
                    + "kept after the pod is gone");
    public static final Setting<Path> STATE_DIR = Setting.directory(AppConfig.STATE_DIR,
            Path.of(System.getProperty("java.io.tmpdir"), "oomstream-state").toString(), "`${java.io.tmpdir}/oomstream-state`",
            "Kafka Streams state (RocksDB); set to a persistent volume in production (`/var/lib/oomstream`), "
                    + "otherwise every restart restores all state from the changelogs");
    public static final Setting<Integer> HTTP_PORT = Setting.count(AppConfig.HTTP_PORT, 8080, -1, 65_535,
            "a port 0..65535, or -1 to disable", "`/health` and `/metrics`; 0 = a free port, -1 = off");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.millis(AppConfig.IDLE_TIMEOUT_MS, 30_000, 1,
            "an open report idle this long goes out marked incomplete (and is re-emitted complete if its rest "
                    + "arrives). Idleness and the reaper grace are measured on the input's own clock: the records' "
                    + "times while they keep coming, however far the input lags, and the wall clock only once the "
                    + "input has gone quiet");
    public static final Setting<Duration> REAPER_GRACE = Setting.millis(AppConfig.REAPER_GRACE_MS, 3_000, 0,
            "the event goes out with its kill line; the report then stays open this long for its reaper and systemd "
                    + "unit lines, which re-emit it under the same `event_id` (a later one only sets `reaped` / "
                    + "`systemd_unit`). It no longer delays the event, so it covers the reaper's retries (about 3 s from "
                    + "5.18 on) and a shipper's pauses; a unit line seen before any kill waits this long for it");
    public static final Setting<Duration> LINGER = Setting.millis(AppConfig.LINGER_MS, 600_000, 0,
            "how long a report that went out incomplete is kept, so that its late lines re-emit it complete");
    public static final Setting<Integer> MAX_REPORT_LINES = Setting.count(AppConfig.MAX_REPORT_LINES, 20_000, 10,
            Integer.MAX_VALUE, "a line count 10.." + Integer.MAX_VALUE, "cap on the lines of one report");
    public static final Setting<Integer> MAX_REPORT_BYTES = Setting.count(AppConfig.MAX_REPORT_BYTES, 4_194_304,
            1024, Integer.MAX_VALUE, "a byte count 1024.." + Integer.MAX_VALUE, "cap on the bytes of one report");
    public static final Setting<String> PROCESSING_GUARANTEE = Setting.choice(AppConfig.PROCESSING_GUARANTEE,
            List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), "Kafka Streams processing guarantee");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.count(AppConfig.REPLICATION_FACTOR, -1, -1,
            Short.MAX_VALUE, "-1 (broker default) or 1..32767",
            "of Kafka Streams' internal topics; -1 = the broker's `default.replication.factor`").and(r -> r != 0);
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.millis(AppConfig.COMMIT_INTERVAL_MS, 250, 0,
            "Kafka Streams commit (= transaction) interval. Under exactly_once_v2 an event is visible when its "
                    + "transaction commits (up to one interval after its kill line) and its incident up to one interval "
                    + "later (the kills' repartition by host): 250 ms waits at most 0.25 s + 0.25 s, for 4 transactions/s "
                    + "per stream thread (BENCHMARKS.md, latency). Producer `linger.ms` stays Kafka "
                    + "Streams' 100: a commit flushes the producer, so a linger below the interval adds no latency");
    public static final Setting<Boolean> INPUT_KEYED_BY_HOST = Setting.bool(AppConfig.INPUT_KEYED_BY_HOST, false,
            "`true` skips the by-host repartition (rsyslog keyed by hostname)");
    public static final Setting<String> ENRICHED_TOPIC = Setting.topic(AppConfig.ENRICHED_TOPIC,
            "oom.events.enriched", "events with fleet metadata and the service hit (and the rule that decided)");
    public static final Setting<Duration> INCIDENT_QUIET_GAP = Setting.millis(AppConfig.INCIDENT_QUIET_GAP_MS,
            3_600_000, 1, "kills closer than this form one incident; it closes this long after its last kill");
    public static final Setting<Integer> FLEETWIDE_MIN_HOSTS = Setting.count(AppConfig.FLEETWIDE_MIN_HOSTS, 3, 2,
            Integer.MAX_VALUE, "a host count >= 2",
            "hosts of one service or role hit within the span that make a fleet-wide incident");
    public static final Setting<Duration> FLEETWIDE_SPAN = Setting.millis(AppConfig.FLEETWIDE_SPAN_MS, 600_000, 1,
            "that span");
    public static final Setting<Duration> KILL_COUNTS_WINDOW = Setting.millis(AppConfig.KILL_COUNTS_WINDOW_MS,
            60_000, 1, "tumbling windows of the kill counts");
    public static final Setting<Duration> KILL_COUNTS_GRACE = Setting.millis(AppConfig.KILL_COUNTS_GRACE_MS, 60_000,
            0, "a window is emitted once this has passed after its end; a later kill re-emits its window corrected");
    public static final Setting<Duration> KILL_COUNTS_RETENTION = Setting.millis(AppConfig.KILL_COUNTS_RETENTION_MS,
            604_800_000, 1, "how long counted event ids and emitted windows are kept for corrections (7 days); "
                    + "older kills are not counted (`oomstream_kill_counts_refused_total`); at least window plus grace");
    public static final Setting<String> SINK_EVENTS_TOPIC = Setting.topic(AppConfig.SINK_EVENTS_TOPIC,
            "oom.sink.events", "events as flat rows in Kafka Connect JSON envelopes, for the JDBC sink (docs/sink.md)");
    public static final Setting<String> SINK_INCIDENTS_TOPIC = Setting.topic(AppConfig.SINK_INCIDENTS_TOPIC,
            "oom.sink.incidents", "incidents as sink rows");
    public static final Setting<String> SINK_KILL_COUNTS_TOPIC = Setting.topic(AppConfig.SINK_KILL_COUNTS_TOPIC,
            "oom.sink.kill-counts", "kill counts as sink rows");
    public static final Setting<String> INSTANCE_ID = Setting.optionalName(AppConfig.INSTANCE_ID,
            "static group membership: a stable id per instance (the StatefulSet pod name; `deploy/k8s/` sets it), so "
                    + "a restarted instance takes its partitions back without a rebalance if it returns within the "
                    + "consumer's `session.timeout.ms`; empty = off. Two running instances must never share an id");
    public static final Setting<String> REORDER = Setting.choice(AppConfig.REORDER, "auto", List.of("off", "auto", "on"),
            "the reorder stage in front of the stitcher, which puts each host's lines back in order by their kernel "
                    + "stamps, times and report structure (README: Keep each host's lines in order): `auto` = on when "
                    + "the input is not keyed by host (`oomstream.input.keyed.by.host=false`), off when it is (keyed "
                    + "input is in order, and the stage would only add its wait to each event's latency); `off` passes "
                    + "unkeyed input on as it comes (its reports in fragments)");
    public static final Setting<Duration> REORDER_WINDOW = Setting.millis(AppConfig.REORDER_WINDOW_MS, 3_000, 1,
            "the longest a line waits for the lines it follows: the wait is the input's recent arrival disorder plus a "
                    + "margin, at most this, and this until the stage has seen the input's disorder for a while (after "
                    + "each start); a line also goes once its host's lines are this much newer. A line that arrives later "
                    + "is still stitched, out of order, and counted (`oomstream_reorder_lines_total{outcome=\"late\"}`)");
    public static final Setting<Integer> REORDER_MAX_LINES_PER_HOST = Setting.count(
            AppConfig.REORDER_MAX_LINES_PER_HOST, 50_000, 1, Integer.MAX_VALUE, "a line count 1.." + Integer.MAX_VALUE,
            "lines the reorder stage holds per host; beyond it the oldest goes on early (counted, `outcome=\"overflow\"`)");
    public static final Setting<Long> ROCKSDB_MEMORY_BYTES = Setting.bytes(AppConfig.ROCKSDB_MEMORY_BYTES,
            64L << 20, 8L << 20, "a byte count >= 8388608 (8 MiB)",
            "off-heap memory of all RocksDB state stores of the process together: one shared block cache of this "
                    + "size, memtables charged to it (`topology.BoundedRocksDbMemory`; the budget in `deploy/` counts "
                    + "it, RELIABILITY.md)");
    public static final Setting<List<URI>> ALERTMANAGER_URLS = Setting.urls(AppConfig.ALERTMANAGER_URLS,
            "comma-separated Alertmanager base URLs (`http://am-0:9093,http://am-1:9093`); set, `run` posts one alert "
                    + "per incident to each ([docs/alerting.md](docs/alerting.md)); empty = off");
    public static final Setting<Duration> ALERTMANAGER_RESEND = Setting.millis(AppConfig.ALERTMANAGER_RESEND_MS,
            60_000, 1000, "an open incident's alert is posted again this often (Alertmanager's resend interval); it "
                    + "expires 4 intervals after the last post");
    public static final Setting<Duration> ALERTMANAGER_TIMEOUT = Setting.millis(AppConfig.ALERTMANAGER_TIMEOUT_MS,
            10_000, 100, Integer.MAX_VALUE, "connect and request timeout of one post");
    public static final Setting<String> ALERTMANAGER_LINK_TEMPLATE = Setting.text(
            AppConfig.ALERTMANAGER_LINK_TEMPLATE, AlertmanagerSettings.DEFAULT_LINK_TEMPLATE,
            "the Grafana dashboard on `localhost:3000`", false, "the alert's link; placeholders `{host}` `{service}` "
                    + "`{team}` `{environment}` `{datacenter}` `{incident_id}` `{from}` `{to}`");
    public static final Setting<String> ALERTMANAGER_BEARER_TOKEN = Setting.text(AppConfig.ALERTMANAGER_BEARER_TOKEN,
            "", "", true, "bearer token of the posts (or basic auth, not both)");
    public static final Setting<String> ALERTMANAGER_BASIC_AUTH_USERNAME = Setting.text(
            AppConfig.ALERTMANAGER_BASIC_AUTH_USERNAME, "", "", false, "basic auth user of the posts");
    public static final Setting<String> ALERTMANAGER_BASIC_AUTH_PASSWORD = Setting.text(
            AppConfig.ALERTMANAGER_BASIC_AUTH_PASSWORD, "", "", true, "basic auth password of the posts");
    public static final Setting<Optional<Path>> ALERTMANAGER_TRUSTSTORE_LOCATION = Setting.readableFile(
            AppConfig.ALERTMANAGER_TRUSTSTORE_LOCATION, "TLS of the posts: a PKCS12 or JKS trust store");
    public static final Setting<String> ALERTMANAGER_TRUSTSTORE_PASSWORD = Setting.text(
            AppConfig.ALERTMANAGER_TRUSTSTORE_PASSWORD, "", "", true, "its password");
    public static final Setting<Optional<Path>> ALERTMANAGER_KEYSTORE_LOCATION = Setting.readableFile(
            AppConfig.ALERTMANAGER_KEYSTORE_LOCATION, "a key store with a client certificate for the posts");
    public static final Setting<String> ALERTMANAGER_KEYSTORE_PASSWORD = Setting.text(
            AppConfig.ALERTMANAGER_KEYSTORE_PASSWORD, "", "", true, "its password");

    /** Every setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(
            APPLICATION_ID, INPUT_TOPIC, EVENTS_TOPIC, DEADLETTER_TOPIC, INCIDENTS_TOPIC, KILL_COUNTS_TOPIC,
            FLEET_TOPIC, PODS_TOPIC, STATE_DIR, HTTP_PORT, IDLE_TIMEOUT, REAPER_GRACE, LINGER, MAX_REPORT_LINES,
            MAX_REPORT_BYTES, PROCESSING_GUARANTEE, REPLICATION_FACTOR, COMMIT_INTERVAL, INPUT_KEYED_BY_HOST,
            ENRICHED_TOPIC, INCIDENT_QUIET_GAP, FLEETWIDE_MIN_HOSTS, FLEETWIDE_SPAN, KILL_COUNTS_WINDOW,
            KILL_COUNTS_GRACE, KILL_COUNTS_RETENTION, SINK_EVENTS_TOPIC, SINK_INCIDENTS_TOPIC, SINK_KILL_COUNTS_TOPIC,
            INSTANCE_ID, ROCKSDB_MEMORY_BYTES, REORDER, REORDER_WINDOW, REORDER_MAX_LINES_PER_HOST, ALERTMANAGER_URLS, ALERTMANAGER_RESEND, ALERTMANAGER_TIMEOUT, ALERTMANAGER_LINK_TEMPLATE,
            ALERTMANAGER_BEARER_TOKEN, ALERTMANAGER_BASIC_AUTH_USERNAME, ALERTMANAGER_BASIC_AUTH_PASSWORD,
            ALERTMANAGER_TRUSTSTORE_LOCATION, ALERTMANAGER_TRUSTSTORE_PASSWORD, ALERTMANAGER_KEYSTORE_LOCATION,
            ALERTMANAGER_KEYSTORE_PASSWORD);

    private Settings() {
    }

    /** The declarations by key: every key read from a file, the environment or an override is looked up here. */
    private static final Map<String, Setting<?>> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, s -> s));

    /** The declaration of {@code key}, if it is an app key. */
    public static Optional<Setting<?>> find(final String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * The README's configuration table (Markdown), generated from the declarations: key, default, meaning and,
     * where not every value is valid, what a valid value is.
     */
    public static String markdownTable() {
        return Stream.concat(Stream.of("| key | default | meaning |", "|---|---|---|",
                                "| `bootstrap.servers` | `localhost:9092` | the Kafka brokers (a Kafka key) |"),
                        ALL.stream().map(s -> "| `" + s.key() + "` | " + shown(s) + " | " + s.doc()
                                + (s.expected().isEmpty() ? "" : " (" + s.expected() + ")") + " |"))
                .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
    }

    private static String shown(final Setting<?> s) {
        if (s.shownDefault().isEmpty()) {
            return "(empty)";
        }
        return s.shownDefault().startsWith("`") || s.shownDefault().contains(" ") ? s.shownDefault()
                : "`" + s.shownDefault() + "`";
    }
}
