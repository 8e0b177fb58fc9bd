package io.oomstream.realreports;

import static io.oomstream.testing.JsonSubset.assertSubset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OOM reports that people pasted into issues and Q&amp;A pages (src/test/resources/real-reports, sources in its
 * INDEX.md), read as {@code analyze} reads them. Each {@code X.expected.json} lists, per event in order, what a
 * person reads in the paste: the victim's pid, name and sizes, whether a kill is shown at all, the constraint, the
 * memcg paths, the trigger's gfp mask and order, and whether the paste was cut. A field the paste does not show is
 * listed as null and must come out null: nothing read from a paste may be invented.
 */
class RealReportsTest {

    private static final Path DIR = Fixtures.RESOURCES.resolve("real-reports");

    static Stream<Path> reports() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void shouldReadWhatAPersonReadsInThePaste(final Path log) throws IOException {
        final Path expectedFile = DIR.resolve(log.getFileName().toString().replace(".log", ".expected.json"));
        assertTrue(Files.exists(expectedFile), "every real report states what it shows: " + expectedFile);
        final List<OomEvent> events = Fixtures.analyze(Files.readString(log, StandardCharsets.UTF_8));
        final JsonNode expected = Json.MAPPER.readTree(expectedFile.toFile());
        final List<JsonNode> actual = events.stream().map(e -> (JsonNode) Json.MAPPER.valueToTree(e)).toList();
        assertEquals(expected.size(), actual.size(), "events of " + log.getFileName() + ": " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertSubset(log.getFileName() + " event[" + i + "]", expected.get(i), actual.get(i));
        }
    }

    @Test
    void shouldListEveryReportWithItsSourceInTheIndex() throws IOException {
        final String index = Files.readString(DIR.resolve("INDEX.md"), StandardCharsets.UTF_8);
        final List<Path> logs = reports().toList();
        assertFalse(logs.size() < 10, "at least ten real reports");
        for (final Path log : logs) {
            final String name = log.getFileName().toString();
            final int at = index.indexOf("`" + name + "`");
            assertTrue(at >= 0, name + " is in INDEX.md");
            final int lineEnd = index.indexOf('\n', at);
            // Some sources (a mailing-list archive, a blog) are served over plain http only.
            final String row = index.substring(at, lineEnd < 0 ? index.length() : lineEnd);
            assertTrue(row.contains("https://") || row.contains("http://"),
                    name + " names its source address in INDEX.md");
        }
    }

}
