package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timer index keeps outdated due times in its heap and skips them when they come up: a host whose timer moved
 * is due only at its newest time, once, and a host left over by a tick stays due.
 */
class TimerIndexTest {

    private static final StitcherConfig CONFIG = StitcherConfig.defaults();
    private static final long IDLE = StitcherConfig.DEFAULT_IDLE_TIMEOUT.toMillis();

    private static HostState collecting(final long lastActivity) {
        final HostState s = new HostState();
        s.phase = Phase.COLLECTING;
        s.lastActivity = lastActivity;
        return s;
    }

    @Test
    void shouldMakeAHostDueOnlyAtItsNewestTimeOnce() {
        final TimerIndex index = new TimerIndex(CONFIG);
        index.track("a", collecting(0));
        index.track("b", collecting(5));
        index.track("a", collecting(10)); // a's line moved its timer past b's
        index.track("a", collecting(0)); // and back (the input clock may step back): its first entry is current again

        assertEquals(List.of("a"), index.dueBy(IDLE), "a once, at its newest time; b not yet");
        index.track("a", collecting(20));
        assertEquals(List.of("b"), index.dueBy(IDLE + 10), "a's outdated entries are skipped");
        assertEquals(List.of("b", "a"), index.dueBy(IDLE + 20), "b was not moved by its tick: still due, first");
        assertEquals(2, index.scheduled());
        assertEquals(2, index.openReports());
    }

    @Test
    void shouldForgetAHostWithNothingPending() {
        final TimerIndex index = new TimerIndex(CONFIG);
        index.track("a", collecting(0));
        index.track("a", null);

        assertEquals(List.of(), index.dueBy(Long.MAX_VALUE));
        assertEquals(0, index.scheduled());
        assertEquals(0, index.openReports());
    }

    @Test
    void shouldStayExactWhenOutdatedEntriesPileUpAndTheHeapIsRebuilt() {
        final TimerIndex index = new TimerIndex(CONFIG);
        for (int line = 0; line < 30; line++) {
            for (int h = 0; h < 1_000; h++) {
                index.track("host-" + h, collecting(line * 1_000L + h)); // 30,000 moves: rebuilt several times
            }
        }

        final List<String> due = index.dueBy(29_000L + 499 + IDLE);
        assertEquals(500, due.size(), "only the hosts whose newest time is due");
        assertEquals("host-0", due.get(0));
        assertEquals("host-499", due.get(499));
    }
}
