package io.oomstream.offline;

/**
 * Progress of a long command ({@code analyze}, {@code generate}) on stderr: at most once a second, and only when
 * stderr is a terminal (never in pipes or CI logs). Counts items (records, lines) and, when given, their bytes.
 */
public final class TerminalProgress implements ProgressListener {

    /** Items between two looks at the clock: reading it per item would cost more than the work counted. */
    private static final long CLOCK_EVERY = 0x4000;
    private static final long PRINT_EVERY_NANOS = 1_000_000_000L;

    private final String unit;
    private final long total;
    private final long start = System.nanoTime();
    private long count;
    private long bytes;
    private long lastPrint = start;

    TerminalProgress(final String unit, final long total) {
        this.unit = unit;
        this.total = total;
    }

    /**
     * A printer when stderr is a terminal, else null.
     *
     * @param unit  what is counted, plural ("records", "lines")
     * @param total how many there will be, or 0 when unknown (then no percentage is shown)
     */
    public static TerminalProgress ifTerminal(final String unit, final long total) {
        return System.console() == null ? null : new TerminalProgress(unit, total);
    }

    /** One item of {@code itemBytes} bytes. */
    @Override
    public void record(final long itemBytes) {
        count++;
        bytes += itemBytes;
        if (count % CLOCK_EVERY == 0) {
            final long now = System.nanoTime();
            if (now - lastPrint > PRINT_EVERY_NANOS) {
                lastPrint = now;
                print(now);
            }
        }
    }

    /** One item whose size is not counted. */
    public void tick() {
        record(0);
    }

    /** Prints the final figures and ends the line. */
    public void done() {
        print(System.nanoTime());
        System.err.print('\n');
    }

    private void print(final long now) {
        System.err.print("\r  " + line(now));
    }

    /** e.g. {@code 12,345 / 100,000 lines (12%), 5,000 lines/s} or {@code 12,345 records, 1.2 MB, 5000 records/s}. */
    String line(final long now) {
        final double secs = Math.max(1e-9, (now - start) / 1e9);
        final StringBuilder sb = new StringBuilder(String.format("%,d", count));
        if (total > 0) {
            sb.append(String.format(" / %,d %s (%.0f%%)", total, unit, 100.0 * count / total));
        } else {
            sb.append(' ').append(unit);
        }
        if (bytes > 0) {
            sb.append(String.format(", %.1f MB", bytes / 1e6));
        }
        return sb.append(String.format(", %,.0f %s/s", count / secs, unit)).toString();
    }
}
