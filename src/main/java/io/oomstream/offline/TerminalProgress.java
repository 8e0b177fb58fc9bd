package io.oomstream.app;

import io.oomstream.offline.ProgressListener;

/** Progress on stderr, at most once a second, only when stderr is a terminal (never in pipes or CI logs). */
final class TerminalProgress implements ProgressListener {

    private final long start = System.nanoTime();
    private long records;
    private long bytes;
    private long lastPrint = start;

    static TerminalProgress ifTerminal() {
        return System.console() == null ? null : new TerminalProgress();
    }

    @Override
    public void record(final long recordBytes) {
        records++;
        bytes += recordBytes;
        if ((records & 0x3FFF) == 0) {
            final long now = System.nanoTime();
            if (now - lastPrint > 1_000_000_000L) {
                lastPrint = now;
                print(now);
            }
        }
    }

    void done() {
        print(System.nanoTime());
        System.err.print('\n');
    }

    private void print(final long now) {
        final double secs = Math.max(1e-9, (now - start) / 1e9);
        System.err.printf("\r  %,d records, %.1f MB, %.0f records/s", records, bytes / 1e6, records / secs);
    }
}
