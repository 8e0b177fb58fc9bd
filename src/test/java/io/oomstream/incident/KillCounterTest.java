package io.oomstream.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.enrich.FleetHost;
import io.oomstream.event.Json;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tumbling kill-count windows on log time: closing with grace, late kills, each event id once. */
class KillCounterTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final FleetHost WEB = new FleetHost("web-01", "dc1", "prod", "web", "web-platform", null, null,
            null, List.of());

    private final KillCounter counter = new KillCounter(WINDOW, GRACE);
    private final List<KillCount> out = new ArrayList<>();

    @Test
    void shouldEmitAWindowOnlyOnceStreamTimePassesItsEndPlusGrace() {
        kill(Events.kill("web-01", "2026-03-01T10:00:10Z", "java"));
        kill(Events.kill("web-01", "2026-03-01T10:00:50Z", "nginx"));
        kill(Events.kill("web-01", "2026-03-01T10:01:29Z", "java"));
        assertEquals(List.of(), out, "10:01:29 is still within the 10:00 window's grace");

        kill(Events.kill("web-01", "2026-03-01T10:01:30Z", "java"));

        assertEquals(List.of(
                new KillCount("java", "prod", "dc1", "web-platform", "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", 1),
                new KillCount("nginx", "prod", "dc1", "web-platform", "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", 1)),
                out);
        out.forEach(c -> {
            EventSchema.assertValid("kill-count.schema.json", c);
            EventSchema.assertValid("kill-count-key.schema.json", c.key());
        });
    }

    @Test
    void shouldCountALateKillWithinTheGraceAndDropOneAfter() {
        kill(Events.kill("web-01", "2026-03-01T10:01:20Z", "java"));
        kill(Events.kill("web-01", "2026-03-01T10:00:59Z", "java"));
        kill(Events.kill("web-01", "2026-03-01T10:01:30Z", "java"));
        kill(Events.kill("web-01", "2026-03-01T10:00:58Z", "java"));

        assertEquals(List.of(
                new KillCount("java", "prod", "dc1", "web-platform", "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", 1)),
                out);
        assertEquals(1, counter.lateKills());
    }

    @Test
    void shouldCountAKillEmittedTwiceOnce() {
        final Events e = Events.kill("web-01", "2026-03-01T10:00:10Z", "java");
        kill(e);
        kill(e.swapExhausted());
        out.addAll(counter.advance(Instant.parse("2026-03-01T10:02:00Z")));

        assertEquals(1, out.size());
        assertEquals(1, out.get(0).count());
    }

    @Test
    void shouldCountUnknownHostsUnderNullDimensionsAndFlushOpenWindowsAtTheEnd() {
        counter.onKill(Events.kill("stranger", "2026-03-01T10:00:10Z", "java").kill());

        final List<KillCount> flushed = counter.flush();

        assertEquals(List.of(new KillCount("java", null, null, null, "2026-03-01T10:00:00Z", "2026-03-01T10:01:00Z", 1)),
                flushed);
        assertEquals("{\"service\":\"java\",\"environment\":null,\"datacenter\":null,\"team\":null,"
                + "\"window_start\":\"2026-03-01T10:00:00Z\"}", Json.write(flushed.get(0).key()),
                "the key's bytes are stable, so a replay overwrites it");
    }

    private void kill(final Events e) {
        out.addAll(counter.onKill(e.kill(WEB)));
    }
}
