package io.oomstream.loadgen;

/**
 * One generated syslog record.
 *
 * @param host        the sending host (the Kafka key when producing keyed records)
 * @param value       the rendered record, without a line terminator
 * @param epochMillis the log time the record carries, epoch milliseconds
 * @param reportLine  true when the line belongs to an OOM report or allocation failure (or its duplicate)
 */
public record FleetRecord(String host, String value, long epochMillis, boolean reportLine) {
}
