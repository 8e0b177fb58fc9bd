package io.oomstream.syslog;

import java.util.EnumMap;
import java.util.Map;

/** How often each {@link Repair} fired in one decoder's stream. Not thread-safe, like the decoder. */
public final class RepairCounts {

    private final long[] counts = new long[Repair.values().length];

    void add(final Repair repair) {
        counts[repair.ordinal()]++;
    }

    public long get(final Repair repair) {
        return counts[repair.ordinal()];
    }

    /** The total of every repair (a cheap "did anything change" for callers that forward deltas). */
    public long total() {
        long sum = 0;
        for (final long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Every repair with its count, in declaration order, zeros included. */
    public Map<Repair, Long> asMap() {
        final Map<Repair, Long> m = new EnumMap<>(Repair.class);
        for (final Repair r : Repair.values()) {
            m.put(r, counts[r.ordinal()]);
        }
        return m;
    }

    /** The counts as they are now, for {@link #reset(long[])}. */
    long[] copy() {
        return counts.clone();
    }

    /** Back to counts taken by {@link #copy()}: a record decoded only on trial is not counted twice. */
    void reset(final long[] saved) {
        System.arraycopy(saved, 0, counts, 0, counts.length);
    }

    /** Adds another stream's counts to these (analyze sums its inputs). */
    public void addAll(final RepairCounts other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }
}
