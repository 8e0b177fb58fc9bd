package io.oomstream.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the record decoder through both entry points (String and UTF-8 bytes), with and without the kernel's
 * program filter. The fuzzer picks one of the layouts' headers so every parser is reached, then appends its text;
 * records go through one decoder in sequence, so continuation and year state are fuzzed too.
 *
 * <p>Regression inputs: src/test/resources/io/oomstream/fuzz/SyslogDecoderFuzzTestInputs/&lt;method&gt;/.
 * The {@code @Timeout} is Jazzer's per-input timeout in fuzzing mode (libFuzzer {@code -timeout}); in the regression
 * run it bounds each corpus input.
 */
class SyslogDecoderFuzzTest {

    /** One header per input layout the decoder knows (README "Input formats"), plus none. */
    static final String[] HEADERS = {
        "",
        "Dec  4 16:20:11 cache-09 kernel: [611203.771230] ",
        "<4>Dec  4 16:20:11 cache-09 kernel: ",
        "<6>1 2026-12-04T16:20:11.123456+00:00 web-1 kernel - - - ",
        "<6>1 2026-12-04T16:20:11Z web-1 kernel - - [meta x=\"1\"] ",
        "2026-12-04T16:20:11.771230+00:00 web-1 kernel: [611203.771230] ",
        "Dec 04 16:20:11.771230 web-1 kernel: ",
        "[  611203.771230] ",
        "[Fri Dec  4 16:20:11 2026] ",
        "kern  :warn  : [611203.771230] ",
        "[611203.771230] [ T1234] ",
        "kernel: ",
        "systemd[1]: ",
        "{\"timestamp\":\"2026-12-04T16:20:11.771230+00:00\",\"host\":\"web-1\",\"programname\":\"kernel\",\"msg\":\"",
        "{\"__REALTIME_TIMESTAMP\":\"1764865211771230\",\"_HOSTNAME\":\"web-1\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"_BOOT_ID\":\"b\",\"MESSAGE\":\"",
        "{\"date\":1764865211.77,\"host\":\"web-1\",\"ident\":\"kernel\",\"message\":\"",
        "  ",
    };

    private static final Instant REFERENCE = Instant.parse("2026-12-06T00:00:00Z");

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodeString(final FuzzedDataProvider data) {
        final SyslogDecoder decoder = new SyslogDecoder();
        final boolean filtered = data.consumeBoolean();
        final ProgramFilter filter = filtered ? ProgramFilter.OOM_RELEVANT : ProgramFilter.EVERY_PROGRAM;
        final int records = data.consumeInt(1, 4);
        for (int i = 0; i < records && data.remainingBytes() > 0; i++) {
            final String header = data.pickValue(HEADERS);
            final String body = i == records - 1 ? data.consumeRemainingAsString() : data.consumeString(400);
            FuzzInvariants.checkDecoded(decoder.decode(header + body, REFERENCE, filter));
        }
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decodeBytes(final byte[] record) {
        // Raw bytes as a Kafka record value: invalid UTF-8, NULs and the ASCII-JSON fast path all reachable.
        FuzzInvariants.checkDecoded(new SyslogDecoder().decode(record, REFERENCE, ProgramFilter.OOM_RELEVANT));
        FuzzInvariants.checkDecoded(new SyslogDecoder().decode(record, REFERENCE, ProgramFilter.EVERY_PROGRAM));
    }
}
