package io.oomstream.topology;

/**
 * The one place for the names of oomstream's processors and state stores (kebab-case, stable across releases).
 *
 * <p>These names become part of Kafka resources: a store name is the stem of its changelog topic
 * ({@code <application.id>-<store>-changelog}) and of its directory under {@code state.dir}, so renaming a
 * store orphans its state. Topic names are deliberately NOT here: they are settings and come from
 * {@link io.oomstream.config.AppConfig} ({@code inputTopic()}, {@code eventsTopic()}, ...).
 */
public final class Names {

    /** Source node reading raw syslog records from the input topic. */
    public static final String SYSLOG_SOURCE = "syslog-source";
    /** Decodes a raw syslog record into a log line; undecodable records go to the dead-letter branch. */
    public static final String DECODE = "decode";
    /** Drops lines that cannot be part of an OOM-killer report before they reach the stitcher. */
    public static final String PREFILTER = "prefilter";
    /** Stitches per-host report lines into one OOM report. */
    public static final String STITCH = "stitch";
    /** Sink node writing structured OOM events. */
    public static final String EVENTS_SINK = "events-sink";
    /** Sink node writing undecodable or unusable input to the dead-letter topic. */
    public static final String DEADLETTER_SINK = "deadletter-sink";

    /** Split of decoded records into dead letters and lines (branch names are this prefix + suffix). */
    public static final String DECODED_BRANCH = "decoded-";
    /** Branch suffix: records that yielded no line. */
    public static final String DEADLETTER_BRANCH = "deadletter";
    /** Branch suffix: decoded lines. */
    public static final String LINES_BRANCH = "lines";
    /** Unwraps a dead letter's raw bytes before the sink. */
    public static final String DEADLETTER_RAW = "deadletter-raw";
    /** Repartition topic stem: report lines keyed by host ({@code <application.id>-oom-lines-by-host-repartition}). */
    public static final String BY_HOST_REPARTITION = "oom-lines-by-host";

    /** Key-value store: per host, the report currently open (header and bookkeeping). */
    public static final String STITCH_OPEN_STORE = "oom-stitch-open";
    /** Key-value store: the lines collected so far for open reports. */
    public static final String STITCH_LINES_STORE = "oom-stitch-lines";

    /** Puts each host's lines back in order before the stitcher (on for unkeyed input; {@code oomstream.reorder}). */
    public static final String REORDER = "reorder";
    /** Key-value store: lines the reorder stage holds, by host and place ({@code host NUL OrderKey.sortable()}). */
    public static final String REORDER_HELD_STORE = "oom-reorder-held";
    /** Key-value store: fingerprints of each host's recent lines, to recognise a second copy of a line. */
    public static final String REORDER_SEEN_STORE = "oom-reorder-seen";
    /** Key-value store: per host, the reorder stage's mark (last line passed on, the host's time). */
    public static final String REORDER_HOSTS_STORE = "oom-reorder-hosts";

    /** Key-value store: per host, the events emitted recently (duplicates, late reaper and unit lines). */
    public static final String STITCH_RECENT_STORE = "oom-stitch-recent";

    // Fleet enrichment, incidents and kill counts (FleetTopology).

