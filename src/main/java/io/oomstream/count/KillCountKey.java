package io.oomstream.count;

/**
 * The key of the kill-counts topic: the dimensions plus the window start, so a replay overwrites the same
 * key instead of adding (schemas/kill-count-key.schema.json).
 *
 * @param windowStart ISO-8601 start of the window (inclusive)
 */
public record KillCountKey(String service, String environment, String datacenter, String team, String windowStart) {
}
