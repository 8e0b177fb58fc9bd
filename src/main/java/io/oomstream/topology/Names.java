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

    /** Key-value store: per host, the events emitted recently (duplicates, late reaper and unit lines). */
    public static final String STITCH_RECENT_STORE = "oom-stitch-recent";

    private Names() {
    }
}
