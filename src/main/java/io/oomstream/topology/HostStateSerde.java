package io.oomstream.topology;

import io.oomstream.stitch.HostState;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The open-report store's serde: JSON like every store, but it hands the stitcher the bytes a state was read from
 * and writes the bytes the stitcher already computed to see whether the state changed. Every report line reads and
 * writes its host's state once; without this it was serialised four times per line.
 */
final class HostStateSerde implements Serde<HostState> {

    private final JsonSerde<HostState> json = new JsonSerde<>(HostState.class);

    @Override
    public Serializer<HostState> serializer() {
        final Serializer<HostState> plain = json.serializer();
        return (topic, state) -> state != null && state.formToWrite != null ? state.formToWrite
                : plain.serialize(topic, state);
    }

    @Override
    public Deserializer<HostState> deserializer() {
        final Deserializer<HostState> plain = json.deserializer();
        return (topic, bytes) -> {
            final HostState state = plain.deserialize(topic, bytes);
            if (state != null) {
                state.storedForm = bytes;
            }
            return state;
        };
    }
}
