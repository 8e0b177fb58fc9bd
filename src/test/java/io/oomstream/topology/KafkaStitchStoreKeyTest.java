package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Line keys sort by index within a host (the store reads a report's lines as one key range). */
class KafkaStitchStoreKeyTest {

    @Test
    void shouldPadTheIndexToEightDigitsSoKeysSortByIndex() {
        assertEquals("web-1\u000000000000", KafkaStitchStore.lineKey("web-1", 0));
        assertEquals("web-1\u000000000042", KafkaStitchStore.lineKey("web-1", 42));
        assertEquals("web-1\u000019999999", KafkaStitchStore.lineKey("web-1", 19_999_999));
        for (int i = 0; i < 20_000; i++) {
            assertTrue(KafkaStitchStore.lineKey("web-1", i).compareTo(KafkaStitchStore.lineKey("web-1", i + 1)) < 0,
                    "line " + i);
        }
    }
}
