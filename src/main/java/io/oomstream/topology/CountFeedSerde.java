package io.oomstream.topology;

import io.oomstream.count.CountFeed;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The kill-count feed's values on {@link Names#KILL_COUNTS_BY_DIMENSIONS}: a count is the event id, a retraction
 * the id after {@code -}, a tick the word {@code tick} (event ids are hex). These are the bytes every earlier
 * version wrote, kept so that records in flight during an upgrade, and instances of both versions during a
 * rolling one, read each other.
 */
final class CountFeedSerde implements Serde<CountFeed> {

    static final String TICK = "tick";
    static final String RETRACT = "-";

    @Override
    public Serializer<CountFeed> serializer() {
        return (topic, item) -> item == null ? null : text(item).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Deserializer<CountFeed> deserializer() {
        return (topic, bytes) -> bytes == null ? null : parse(new String(bytes, StandardCharsets.UTF_8));
    }

    static String text(final CountFeed item) {
        if (item instanceof CountFeed.Count c) {
            return c.eventId();
        }
        if (item instanceof CountFeed.Retraction r) {
            return RETRACT + r.eventId();
        }
        return TICK;
    }

    static CountFeed parse(final String text) {
        if (TICK.equals(text)) {
            return CountFeed.Tick.INSTANCE;
        }
        final boolean retraction = text.startsWith(RETRACT);
        final String id = retraction ? text.substring(RETRACT.length()) : text;
        if (id.isEmpty()) {
            throw new SerializationException("kill-count feed item without an event id: '" + text + "'");
        }
        return retraction ? new CountFeed.Retraction(id) : new CountFeed.Count(id);
    }
}
