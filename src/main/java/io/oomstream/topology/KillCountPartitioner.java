package io.oomstream.topology;

import io.oomstream.count.CountFeed;
import io.oomstream.count.KillDimensions;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the kill-count feed like the default partitioner (murmur2 of the serialized key), except that a
 * tick ({@link CountFeed.Tick}) goes to every partition, so every partition's stream time moves.
 */
final class KillCountPartitioner implements StreamPartitioner<KillDimensions, CountFeed> {

    private final Serializer<KillDimensions> keys;

    KillCountPartitioner(final Serializer<KillDimensions> keys) {
        this.keys = keys;
    }

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final KillDimensions key, final CountFeed value,
                                            final int numPartitions) {
        if (value instanceof CountFeed.Tick) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(keys.serialize(topic, key))) % numPartitions));
    }
}
