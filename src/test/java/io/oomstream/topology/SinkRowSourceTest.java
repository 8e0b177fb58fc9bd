package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.event.Json;
import io.oomstream.sink.SinkRows;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The sink stage reads enriched events back without their task tables ({@link SinkTopology#ROW_SOURCE_MAPPER}): every
 * row is the row of the whole event, and the table is indeed left unread.
 */
class SinkRowSourceTest {

    private static final String OUTPUTS = "topology-output/generated-fleet-outputs.golden.jsonl.gz";

    @Test
    void shouldMakeEveryEnrichedEventsRowFromTheEventReadWithoutItsTaskTable() throws IOException {
        final List<JsonNode> enriched = enrichedRecords();
        assertEquals(32, enriched.size(), "the golden outputs' enriched events");
        int withTasks = 0;
        for (final JsonNode record : enriched) {
            final byte[] value = record.get("value").asText().getBytes(StandardCharsets.UTF_8);
            final EnrichedEvent whole = Json.MAPPER.readValue(value, EnrichedEvent.class);
            final EnrichedEvent light = SinkTopology.ROW_SOURCE_MAPPER.readValue(value, EnrichedEvent.class);
            if (whole.event().tasks() != null && !whole.event().tasks().isEmpty()) {
                withTasks++;
            }
            assertTrue(light.event().tasks() == null || light.event().tasks().isEmpty(), "left unread");
            final long time = record.get("time").asLong();
            assertEquals(SinkRows.EVENTS.envelope(SinkRows.event(whole, time)).toString(),
                    SinkRows.EVENTS.envelope(SinkRows.event(light, time)).toString());
        }
        assertTrue(withTasks >= 16, withTasks + " of the events list tasks");
    }

    private static List<JsonNode> enrichedRecords() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Fixtures.RESOURCES.resolve(OUTPUTS)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(SinkRowSourceTest::parse)
                    .filter(r -> r.get("topic").asText().equals("oom.events.enriched")).toList();
        }
    }

    private static JsonNode parse(final String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
