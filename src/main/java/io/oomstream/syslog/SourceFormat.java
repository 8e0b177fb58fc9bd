package io.oomstream.syslog;

/** The transport layout a line was decoded from; recorded for provenance and per-format counters. */
public enum SourceFormat {
    /** {@code Oct 21 18:51:01 host kernel: ...} (BSD syslog, the classic /var/log/messages). */
    RFC3164,
    /** {@code <4>1 2024-03-01T12:00:00Z host kernel - - - ...}. */
    RFC5424,
    /** {@code 2024-03-01T12:00:00.123456+00:00 host kernel: ...} (rsyslog high-precision file format, journalctl -o short-iso). */
    ISO8601,
    /** {@code [ 8123.456789] ...} (dmesg) or {@code [Tue Mar  5 09:14:02 2024] ...} (dmesg -T). */
    DMESG,
    /** journalctl short output, including its unprefixed continuation lines. */
    JOURNALCTL,
    /** rsyslog omkafka JSON template. */
    JSON_RSYSLOG,
    /** Fluent Bit syslog parser output. */
    JSON_FLUENTBIT,
    /** journald JSON export ({@code journalctl -o json}). */
    JSON_JOURNALD,
    /** Elastic Common Schema JSON (Filebeat, Elastic Agent, Logstash with ECS): nested host, log and process. */
    JSON_ECS,
    /**
     * A log store's record or export that does not split the line, when its message is no whole syslog line: Splunk's
     * search export ({@code _raw}), GELF, Loki ({@code logcli -o jsonl}, the push API), a Cloud Logging LogEntry, a
     * CloudWatch Logs event. A message that is a whole line is read as that line, in its own layout.
     */
    JSON_LOG_STORE,
    /** An unknown prefix in front of a recognisable kernel report line (log search export, serial console, paste). */
    UNKNOWN_PREFIX;

    /**
     * The layout's name where a person reads it, the same in {@code /metrics} ({@code source} label) and in
     * {@code analyze}'s summary: the name in lower case ({@code rfc3164}, {@code json_journald}).
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
