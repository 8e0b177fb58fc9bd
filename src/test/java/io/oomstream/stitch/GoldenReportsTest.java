package io.oomstream.stitch;

import static io.oomstream.testing.JsonSubset.assertSubset;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every whole report under src/test/resources/kernel-logs (one per era and variant) and every
 * seed, read by the offline pipeline: the events must match the sidecar
 * {@code <name>.expected.json} field by field. Only the fields an expectation lists are
 * compared (nested objects too), so an expectation states exactly what the log shows.
 */
class GoldenReportsTest {

    static Stream<Path> fixtures() throws IOException {
        final List<Path> all = new ArrayList<>();
        for (final String dir : List.of("kernel-logs", "seeds")) {
            try (Stream<Path> walk = Files.walk(Fixtures.RESOURCES.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".expected.json")).sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldEmitTheExpectedEvents(final Path expectedFile) throws IOException {
        final Path log = logFor(expectedFile);
        final String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        final List<OomEvent> events = Fixtures.analyze(text);
        final JsonNode expected = Json.MAPPER.readTree(expectedFile.toFile());

        final List<JsonNode> actual = events.stream().map(e -> (JsonNode) Json.MAPPER.valueToTree(e)).toList();
        assertEquals(expected.size(), actual.size(), "events of " + log.getFileName() + ": " + summary(actual));
        for (int i = 0; i < expected.size(); i++) {
            assertSubset("event[" + i + "]", expected.get(i), actual.get(i));
        }
    }

    private static Path logFor(final Path expectedFile) throws IOException {
        final String base = expectedFile.getFileName().toString().replace(".expected.json", "");
        try (Stream<Path> siblings = Files.list(expectedFile.getParent())) {
            return siblings.filter(p -> {
                final String n = p.getFileName().toString();
                return !n.endsWith(".expected.json") && (n.equals(base) || n.equals(base + ".log") || n.equals(base + ".txt"));
            }).findFirst().orElseThrow(() -> new AssertionError("no log beside " + expectedFile));
        }
    }

    private static String summary(final List<JsonNode> events) {
        return events.stream().map(e -> e.path("kind").asText() + ":" + e.path("host").asText() + ":"
                + e.path("victim").path("pid").asText() + ":" + e.path("incomplete_reason").asText()).toList().toString();
    }
}
