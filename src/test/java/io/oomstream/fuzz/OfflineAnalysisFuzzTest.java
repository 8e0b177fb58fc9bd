package io.oomstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Victim;
import io.oomstream.kernel.LineKind;
import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.DecoderOptions;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the whole offline path, decoder then stitcher then assembler ({@link OfflineAnalysis}, what {@code analyze}
 * runs), over fuzzed text of many records. Raw bytes so the corpus can hold real log files as they are (seeded from
 * src/test/resources/kernel-logs).
 *
 * <p>Invariants: nothing escapes; every event has an id and a kind; no event at all from text without a single
 * OOM-report line; no event names a victim unless the text holds a line naming a killed or selected process; no event
 * is handed out twice.
 */
class OfflineAnalysisFuzzTest {

    private static final DecoderOptions OPTIONS = new DecoderOptions(2026, ZoneOffset.UTC);

    /** One reference time for every input: the clock is not what is fuzzed (OfflineAnalysis.read takes one per input). */
    private static final Instant RECEIVED = Instant.parse("2026-12-06T12:00:00Z");

    /**
     * Each record is decoded once, as {@code analyze} decodes it (the program filter included), and the same result is
     * both checked (caps, kinds) and stitched: the kinds are those of the very lines the stitcher was given.
     */
    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void analyze(final byte[] input) {
        final String text = new String(input, StandardCharsets.UTF_8);
        final String[] records = text.split("\n", -1);
        final List<OomEvent> events = new ArrayList<>();
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), OPTIONS, events::add);
        final SyslogDecoder decoder = new SyslogDecoder(OPTIONS);
        final Set<LineKind> kinds = EnumSet.noneOf(LineKind.class);
        for (final String record : records) {
            final DecodeResult result = decoder.decode(record, RECEIVED, ProgramFilter.OOM_RELEVANT);
            FuzzInvariants.checkDecoded(result, kinds::add);
            analysis.accept(record, result);
        }
        analysis.finish();

        final boolean anyReportLine = kinds.stream().anyMatch(k -> k != LineKind.OTHER && k != LineKind.BLANK);
        final boolean anyKillLine = kinds.stream().anyMatch(FuzzInvariants.KILL_NAMING::contains);
        final Set<String> ids = new HashSet<>();
        for (final OomEvent e : events) {
            assertNotNull(e.eventId(), "event without id");
            assertNotNull(e.kind(), "event without kind");
            assertTrue(ids.add(e.eventId()), () -> "event handed out twice: " + e.eventId());
            if (!anyReportLine) {
                fail("event " + e.kind() + " from text holding no OOM-report line");
            }
            if (!anyKillLine && namesVictim(e.victim())) {
                fail("event " + e.kind() + " names victim " + e.victim() + " but the text holds no kill line");
            }
        }
        assertEquals(events.size(), ids.size());
    }

    private static boolean namesVictim(final Victim v) {
        return v != null && (v.pid() != null || v.name() != null || v.selectedPid() != null);
    }
}
