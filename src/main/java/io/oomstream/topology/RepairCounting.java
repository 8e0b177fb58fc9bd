package io.oomstream.topology;

import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.Repair;
import io.oomstream.syslog.RepairCounts;

/**
 * Adds one decoder's paste repairs to {@code oomstream_paste_repairs_total}: the decoder keeps running totals, the
 * metric wants what is new since the last look. The decode processor and the consumer-side filter of ordinary records
 * (each with a decoder of its own) count the same way.
 */
final class RepairCounting {

    private final Metrics.Counter[] counters = new Metrics.Counter[Repair.values().length];
    private final long[] counted = new long[Repair.values().length];
    private long totalCounted;

    RepairCounting(final Metrics metrics) {
        for (final Repair r : Repair.values()) {
            counters[r.ordinal()] = metrics.counter(DecodeProcessor.PASTE_REPAIRS, DecodeProcessor.REPAIRS_HELP,
                    "repair", r.label());
        }
    }

    /** Adds what the decoder repaired since the last call (nothing to do for most records). */
    void add(final RepairCounts counts) {
        final long total = counts.total();
        if (total == totalCounted) {
            return;
        }
        totalCounted = total;
        for (final Repair r : Repair.values()) {
            final long now = counts.get(r);
            final long delta = now - counted[r.ordinal()];
            if (delta > 0) {
                counters[r.ordinal()].inc(delta);
                counted[r.ordinal()] = now;
            }
        }
    }

    /** The decoder was replaced by a fresh one: its totals start again at 0. */
    void restart() {
        java.util.Arrays.fill(counted, 0);
        totalCounted = 0;
    }
}
