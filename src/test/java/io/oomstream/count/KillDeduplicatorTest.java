package io.oomstream.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.incident.Kill.Seen;
import org.junit.jupiter.api.Test;

/** Each kill once by event id, and one horizon for what is forgotten and what is refused. */
class KillDeduplicatorTest {

    private final InMemoryKillCountStore store = new InMemoryKillCountStore();
    private final KillDeduplicator dedup = new KillDeduplicator(store);

    @Test
    void shouldCountAnEventIdOnceWhateverTheTimeOfItsReEmission() {
        assertEquals(Seen.FIRST, dedup.check("a1", 1_000));
        assertEquals(Seen.DUPLICATE, dedup.check("a1", 1_000));
        assertEquals(Seen.DUPLICATE, dedup.check("a1", 9_000), "a re-emission may carry a better time");
        assertEquals(Seen.FIRST, dedup.check("b2", 1_000));
    }

    @Test
    void shouldForgetIdsBeforeTheHorizonAndRefuseKillsBeforeItSoNoneIsCountedTwice() {
        dedup.check("old", 1_000);
        dedup.check("new", 5_000);

        assertEquals(1, dedup.forgetBefore(2_000));
        assertEquals(3, store.size(), "the horizon and both keys of 'new': nothing of 'old' is left");

        assertEquals(Seen.TOO_OLD, dedup.check("old", 1_000), "forgotten, so it must not count again");
        assertEquals(Seen.TOO_OLD, dedup.check("never-seen", 1_999));
        assertEquals(Seen.DUPLICATE, dedup.check("new", 5_000));
        assertEquals(Seen.FIRST, dedup.check("other", 2_000));
    }

    @Test
    void shouldKeepAnIdUnderItsFirstTimeSoALaterReEmissionDoesNotMoveWhenItIsForgotten() {
        dedup.check("future", 9_000);
        dedup.check("future", 1_000);

        dedup.forgetBefore(5_000);

        assertEquals(Seen.DUPLICATE, dedup.check("future", 9_000));
    }

    @Test
    void shouldNeverMoveTheHorizonBack() {
        dedup.check("a", 1_000);
        dedup.forgetBefore(3_000);

        assertEquals(0, dedup.forgetBefore(2_000));
        assertEquals(Seen.TOO_OLD, dedup.check("b", 2_500));
    }

    @Test
    void shouldKeepTheIdsInTheStoreSoARestartedInstanceKnowsThem() {
        dedup.check("a", 1_000);

        assertEquals(Seen.DUPLICATE, new KillDeduplicator(store).check("a", 1_000));
    }
}
