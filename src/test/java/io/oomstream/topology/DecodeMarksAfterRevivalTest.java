package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.metrics.Metrics;
import io.oomstream.syslog.DecoderOptions;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * A decode task Kafka Streams revives (exactly-once: its transaction aborted, e.g. timed out while the thread was
 * stalled; the task is closed dirty and initialised again, same processor object) reads its partition again from the
 * committed offset. Its progress marks must not claim what it read before the abort: the reorder stage would take
 * them as proof that every line up to there has reached it, while those lines are still to be read again.
 */
class DecodeMarksAfterRevivalTest {

    /** Never caught up: a mark can only come from what the task itself has read. */
    private static final InputEnds BEHIND = new InputEnds() {
        @Override
        public long caughtUpAt(final int partition, final long position, final long wallNow) {
            return Long.MIN_VALUE;
        }

        @Override
        public int partitions() {
            return 4;
        }

        @Override
        public void open() {
        }

        @Override
        public void close() {
        }
    };

    private static final String LINE = "Mar  4 10:00:00 pair00 kernel: [1000.000001] worker invoked oom-killer: "
            + "gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0";

    @Test
    void shouldSendNoMarkForRecordsReadBeforeTheTaskWasRevived() {
        final DecodeProcessor decode = new DecodeProcessor(new DecoderOptions(null, ZoneOffset.UTC), new Metrics(),
                BEHIND);
        final MockProcessorContext<String, DecodeOutcome> before = new MockProcessorContext<>();
        decode.init(before);
        before.setRecordMetadata("in", 0, 41);
        decode.process(new Record<>(null, LINE.getBytes(StandardCharsets.UTF_8), 1_000_000L));
        assertEquals(List.of(1_000_000L), marks(before), "read before the abort: the mark says so");

        decode.close(); // closed dirty, its output aborted
        final MockProcessorContext<String, DecodeOutcome> after = new MockProcessorContext<>();
        decode.init(after); // revived: it will read offset 41 again
        assertTrue(marks(after).isEmpty(), "nothing read since the revival, so nothing proven: " + marks(after));
    }

    /** The progress of the marks the task's punctuation sends now. */
    private static List<Long> marks(final MockProcessorContext<String, DecodeOutcome> context) {
        context.resetForwards();
        context.scheduledPunctuators().forEach(p -> {
            if (!p.cancelled()) {
                p.getPunctuator().punctuate(2_000_000L);
            }
        });
        return context.forwarded().stream()
                .map(f -> f.record().value().progress())
                .filter(java.util.Objects::nonNull)
                .map(SourceProgress::millis)
                .toList();
    }
}
