package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** A broker's restart may briefly hide the topics: the thread is replaced, a few times, never forever. */
class TransientFailuresTest {

    private final AtomicLong now = new AtomicLong();
    private final TransientFailures failures = new TransientFailures(now::get);

    @Test
    void shouldReplaceTheThreadForMissingSourceTopicsAFewTimesPerWindow() {
        final Throwable missing = new StreamsException(new MissingSourceTopicException("missing [syslog.raw]"));
        for (int i = 0; i < TransientFailures.MAX_REPLACEMENTS; i++) {
            assertTrue(failures.replaceThread(missing), "replacement " + (i + 1));
        }
        assertFalse(failures.replaceThread(missing), "a topic that stays missing stops the application");
        now.addAndGet(TransientFailures.WINDOW.toNanos() + 1);
        assertTrue(failures.replaceThread(missing), "a later broker restart is forgiven again");
    }

    @Test
    void shouldStopOnAnyOtherFailure() {
        assertFalse(failures.replaceThread(new StreamsException("a bug")));
        assertFalse(failures.replaceThread(new IllegalStateException("another")));
    }
}
