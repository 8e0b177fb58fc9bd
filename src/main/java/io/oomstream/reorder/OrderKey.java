package io.oomstream.reorder;

import io.oomstream.kernel.Classified;

/**
 * Where one line of a host belongs among that host's lines, from the most precise thing the line carries: its wall
 * clock second, then the kernel's {@code [uptime]} stamp (microseconds; lines without one come after the stamped
 * lines of their second), then the sub-second part of the wall clock (milliseconds, as the line travels), then the
 * grammar's position of its kind within a report ({@link GrammarPosition}), then arrival order.
 *
 * <p>The second comes first so that two boots (stamps restart at zero) still order by wall clock; within a second a
 * shipper reads the kernel's buffer in stamp order, so second and stamp never disagree for lines shipped in order.
 *
 * @param second   wall clock, epoch seconds
 * @param stamp    kernel stamp in microseconds, {@link #NO_STAMP} when the line has none
 * @param milli    millisecond within the second (0 for second-resolution formats)
 * @param position {@link GrammarPosition} of the line's kind
 * @param within   {@link GrammarPosition#within}: the line's place among lines of its position (zones, task rows)
 * @param seq      the host's arrival counter: ties keep arrival order, and the key is unique
 */
public record OrderKey(long second, long stamp, int milli, int position, int within, long seq) implements Comparable<OrderKey> {

    public static final long NO_STAMP = Long.MAX_VALUE;

    public static OrderKey of(final long epochMillis, final Long uptimeMicros, final Classified c,
                              final String message, final long seq) {
        return new OrderKey(Math.floorDiv(epochMillis, 1000L), uptimeMicros == null ? NO_STAMP : uptimeMicros,
                (int) Math.floorMod(epochMillis, 1000L), GrammarPosition.of(c.kind()),
                GrammarPosition.within(c, message), seq);
    }

    /** The wall-clock time the key was made from, epoch milliseconds. */
    public long epochMillis() {
        return second * 1000L + milli;
    }

    @Override
    public int compareTo(final OrderKey o) {
        int c = Long.compare(second, o.second);
        if (c != 0) {
            return c;
        }
        c = Long.compare(stamp, o.stamp);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(milli, o.milli);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(position, o.position);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(within, o.within);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    /** True when both keys name the same place except for arrival order (what an exact duplicate shares). */
    public boolean samePlace(final OrderKey o) {
        return second == o.second && stamp == o.stamp && milli == o.milli && position == o.position
                && within == o.within;
    }

    /**
     * The key as text that sorts like the key (fixed-width hex, signs flipped), for stores that keep keys sorted as
     * bytes: a host's held lines are then read back in order.
     */
    public String sortable() {
        final StringBuilder b = new StringBuilder(16 * 3 + 3 + 2 + 8);
        hex(b, second ^ Long.MIN_VALUE, 16);
        hex(b, stamp ^ Long.MIN_VALUE, 16);
        hex(b, milli, 3);
        hex(b, position, 2);
        hex(b, within ^ Integer.MIN_VALUE, 8);
        hex(b, seq ^ Long.MIN_VALUE, 16);
        return b.toString();
    }

    private static void hex(final StringBuilder b, final long v, final int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            b.append(Character.forDigit((int) ((v >>> shift) & 0xF), 16));
        }
    }
}
