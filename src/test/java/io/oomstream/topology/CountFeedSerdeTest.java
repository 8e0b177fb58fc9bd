package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oomstream.count.CountFeed;
import io.oomstream.count.KillDimensions;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The kill-count feed on its repartition topic: the sealed items are written in the bytes earlier versions wrote
 * (event id, {@code -} id, {@code tick}), so records in flight across an upgrade are read either way.
 */
class CountFeedSerdeTest {

    private static final String TOPIC = "oomstream-oom-kill-counts-by-dimensions-repartition";
    private final CountFeedSerde serde = new CountFeedSerde();

    @Test
    void shouldWriteEachItemInTheBytesEarlierVersionsWrote() {
        assertArrayEquals(bytes("5474caa31f8e0d7865e8"), write(new CountFeed.Count("5474caa31f8e0d7865e8")));
        assertArrayEquals(bytes("-5474caa31f8e0d7865e8"), write(new CountFeed.Retraction("5474caa31f8e0d7865e8")));
        assertArrayEquals(bytes("tick"), write(CountFeed.Tick.INSTANCE));
    }

    @Test
    void shouldReadTheBytesEarlierVersionsWrote() {
        assertEquals(new CountFeed.Count("576680b6347340080e9c"), read("576680b6347340080e9c"));
        assertEquals(new CountFeed.Retraction("576680b6347340080e9c"), read("-576680b6347340080e9c"));
        assertEquals(CountFeed.Tick.INSTANCE, read("tick"));
        assertEquals(null, serde.deserializer().deserialize(TOPIC, null));
    }

    @Test
    void shouldRefuseAnItemWithoutAnEventId() {
        assertThrows(SerializationException.class, () -> read(""));
        assertThrows(SerializationException.class, () -> read("-"));
    }

    @Test
    void shouldSendTicksToEveryPartitionAndEachKillToTheOneOfItsDimensions() {
        final KillCountPartitioner partitioner = new KillCountPartitioner(new JsonSerde<>(KillDimensions.class)
                .serializer());
        final KillDimensions java = new KillDimensions("java", "prod", "dc1", "web");

        assertEquals(Optional.of(Set.of(0, 1, 2, 3)), partitioner.partitions(TOPIC, CountFeed.TICK_KEY,
                CountFeed.Tick.INSTANCE, 4));
        final Set<Integer> count = partitioner.partitions(TOPIC, java, new CountFeed.Count("a"), 4).orElseThrow();
        assertEquals(1, count.size());
        assertEquals(Optional.of(count), partitioner.partitions(TOPIC, java, new CountFeed.Retraction("a"), 4),
                "a retraction reaches the partition its count went to");
    }

    private byte[] write(final CountFeed item) {
        return serde.serializer().serialize(TOPIC, item);
    }

    private CountFeed read(final String text) {
        return serde.deserializer().deserialize(TOPIC, bytes(text));
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
