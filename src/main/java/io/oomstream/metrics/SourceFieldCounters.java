package io.oomstream.metrics;

/**
 * Per input layout, how many decoded lines came without the host or the time their report needs: the signal that a
 * layout is read wrongly. An unknown shipper's records used to be lost or mis-read with at most a dead-letter count
 * (Fluent Bit's systemd input gave lines without a time, Vector's journald source lines without a host): a layout
 * whose lines suddenly lack a host or a time shows here, by the name the decoder gives the layout ({@code source}).
 *
 * <p>Three counters per source, created together so that the ratios exist from the first line: every line decoded in
 * full, those without a host, those without a time. The ordinary lines the fast path passes over without building
 * them are not among them (they never reach a report); every line that may belong to a report is.
 */
public final class SourceFieldCounters {

    /** Lines decoded in full, by the layout that read them. */
    public static final String LINES = "oomstream_source_lines_total";
    /** Of those, the lines that name no host (their report cannot be told from another host's). */
    public static final String WITHOUT_HOST = "oomstream_source_lines_without_host_total";
    /** Of those, the lines that carry no usable time (dmesg without -T, or a time field the decoder cannot read). */
    public static final String WITHOUT_TIME = "oomstream_source_lines_without_time_total";

    static final String LINES_HELP = "Lines decoded in full (every line that may belong to an OOM report), by input layout";
    static final String WITHOUT_HOST_HELP = "Lines decoded in full that name no host, by input layout";
    static final String WITHOUT_TIME_HELP = "Lines decoded in full that carry no usable time, by input layout";

    private final Metrics.Counter lines;
    private final Metrics.Counter withoutHost;
    private final Metrics.Counter withoutTime;

    /** The three series of {@code source} (a layout name, e.g. {@code rfc3164}, {@code json_journald}). */
    public SourceFieldCounters(final Metrics metrics, final String source) {
        lines = metrics.counter(LINES, LINES_HELP, "source", source);
        withoutHost = metrics.counter(WITHOUT_HOST, WITHOUT_HOST_HELP, "source", source);
        withoutTime = metrics.counter(WITHOUT_TIME, WITHOUT_TIME_HELP, "source", source);
    }

    /** One line of this source, with or without its host and time. */
    public void line(final boolean hasHost, final boolean hasTime) {
        lines.inc();
        if (!hasHost) {
            withoutHost.inc();
        }
        if (!hasTime) {
            withoutTime.inc();
        }
    }
}