    /** Source node of the fleet-metadata GlobalKTable. */
    public static final String FLEET_SOURCE = "fleet-source";
    /** Key-value store (global): fleet metadata by host key. */
    public static final String FLEET_STORE = "oom-fleet-metadata";
    /** Left join of events with the fleet table, plus service attribution. */
    public static final String ENRICH = "enrich";
    /** Source node of the pod-metadata GlobalKTable. */
    public static final String PODS_SOURCE = "pods-source";
    /** Key-value store (global): pod metadata by pod uid and by container id. */
    public static final String PODS_STORE = "oom-pod-metadata";
    /** Left join of the enriched events with the pods table: namespace, pod, workload, container. */
    public static final String ENRICH_PODS = "enrich-pods";
    /** Sink node writing enriched events. */
    public static final String ENRICHED_SINK = "enriched-events-sink";
    /** Keeps kills (not allocation failures) and summarises them for the incident and count stages. */
    public static final String KILL_SUMMARY = "kill-summary";
    /** Re-keys kills by host key. */
    public static final String KILLS_KEY_BY_HOST = "kills-key-by-host";
    /** Repartition topic stem: kills by host ({@code <application.id>-oom-kills-by-host-repartition}). */
    public static final String KILLS_BY_HOST_REPARTITION = "oom-kills-by-host";
    /** Wraps a kill as an incident signal. */
    public static final String INCIDENT_KILL_SIGNAL = "incident-kill-signal";
    /** Wraps a fleet flag as an incident signal. */
    public static final String INCIDENT_FLAG_SIGNAL = "incident-flag-signal";
    /** Merges kills and fleet flags in front of the incident processor. */
    public static final String INCIDENT_SIGNALS = "incident-signals";
    /** Groups one host's kills into incidents. */
    public static final String INCIDENTS = "incidents";
    /** Key-value store: per host key, its open and last closed incident. */
    public static final String HOST_INCIDENTS_STORE = "oom-host-incidents";
    /** Fans a kill out to its fleet groups (service, role). */
    public static final String KILLS_KEY_BY_GROUP = "kills-key-by-group";
    /** Repartition topic stem: kills by fleet group. */
    public static final String KILLS_BY_GROUP_REPARTITION = "oom-kills-by-group";
    /** Detects fleet-wide incidents. */
    public static final String FLEETWIDE = "fleetwide";
    /** Key-value store: per fleet group, its recent kills and open fleet-wide incident. */
    public static final String FLEETWIDE_STORE = "oom-fleetwide-groups";
    /** Keeps the fleet-wide incidents of the detector's output. */
    public static final String FLEETWIDE_INCIDENTS = "fleetwide-incidents";
    /** Unwraps a fleet-wide incident from the detector's output. */
    public static final String FLEETWIDE_INCIDENT_VALUE = "fleetwide-incident-value";
    /** Keeps the host flags of the detector's output. */
    public static final String FLEETWIDE_FLAGS = "fleetwide-flags";
    /** Repartition topic stem: fleet flags by host. */
    public static final String FLAGS_BY_HOST_REPARTITION = "oom-fleet-flags-by-host";
    /** Merges host and fleet-wide incidents in front of the sink. */
    public static final String INCIDENTS_MERGE = "incidents-merge";
    /** Sink node writing incidents. */
    public static final String INCIDENTS_SINK = "incidents-sink";
    /** Passes first kills on, keyed by dimensions at their log time, and ticks quiet partitions. */
    public static final String KILL_COUNT_FEED = "kill-count-feed";
    /** Keeps repeated kills out of fleet-wide detection. */
    public static final String KILLS_NOT_REPEATED = "kills-not-repeated";
    /** Marks kills whose event id was seen before. */
    public static final String KILL_REPEATS = "kill-repeats";
    /** Key-value store: event ids of the kills seen, with their log time. */
    public static final String KILL_IDS_STORE = "oom-kill-ids";
    /** Key-value store: what each kill was counted as (dimensions, time), to move it when that changes. */
    public static final String KILLS_COUNTED_STORE = "oom-kills-counted";
    /** Key-value store: the kill-count feed's tick clock. */
    public static final String KILL_FEED_CLOCK_STORE = "oom-kill-feed-clock";
    /** Repartition topic stem: the count feed by dimensions (ticks go to every partition). */
    public static final String KILL_COUNTS_BY_DIMENSIONS = "oom-kill-counts-by-dimensions";
    /** Counts kills in windows, emits closed windows and corrections. */
    public static final String KILL_COUNTS = "kill-counts";
    /** Key-value store of the kill-count windows: open, emitted (kept for corrections), and stream time. */
    public static final String KILL_WINDOWS_STORE = "oom-kill-windows";
    /** Sink node writing kill counts. */
    public static final String KILL_COUNTS_SINK = "kill-counts-sink";

    private Names() {
    }
}
