package io.oomstream.topology;

/**
 * A decode task's progress mark, sent to every partition of the by-host repartition topic when the reorder stage is
 * on: every line of input partition {@code partition} appended before {@code millis} (the input topic's
 * LogAppendTime) has been decoded and sent ahead of this mark. The reorder stage's clock is the least of these over
 * the input's partitions, so a line is held until every partition, however far behind, has caught up with it.
 * {@code partitions} is the input topic's partition count as the task knows it (0: not yet), so that a reorder task
 * waits for a mark of every partition before its clock moves.
 */
record SourceProgress(int partition, long millis, int partitions) {
}
