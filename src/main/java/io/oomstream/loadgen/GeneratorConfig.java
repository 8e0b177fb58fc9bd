package io.oomstream.loadgen;

import java.time.Instant;

/**
 * What {@link FleetLogGenerator} writes. Use {@link #defaults()} and the {@code with*} copies.
 *
 * @param seed              every random choice derives from it: the same config gives the same output
 * @param hosts             fleet size (host names {@code web-0001.dc1.example.com}, {@code db-0002}, ...)
 * @param lines             records to write, report lines included
 * @param format            transport of each record
 * @param oomRate           new reports (OOM kills and allocation failures) started per 1,000 records; cascades
 *                          and duplicates come on top. The default, 0.10, makes about 1% of the lines report lines
 * @param start             log time of the first record
 * @param linesPerSecond    records per second of log time (the fleet clock advances 1/linesPerSecond per record)
 * @param taskTableSize     rows in each task table; 0 picks a realistic 12..60 per report
 * @param cascadeShare      probability that a kill is followed by another kill on the same host, 1 to 5 minutes of
 *                          log time later (chains up to five kills)
 * @param duplicateShare    probability that a report is delivered twice, verbatim, a moment later (rsyslog redelivery)
 * @param truncatedShare    probability that a global report stops after Mem-Info (header, stack and Mem-Info, no kill)
 * @param allocFailureShare share of new reports that are page allocation failures instead of OOM kills
 */
public record GeneratorConfig(long seed, int hosts, long lines, OutputFormat format, double oomRate, Instant start,
                              double linesPerSecond, int taskTableSize, double cascadeShare, double duplicateShare,
                              double truncatedShare, double allocFailureShare) {

    public static final Instant DEFAULT_START = Instant.parse("2024-03-01T00:00:00Z");
    public static final double DEFAULT_OOM_RATE = 0.10;
    public static final double DEFAULT_LINES_PER_SECOND = 1_000;

    public GeneratorConfig {
        if (hosts < 1 || hosts > 1_000_000) {
            throw new IllegalArgumentException("hosts must be 1..1,000,000, was " + hosts);
        }
        if (lines < 0) {
            throw new IllegalArgumentException("lines must be >= 0, was " + lines);
        }
        if (!(oomRate >= 0 && oomRate <= 1_000)) {
            throw new IllegalArgumentException("oom rate must be 0..1000 reports per 1,000 lines, was " + oomRate);
        }
        if (!(linesPerSecond > 0)) {
            throw new IllegalArgumentException("lines per second must be > 0, was " + linesPerSecond);
        }
        if (taskTableSize < 0 || taskTableSize > 200_000) {
            throw new IllegalArgumentException("task table size must be 0..200,000, was " + taskTableSize);
        }
        share("cascade share", cascadeShare);
        share("duplicate share", duplicateShare);
        share("truncated share", truncatedShare);
        share("alloc failure share", allocFailureShare);
        if (format == null || start == null) {
            throw new IllegalArgumentException("format and start are required");
        }
    }

    /** 100 hosts, 100,000 RFC 3164 lines, seed 1, 0.10 reports per 1,000 lines, from 2024-03-01T00:00:00Z at 1,000 lines/s. */
    public static GeneratorConfig defaults() {
        return new GeneratorConfig(1, 100, 100_000, OutputFormat.RFC3164, DEFAULT_OOM_RATE, DEFAULT_START,
                DEFAULT_LINES_PER_SECOND, 0, 0.10, 0.03, 0.03, 0.08);
    }

    public GeneratorConfig withSeed(final long s) {
        return new GeneratorConfig(s, hosts, lines, format, oomRate, start, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withHosts(final int n) {
        return new GeneratorConfig(seed, n, lines, format, oomRate, start, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withLines(final long n) {
        return new GeneratorConfig(seed, hosts, n, format, oomRate, start, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withFormat(final OutputFormat f) {
        return new GeneratorConfig(seed, hosts, lines, f, oomRate, start, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withOomRate(final double perThousand) {
        return new GeneratorConfig(seed, hosts, lines, format, perThousand, start, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withStart(final Instant t) {
        return new GeneratorConfig(seed, hosts, lines, format, oomRate, t, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withLinesPerSecond(final double perSecond) {
        return new GeneratorConfig(seed, hosts, lines, format, oomRate, start, perSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    public GeneratorConfig withTaskTableSize(final int rows) {
        return new GeneratorConfig(seed, hosts, lines, format, oomRate, start, linesPerSecond, rows,
                cascadeShare, duplicateShare, truncatedShare, allocFailureShare);
    }

    /** The three report-shape probabilities at once. */
    public GeneratorConfig withShares(final double cascade, final double duplicate, final double truncated) {
        return new GeneratorConfig(seed, hosts, lines, format, oomRate, start, linesPerSecond, taskTableSize,
                cascade, duplicate, truncated, allocFailureShare);
    }

    public GeneratorConfig withAllocFailureShare(final double share) {
        return new GeneratorConfig(seed, hosts, lines, format, oomRate, start, linesPerSecond, taskTableSize,
                cascadeShare, duplicateShare, truncatedShare, share);
    }

    private static void share(final String what, final double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be 0..1, was " + v);
        }
    }
}
