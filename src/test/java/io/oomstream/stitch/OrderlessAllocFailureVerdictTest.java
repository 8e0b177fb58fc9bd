package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A vmalloc failure prints no order ({@code python3: vmalloc: allocation failure, allocated 12288 of 20480 bytes},
 * docker/for-linux#1001 in real-reports): its verdict says "an allocation", as English has it, and no order or size
 * is made up for it. Main's jar said "python3 failed a allocation".
 */
class OrderlessAllocFailureVerdictTest {

    @Test
    void shouldSayAnAllocationWithoutInventingAnOrder() {
        final List<OomEvent> events = Fixtures.analyzeResource(
                "real-reports/ubuntu-syslog-memcg-child-kills-reaped-then-vmalloc-failure-same-second.log");
        final OomEvent failure = events.get(events.size() - 1);

        assertEquals(EventKind.ALLOC_FAILURE, failure.kind());
        assertNull(failure.trigger().order());
        final String verdict = failure.analysis().verdict();
        assertTrue(verdict.contains("python3 failed an allocation (mode 0x15080c0) and nothing was killed"), verdict);
    }
}
