package io.oomstream.loadgen;

/** How {@link FleetLogGenerator} renders each line: the transports the decoder reads. */
public enum OutputFormat {
    /** Classic syslog file lines: {@code Mar  1 12:00:00 web-0001 kernel: [ 1234.567890] ...}. */
    RFC3164,
    /** RFC 5424 with PRI and microsecond timestamps: {@code <4>1 2024-03-01T12:00:00.123456Z web-0001 kernel - - - ...}. */
    RFC5424,
    /** rsyslog omkafka JSON, one object per line: {@code {"hostname":..,"timestamp":..,"programname":..,"msg":..}}. */
    JSON,
    /** Each host ships in one of the three formats above (fixed per host), so one stream mixes all three. */
    MIXED
}
