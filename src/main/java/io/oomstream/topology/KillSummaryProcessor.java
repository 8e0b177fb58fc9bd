package io.oomstream.topology;

import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.incident.Kill;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Keeps the kills of the enriched stream, and the OOM reports that show no kill, and summarises them
 * ({@link Kill}, the latter marked {@link Kill#withoutKill()}): allocation failures take no part in incidents or
 * counts (nothing was killed; fragmentation is not exhaustion). A kill whose log shows no
 * time gets the record's timestamp (when the stitcher emitted it).
 */
final class KillSummaryProcessor extends ContextualFixedKeyProcessor<String, EnrichedEvent, Kill> {

    @Override
    public void process(final FixedKeyRecord<String, EnrichedEvent> record) {
        if (record.value() != null && Kill.takesPart(record.value())) {
            context().forward(record.withValue(Kill.of(record.value(), Instant.ofEpochMilli(record.timestamp()))));
        }
    }
}
