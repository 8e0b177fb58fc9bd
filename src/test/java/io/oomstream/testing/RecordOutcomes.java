package io.oomstream.testing;

import io.oomstream.metrics.Metrics;
import java.util.Map;
import java.util.TreeMap;

/** What {@code oomstream_records_total} says now: {@code outcome/reason} to count, the outcomes seen only. */
public final class RecordOutcomes {

    private RecordOutcomes() {
    }

    public static Map<String, Long> of(final Metrics metrics) {
        final Map<String, Long> out = new TreeMap<>();
        for (final Metrics.Sample s : metrics.snapshot()) {
            if (s.name().equals(Metrics.RECORDS_TOTAL) && s.value() > 0) {
                out.put(s.labels().get("outcome") + "/" + s.labels().get("reason"), (long) s.value());
            }
        }
        return out;
    }
}
