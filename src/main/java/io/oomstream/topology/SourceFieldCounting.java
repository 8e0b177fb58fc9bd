package io.oomstream.topology;

import io.oomstream.metrics.Metrics;
import io.oomstream.metrics.SourceFieldCounters;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;

/**
 * Counts each line the decode processor receives decoded in full into {@link SourceFieldCounters}, by the layout
 * ({@link SourceFormat}) that read it. The processor sees every such record once, whether it decoded it or the
 * consumer-side filter did ({@link DecodeHandoff}); the filter drops only ordinary lines, which are not counted here.
 */
final class SourceFieldCounting {

    private final Metrics metrics;
    /** By {@link SourceFormat#ordinal()}, created at a source's first line: only layouts seen are exported. */
    private final SourceFieldCounters[] bySource = new SourceFieldCounters[SourceFormat.values().length];

    SourceFieldCounting(final Metrics metrics) {
        this.metrics = metrics;
    }

    /** Every line of the record. */
    void count(final Decoded decoded) {
        for (final LogLine line : decoded.lines()) {
            counters(line.format()).line(line.host() != null, line.time() != null);
        }
    }

    private SourceFieldCounters counters(final SourceFormat format) {
        SourceFieldCounters c = bySource[format.ordinal()];
        if (c == null) {
            c = new SourceFieldCounters(metrics, format.label());
            bySource[format.ordinal()] = c;
        }
        return c;
    }
}
