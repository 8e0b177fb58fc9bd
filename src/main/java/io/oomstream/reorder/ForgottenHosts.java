package io.oomstream.reorder;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last line passed on of each host the buffer forgot (nothing held, quiet for two windows), for a while: a line
 * that arrives later and goes before it is late, and is counted so. Without this, a line delayed far beyond the
 * window (a partition whose appends a producer or broker stalled for minutes) reached a host with no memory and was
 * held and passed on as if in time: its report came out in fragments and the stage counted nothing.
 *
 * <p>Only for counting: such a line still goes through the buffer in order with the lines that come with it (a
 * copy of a whole report replayed late is put back in order, not passed on line by line). In memory only, at most
 * {@link #MAX_HOSTS} hosts for {@link #KEPT}: after a restart, or past that, a line so late is not recognised.
 */
final class ForgottenHosts {

    /** As long as the stitcher keeps an event open for its late lines (its linger). */
    static final Duration KEPT = Duration.ofMinutes(10);
    static final int MAX_HOSTS = 100_000;

    private record Forgotten(OrderKey lastReleased, long at) {
    }

    private final LinkedHashMap<String, Forgotten> hosts = new LinkedHashMap<>();

    /** The host was forgotten at {@code at} (the input's clock) with {@code lastReleased} its last line passed on. */
    void forgot(final String hostKey, final OrderKey lastReleased, final long at) {
        if (lastReleased == null) {
            return;
        }
        hosts.remove(hostKey);
        hosts.put(hostKey, new Forgotten(lastReleased, at));
        expire(at);
    }

    /** The last line passed on of a host forgotten less than {@link #KEPT} before {@code now}, else null; taken out. */
    OrderKey recall(final String hostKey, final long now) {
        expire(now);
        final Forgotten f = hosts.remove(hostKey);
        return f == null ? null : f.lastReleased;
    }

    private void expire(final long now) {
        final Iterator<Map.Entry<String, Forgotten>> it = hosts.entrySet().iterator();
        while (it.hasNext()) {
            final Forgotten f = it.next().getValue();
            if (hosts.size() <= MAX_HOSTS && now - f.at < KEPT.toMillis()) {
                return; // oldest first: the rest are newer
            }
            it.remove();
        }
    }
}
