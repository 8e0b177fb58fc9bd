package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetHost;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * {@link EventJson}: every value that carries an event (the event on {@code oom.events}, the enriched event, the
 * stitcher's recent events) is written byte for byte as {@link Json#MAPPER} writes it, the first time (written and
 * kept) and again (from the bytes kept); another event, however alike, never gets the kept bytes. Events: those of
 * every golden report under src/test/resources/kernel-logs.
 */
class EventJsonTest {

    private final Serializer<OomEvent> events = new JsonSerde<>(OomEvent.class, EventJson.MAPPER).serializer();
    private final Serializer<EnrichedEvent> enriched =
            new JsonSerde<>(EnrichedEvent.class, EventJson.MAPPER).serializer();
    private final Serializer<RecentEvents> recent = new JsonSerde<>(RecentEvents.class, EventJson.MAPPER).serializer();
    private static final FleetHost FLEET = new FleetHost("cache-09", "dc1", "prod", "cache", "storage", 16_777_216L,
            "5.10.0", "ops", List.of());

    @Test
    void shouldWriteEveryValueCarryingAnEventExactlyAsTheSharedMapperDoes() throws IOException {
        int compared = 0;
        for (final List<OomEvent> golden : goldenEvents()) {
            for (final OomEvent e : golden) {
                final byte[] plain = Json.MAPPER.writeValueAsBytes(e);
                assertArrayEquals(plain, events.serialize("t", e), "first write of " + e.eventId());
                assertArrayEquals(plain, events.serialize("t", e), "write from the kept bytes of " + e.eventId());
                for (final EnrichedEvent en : List.of(EnrichedEvent.of(e, (FleetHost) null), EnrichedEvent.of(e, FLEET))) {
                    assertArrayEquals(Json.MAPPER.writeValueAsBytes(en), enriched.serialize("t", en));
                }
                compared++;
            }
            // The store's value: earlier events (read back: other objects) and this report's, written once already.
            final List<OomEvent> stored = new ArrayList<>();
            for (final OomEvent e : golden) {
                stored.add(Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(e), OomEvent.class));
            }
            stored.addAll(golden);
            final RecentEvents r = new RecentEvents(stored.subList(Math.max(0, stored.size() - 8), stored.size()));
            final byte[] bytes = recent.serialize("t", r);
            assertArrayEquals(Json.MAPPER.writeValueAsBytes(r), bytes);
            assertEquals(r, Json.MAPPER.readValue(bytes, RecentEvents.class));
        }
        assertTrue(compared > 40, compared + " events compared");
    }

    @Test
    void shouldNeverWriteTheKeptBytesOfAnotherEventHoweverAlike() throws IOException {
        final OomEvent e = goldenEvents().stream().flatMap(List::stream).filter(x -> x.victim() != null)
                .findFirst().orElseThrow();
        final OomEvent equal = Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(e), OomEvent.class);
        final OomEvent later = e.withSystemdUnit("payments.service");
        assertArrayEquals(events.serialize("t", e), events.serialize("t", equal));
        final byte[] laterBytes = events.serialize("t", later);
        assertArrayEquals(Json.MAPPER.writeValueAsBytes(later), laterBytes);
        assertNotEquals(new String(Json.MAPPER.writeValueAsBytes(e)), new String(laterBytes));
        // An event too large to keep is written each time, alike.
        final OomEvent large = e.withSystemdUnit("u".repeat(EventJson.MAX_KEPT_BYTES) + ".service");
        assertArrayEquals(Json.MAPPER.writeValueAsBytes(large), events.serialize("t", large));
        assertArrayEquals(Json.MAPPER.writeValueAsBytes(large), events.serialize("t", large));
        // More events than are kept: the first is written afresh, still right.
        for (int i = 0; i < EventJson.KEPT + 1; i++) {
            events.serialize("t", e.withSystemdUnit("unit-" + i + ".service"));
        }
        assertArrayEquals(Json.MAPPER.writeValueAsBytes(e), events.serialize("t", e));
    }

    private static List<List<OomEvent>> goldenEvents() throws IOException {
        final List<List<OomEvent>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/kernel-logs"))) {
            for (final Path p : files.filter(f -> f.toString().endsWith(".expected.json")).sorted().toList()) {
                out.add(Json.MAPPER.readValue(p.toFile(), new TypeReference<List<OomEvent>>() { }));
            }
        }
        return out;
    }
}
