package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What BoundedMemoryOnBrokerTest saw in two runs under load (RELIABILITY.md, "Bounded memory"): 0.4-0.6% of the
 * 10,000 open reports came out as one event of their last 19 lines, from {@code Mem-Info:}, marked
 * {@code missing_header}, their first 11 lines in no event. The stitcher produces exactly that when only the first
 * line of a host's report never reaches it: lines 2 to 11 (CPU, hardware and stack lines, which any kernel dump
 * prints) start nothing without a header and are counted as stray, and {@code Mem-Info:}, which only a report prints,
 * opens a fragment. In those runs the storm's producer ignored its sends' results and took 121 s to send: its
 * delivery timeout (120 s) expired a batch of first lines, and the input never held them. A trickle (the storm fed
 * as a slow consumer reads it, idle timeouts firing between rounds) loses no line when every line arrives.
 */
class StormFirstLineLostTest {

    private static final List<String> REPORT =
            List.of(Fixtures.read("storm/5.15-report-without-kill-line.log").split("\n"));
    private static final int HOSTS = 200;
    private static final long START = Instant.parse("2026-12-06T21:00:00Z").toEpochMilli();

    private final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
    private final List<OomEvent> out = new ArrayList<>();
    private final StitchStats stats = new StitchStats();
    private final Stitcher stitcher =
            new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), out::add, stats);

    @Test
    void shouldEmitEveryLineOfEveryOpenReportWhenTheStormTrickles() {
        storm(host -> false, 4_000);

        final Map<String, OomEvent> last = lastPerId();
        assertEquals(HOSTS, last.size(), "one event per report");
        last.values().forEach(e -> assertEquals(REPORT.size(), e.lineCount(), e.host() + " " + e.incompleteReason()));
        last.values().forEach(e -> assertEquals(IncompleteReason.IDLE_TIMEOUT, e.incompleteReason()));
        assertEquals(0, stats.strayLines());
    }

    @Test
    void shouldOpenAFragmentAtMemInfoAndCountTheStackAsStrayWhenAHostsFirstLineNeverArrives() {
        storm(host -> host < 10, 4_000);

        final Map<String, OomEvent> last = lastPerId();
        assertEquals(HOSTS, last.size(), "one event per report, whole or not");
        final List<OomEvent> fragments = last.values().stream().filter(e -> e.lineCount() != REPORT.size()).toList();
        assertEquals(10, fragments.size());
        for (final OomEvent e : fragments) {
            assertEquals(REPORT.size() - 11, e.lineCount(), "from Mem-Info: on, the test's 19 lines");
            assertEquals(IncompleteReason.MISSING_HEADER, e.incompleteReason());
        }
        assertEquals(10 * 10, stats.strayLines(), "lines 2 to 11 of each are counted, not silently dropped");
    }

    /**
     * Line 1 of every host, then line 2, ...; each round takes {@code roundMillis} of record time and wall clock (a
     * slow consumer), with wall-clock ticks every 250 ms; then the input stops and the idle timeouts fire.
     */
    private void storm(final Function<Integer, Boolean> firstLineLost, final long roundMillis) {
        long time = START;
        long nextTick = time + 250;
        for (int line = 0; line < REPORT.size(); line++) {
            for (int h = 0; h < HOSTS; h++) {
                if (line == 0 && firstLineLost.apply(h)) {
                    continue;
                }
                final long at = time + roundMillis * h / HOSTS;
                for (; nextTick < at; nextTick += 250) {
                    stitcher.advance(at, nextTick);
                }
                final String host = String.format(Locale.ROOT, "storm-%05d", h);
                for (final LogLine l : decoder.decode(REPORT.get(line).replace("storm-00000", host),
                        Instant.ofEpochMilli(at)).lines()) {
                    stitcher.accept(l, at, at);
                }
            }
            time += roundMillis;
        }
        for (int tick = 0; tick < 200; tick++, nextTick += 250) {
            stitcher.advance(time, nextTick);
        }
    }

    private Map<String, OomEvent> lastPerId() {
        return out.stream().collect(Collectors.toMap(OomEvent::eventId, Function.identity(), (a, b) -> b));
    }
}
