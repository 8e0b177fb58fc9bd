package io.oomstream.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the by-host repartition topic like the default partitioner (murmur2 of the host key), except that a
 * decode task's progress mark ({@link SourceProgress}) goes to every partition: every reorder task learns how far
 * every input partition has been read.
 */
final class ByHostPartitioner implements StreamPartitioner<String, DecodeOutcome> {

    private final Serializer<String> keys;

    ByHostPartitioner(final Serializer<String> keys) {
        this.keys = keys;
    }

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final String key, final DecodeOutcome value,
                                            final int numPartitions) {
        if (value != null && value.progress() != null) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(keys.serialize(topic, key))) % numPartitions));
    }
}
