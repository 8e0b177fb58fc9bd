package io.oomstream.topology;

import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stamps records with processing time before a sink: windowed results carry their window's log time, and a
 * Kafka 4 broker refuses records more than an hour in the future (log times can be wrong by years).
 */
final class ProcessingTimeStamp<K, V> extends ContextualFixedKeyProcessor<K, V, V> {

    @Override
    public void process(final FixedKeyRecord<K, V> record) {
        context().forward(record.withTimestamp(context().currentSystemTimeMs()));
    }
}
