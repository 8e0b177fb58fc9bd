package io.oomstream.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.explain.CompositionThresholds.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/verdicts.md lists every composition threshold and remedy exactly as CompositionThresholds holds them. */
class CompositionThresholdsDocTest {

    @Test
    void shouldDocumentEveryThresholdWithItsRemedy() throws IOException {
        final String doc = Files.readString(Path.of("docs", "verdicts.md"));
        for (final Threshold t : CompositionThresholds.ALL) {
            final String op = t == CompositionThresholds.MEMCG_LIMIT_SMALL_VICTIM ? "<" : "≥";
            final String row = "| `" + t.kind() + "` | " + op + " " + t.thresholdPct() + "% of " + t.base() + " | "
                    + t.remedy() + " |";
            assertTrue(doc.contains(row), "docs/verdicts.md lacks the row\n" + row);
        }
    }

    @Test
    void shouldBeLinkedFromTheReadme() throws IOException {
        assertTrue(Files.readString(Path.of("README.md")).contains("(docs/verdicts.md)"));
    }
}
