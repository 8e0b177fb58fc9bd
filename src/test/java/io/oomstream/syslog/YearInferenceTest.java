package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.error;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class YearInferenceTest {

    private static Instant timeOf(final String record, final DecoderOptions options, final Instant reference) {
        return single(new SyslogDecoder(options).decode(record, reference)).time();
    }

    private static List<Instant> times(final SyslogDecoder decoder, final String sample, final Instant reference) {
        return decodeAll(decoder, sample, reference).stream().map(d -> single(d).time()).toList();
    }

    @Test
    void shouldTakePreviousYearWhenDateIsMoreThanAMonthAfterReference() {
        final Instant received = at("2024-03-10T00:00:00Z");

        assertEquals(at("2023-10-21T18:51:01Z"),
                timeOf("Oct 21 18:51:01 h kernel: x", DecoderOptions.defaults(), received));
        assertEquals(at("2023-04-20T00:00:00Z"),
                timeOf("Apr 20 00:00:00 h kernel: x", DecoderOptions.defaults(), received));
    }

    @Test
    void shouldKeepReferenceYearWhenDateIsAtMostAMonthAfterReference() {
        final Instant received = at("2024-03-10T00:00:00Z");

        assertEquals(at("2024-03-11T00:00:00Z"),
                timeOf("Mar 11 00:00:00 h kernel: x", DecoderOptions.defaults(), received));
        assertEquals(at("2024-04-05T00:00:00Z"),
                timeOf("Apr  5 00:00:00 h kernel: x", DecoderOptions.defaults(), received));
    }

    @Test
    void shouldTakeNextYearForEarlyJanuaryLineReceivedOnNewYearsEve() {
        assertEquals(at("2025-01-01T00:00:01Z"),
                timeOf("Jan  1 00:00:01 h kernel: x", DecoderOptions.defaults(), at("2024-12-31T23:59:59Z")));
    }

    @Test
    void shouldRollOverToNextYearWhenStreamCrossesNewYear() {
        // Every record carries the same reference: only the stream state can order them.
        final List<Instant> times = times(new SyslogDecoder(), "rfc3164-new-year-rollover.log",
                at("2023-12-31T23:59:59Z"));

        assertEquals(List.of(at("2023-12-31T23:59:58Z"), at("2023-12-31T23:59:59Z"),
                at("2024-01-01T00:00:01Z"), at("2024-01-01T00:00:02Z")), times);
    }

    @Test
    void shouldRollOverFromYearOptionRegardlessOfReference() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2019, ZoneOffset.UTC));

        final List<Instant> times = times(decoder, "rfc3164-new-year-rollover.log", at("2025-06-01T00:00:00Z"));

        assertEquals(List.of(at("2019-12-31T23:59:58Z"), at("2019-12-31T23:59:59Z"),
                at("2020-01-01T00:00:01Z"), at("2020-01-01T00:00:02Z")), times);
    }

    @Test
    void shouldKeepStreamInOrderAcrossNewYearWithoutReference() {
        final List<Instant> times = times(new SyslogDecoder(), "rfc3164-new-year-rollover.log", null);

        final int decemberYear = times.get(1).atZone(ZoneOffset.UTC).getYear();
        assertEquals(decemberYear + 1, times.get(2).atZone(ZoneOffset.UTC).getYear());
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i).isAfter(times.get(i - 1)), () -> "out of order: " + times);
        }
        assertTrue(times.get(0).isBefore(Instant.now().plus(Duration.ofDays(32))), () -> "in the future: " + times);
    }

    @Test
    void shouldPutLateDecemberLineFromSlowHostBackIntoOldYear() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2023, ZoneOffset.UTC));

        final List<Instant> times = List.of(
                single(decoder.decode("Dec 31 23:59:59 fast kernel: a")).time(),
                single(decoder.decode("Jan  1 00:00:01 fast kernel: b")).time(),
                single(decoder.decode("Dec 31 23:59:58 slow kernel: c")).time(),
                single(decoder.decode("Jan  1 00:00:03 fast kernel: d")).time());

        assertEquals(List.of(at("2023-12-31T23:59:59Z"), at("2024-01-01T00:00:01Z"),
                at("2023-12-31T23:59:58Z"), at("2024-01-01T00:00:03Z")), times);
    }

    @Test
    void shouldReinferYearWhenStreamResumesMoreThanElevenMonthsAfterItsLastLine() {
        final SyslogDecoder decoder = new SyslogDecoder();
        assertEquals(at("2023-10-21T00:00:00Z"),
                single(decoder.decode("Oct 21 00:00:00 h kernel: a", at("2024-03-10T00:00:00Z"))).time());

        final Instant resumed = single(decoder.decode("Oct 22 00:00:00 h kernel: b", at("2025-10-23T00:00:00Z"))).time();

        assertEquals(at("2025-10-22T00:00:00Z"), resumed);
    }

    @Test
    void shouldUseYearOptionForFirstLine() {
        assertEquals(at("2019-10-21T18:51:01Z"), timeOf("Oct 21 18:51:01 h kernel: x",
                new DecoderOptions(2019, null), at("2024-03-10T00:00:00Z")));
    }

    @Test
    void shouldResolveFebruary29ToLatestLeapYear() {
        assertEquals(at("2024-02-29T12:00:00Z"),
                timeOf("Feb 29 12:00:00 h kernel: x", DecoderOptions.defaults(), at("2025-03-10T00:00:00Z")));
    }

    @Test
    void shouldRejectFebruary29WhenYearOptionIsNotLeap() {
        final SyslogDecoder decoder = new SyslogDecoder(new DecoderOptions(2023, null));

        assertEquals(SyslogDecoder.NO_LAYOUT, error(decoder.decode("Feb 29 12:00:00 h kernel: x")));
    }

    @Test
    void shouldReadYearlessTimeInZoneOption() {
        final DecoderOptions berlin = new DecoderOptions(2023, ZoneId.of("Europe/Berlin"));

        assertEquals(at("2023-10-21T16:51:01Z"), timeOf("Oct 21 18:51:01 h kernel: x", berlin, null));
        assertEquals(at("2023-01-15T11:00:00Z"), timeOf("Jan 15 12:00:00 h kernel: x", berlin, null));
    }
}
