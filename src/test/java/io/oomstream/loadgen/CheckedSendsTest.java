package io.oomstream.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A record the producer could not deliver is never "sent": the batch fails, naming how many were lost. */
class CheckedSendsTest {

    @Test
    void shouldPassWhenEverySendWasAcknowledged() {
        final CheckedSends sends = new CheckedSends();
        sends.onCompletion(null, null);
        sends.onCompletion(null, null);

        sends.throwIfFailed("in");
        assertFalse(sends.failed());
        assertEquals(2, sends.acked());
    }

    @Test
    void shouldFailTheBatchWithItsFirstFailureAndTheCountLost() {
        final CheckedSends sends = new CheckedSends();
        final TimeoutException first = new TimeoutException("Expiring 95 record(s) for in-3: 120000 ms has passed");
        sends.onCompletion(null, null);
        sends.onCompletion(null, first);
        sends.onCompletion(null, new NotLeaderOrFollowerException("not leader"));

        assertTrue(sends.failed());
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> sends.throwIfFailed("in"));
        assertSame(first, e.getCause());
        assertEquals("producing to in failed: 2 record(s) lost, 1 acknowledged; first failure: "
                + first.getMessage(), e.getMessage());
    }
}
