package io.oomstream.event;

/**
 * The memory held by all tasks of one name in the report's task table.
 *
 * @param share fraction (0..1) of the table's total RSS
 */
public record Consumer(String name, int processes, long rssKb, double share) {
}
