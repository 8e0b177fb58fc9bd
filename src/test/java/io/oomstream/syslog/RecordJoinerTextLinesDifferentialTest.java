package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.loadgen.OutputFormat;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze}'s filter ({@link ProgramFilter#OOM_REPORT_TEXT_LINES}: kernel and systemd text lines the grammar
 * reads as no report line come out of the String decode as ordinary lines) against the program filter it replaced
 * ({@link ProgramFilter#OOM_RELEVANT}: such lines decoded in full), through a {@link RecordJoiner} over every fixture
 * and generated fleet logs, as they stand and hard-wrapped at 72 columns (a paste: the joiner's repairs must join the
 * cut kernel lines, chatter and report lines alike, as it did): the same records go out in the same order, each
 * passed-over line is the full decode's line, no report line is passed over, and the same repairs are counted.
 */
class RecordJoinerTextLinesDifferentialTest {

    private static final Instant RECEIVED = Instant.parse("2024-03-02T00:00:00Z");
    private static final int WRAP = 72;

    /** What the joiner gave, with a passed-over line replaced by the full decode's line it stands for. */
    private record Out(String record, Object result) {
    }

    private static long passedOver;

    private static Map<Repair, Long> join(final List<String> records, final ProgramFilter filter,
                                          final List<Out> out) {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2024, ZoneOffset.UTC));
        final RecordJoiner joiner = new RecordJoiner(decoder, filter);
        final RecordJoiner.Sink sink = (record, result) -> {
            if (result instanceof SyslogOrdinaryLine o && o.ofProgramThatMayMatter()) {
                passedOver++;
                out.add(new Out(record, new Decoded(List.of(o.toLogLine()), null)));
            } else if (result instanceof OrdinaryLine o) {
                out.add(new Out(record, "ordinary " + o.host() + " " + (o.hasTime() ? o.epochMillis() : "-")));
            } else {
                out.add(new Out(record, result));
            }
        };
        for (final String record : records) {
            joiner.accept(record, RECEIVED, sink);
        }
        joiner.finish(sink);
        return decoder.repairs().asMap();
    }

    private static void compare(final String name, final List<String> records) {
        final List<Out> full = new ArrayList<>();
        final List<Out> fast = new ArrayList<>();
        final Map<Repair, Long> fullRepairs = join(records, ProgramFilter.OOM_RELEVANT, full);
        final long before = passedOver;
        final Map<Repair, Long> fastRepairs = join(records, ProgramFilter.OOM_REPORT_TEXT_LINES, fast);
        assertEquals(full.size(), fast.size(), name + ": records out");
        for (int i = 0; i < full.size(); i++) {
            assertEquals(full.get(i), fast.get(i), name + ": record " + i);
        }
        assertEquals(fullRepairs, fastRepairs, name + ": repairs");
        assertTrue(passedOver >= before);
    }

    /** Every line cut into pieces of {@link #WRAP} chars, as a mail client's hard wrap leaves a pasted log. */
    private static List<String> hardWrapped(final List<String> records) {
        final List<String> wrapped = new ArrayList<>();
        for (final String r : records) {
            int from = 0;
            do {
                wrapped.add(r.substring(from, Math.min(r.length(), from + WRAP)));
                from += WRAP;
            } while (from < r.length());
        }
        return wrapped;
    }

    @Test
    void shouldJoinAndPassOnTheSameRecordsAsTheFullDecodeOnFixturesAndGeneratedLogsWrappedOrNot() throws IOException {
        passedOver = 0;
        int inputs = 0;
        for (final List<String> fixture : DecoderCorpora.fixtures()) {
            compare("fixture " + inputs, fixture);
            compare("fixture " + inputs + " wrapped", hardWrapped(fixture));
            inputs++;
        }
        final long inFixtures = passedOver;
        for (final OutputFormat format : OutputFormat.values()) {
            final List<String> log = DecoderCorpora.generated(format, 5).subList(0, 5_000);
            compare(format.toString(), log);
            compare(format + " wrapped", hardWrapped(log));
        }
        System.out.printf("RecordJoinerTextLinesDifferentialTest: %d fixtures, %,d lines passed over (%,d in fixtures)%n",
                inputs, passedOver, inFixtures);
        assertTrue(inFixtures > 50, inFixtures + " lines passed over in fixtures");
        // The generated fleet logs' kernel and systemd chatter: thousands of lines, or the fast path stopped working.
        assertTrue(passedOver - inFixtures > 1_000, (passedOver - inFixtures) + " lines passed over in generated logs");
    }
}
