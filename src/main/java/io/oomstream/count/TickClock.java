package io.oomstream.count;

/**
 * The ledger's clock for ticks: the newest kill time sent ({@code at}) and the processing time when it was
 * sent ({@code setAt}). It reads the newest kill time plus the processing time elapsed since, so a quiet fleet's
 * last window still closes, and it lives in the {@link LedgerStore}, so a restarted task goes on ticking.
 */
public record TickClock(long at, long setAt) {

    /** The clock's time at processing time {@code wallNow} (never behind {@link #at}). */
    public long now(final long wallNow) {
        return at + Math.max(0, wallNow - setAt);
    }
}
