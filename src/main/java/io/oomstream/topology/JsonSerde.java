package io.oomstream.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** JSON serde for one record type over the shared snake_case mapper; null passes through (tombstones). */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectMapper mapper;
    /**
     * The mapper's reader of {@code type}, its deserializer found once: {@code mapper.readValue(bytes, type)} looked
     * the type and its root deserializer up again for every record and store value read (a tenth of the time spent in
     * it). It reads the same as the mapper (its configuration is fixed when it is built, as the mappers' are).
     */
    private final ObjectReader reader;

    public JsonSerde(final Class<T> type) {
        this(type, Json.MAPPER);
    }

    /** With {@link EventJson#MAPPER}: an event this thread has just written is written again from its bytes. */
    JsonSerde(final Class<T> type, final ObjectMapper mapper) {
        this.type = type;
        this.mapper = mapper;
        this.reader = mapper.readerFor(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                if (mapper == EventJson.MAPPER && value instanceof OomEvent event) {
                    return EventJson.bytes(event); // no one writes into a record value's bytes: they may be shared
                }
                return mapper.writeValueAsBytes(value);
            } catch (final IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " to " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.readValue(bytes);
            } catch (final IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
