package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import io.oomstream.count.KillCount;
import org.junit.jupiter.api.Test;

/** The demo's one-line kill counts: a window printed again says it was corrected. */
class EventPrinterTest {

    private static final JsonNode COUNT = Json.MAPPER.valueToTree(new KillCount("java", "prod", null, "search",
            "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", 3));

    @Test
    void shouldPrintAClosedWindowWithDashesForUnknownDimensions() {
        assertEquals("COUNT    2026-03-01T10:00:00Z  service=java environment=prod datacenter=- team=search  kills=3",
                EventPrinter.killCount(COUNT, false));
    }

    @Test
    void shouldMarkACorrectedWindow() {
        assertEquals("COUNT+   2026-03-01T10:00:00Z  service=java environment=prod datacenter=- team=search  kills=3"
                + "  (corrected: a kill for this window arrived after it closed)", EventPrinter.killCount(COUNT, true));
    }
}
