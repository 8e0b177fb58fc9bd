package io.oomstream.topology;

/**
 * What a decode task learns of its input partition's end, so that its progress mark for the reorder stage can move
 * with the clock while the partition is caught up, and stays at what it read while it lags (a starved thread, a slow
 * fetch, a backlog): a partition counts as caught up only when its position reaches the partition's end offset.
 */
interface InputEnds {

    /**
     * The latest time (this process's clock, epoch ms) before which every record appended to input partition
     * {@code partition} lies below {@code position}: every record appended before it has been read.
     *
     * @param position the next offset the task reads (0 when it has read nothing since it started)
     * @param wallNow  the task's wall clock now
     * @return that time, or {@link Long#MIN_VALUE} when the partition is not known to be caught up
     */
    long caughtUpAt(int partition, long position, long wallNow);

    /**
     * Whether input partition {@code partition} is known to hold records the application's group has not read: its
     * committed offset is behind its end (as last asked). False when not known.
     */
    default boolean unread(final int partition) {
        return false;
    }

    /**
     * Whether a progress mark at {@code progress} may still free a line or a host in the reorder stage: the input (any
     * of its partitions) grew less than the stage's longest wait on its clock (two windows: a quiet host is forgotten
     * then) and a margin before {@code progress}. Once a task's marks are that far past the input's last growth, the
     * marks already sent let every line and host go; more would only keep the by-host repartition topic growing
     * forever, ten marks a second per task and partition, with its consumer never at its end. When any partition grows
     * again (a line on another partition needs this one's marks too), the marks resume. True while it is not known.
     */
    default boolean markMayFree(final long progress) {
        return true;
    }

    /** The input topic's partition count, 0 while it is not known. */
    int partitions();

    /** A decode task starts using it. */
    void open();

    /** A decode task stops using it. */
    void close();

    /**
     * For TopologyTestDriver, which processes every piped record before it returns: always caught up, as of now.
     */
    InputEnds SYNCHRONOUS = new InputEnds() {
        @Override
        public long caughtUpAt(final int partition, final long position, final long wallNow) {
            return wallNow;
        }

        @Override
        public int partitions() {
            return 1; // TopologyTestDriver reads every topic as one partition
        }

        @Override
        public void open() {
        }

        @Override
        public void close() {
        }
    };
}
