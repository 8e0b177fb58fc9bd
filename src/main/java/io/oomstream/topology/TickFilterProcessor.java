package io.oomstream.topology;

import io.oomstream.incident.KillDimensions;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * In front of the windowed count, on each partition of the count feed: drops a tick that would not move this
 * partition's stream time. Every task of the feed ticks every partition with its own clock, and a tick behind
 * stream time would only be dropped by the count as late, with a warning each time.
 */
final class TickFilterProcessor extends ContextualFixedKeyProcessor<KillDimensions, String, String> {

    /** The newest timestamp this partition has passed on: what the count downstream takes as stream time. */
    private long streamTime = Long.MIN_VALUE;

    @Override
    public void process(final FixedKeyRecord<KillDimensions, String> record) {
        if (KillCountFeedProcessor.TICK.equals(record.key()) && record.timestamp() <= streamTime) {
            return;
        }
        streamTime = Math.max(streamTime, record.timestamp());
        context().forward(record);
    }
}
