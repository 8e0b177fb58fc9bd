package io.oomstream.syslog;

import static io.oomstream.syslog.SyslogSamples.at;
import static io.oomstream.syslog.SyslogSamples.decodeAll;
import static io.oomstream.syslog.SyslogSamples.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dmesg -H} / {@code dmesg -e} (util-linux DMESG_TIMEFTM_RELTIME: {@code "[%s] "} of {@code "%b%d %H:%M"} at a
 * new minute, else {@code "[  %+8.06f] "} or {@code "[ %+9.06f] "}): every line is kept, as a bare kernel line.
 */
class DmesgRelTimeDecodingTest {

    @Test
    void shouldKeepEveryLineOfAReltimeListingAsABareKernelLine() {
        final List<Decoded> lines = decodeAll(new SyslogDecoder(), "dmesg-reltime.log", at("2026-12-31T12:00:00Z"));
        // The CPU line (the kernel version) and the call trace were undecodable: no grammar line behind a prefix.
        assertEquals(new LogLine(null, null, null, null,
                "CPU: 7 PID: 9131 Comm: worker Not tainted 5.15.0-105-generic #115-Ubuntu", null, null,
                SourceFormat.DMESG), single(lines.get(1)));
        assertEquals("Call Trace:", single(lines.get(3)).message());
        // A minute's stamp is no time to the second: none is given.
        assertEquals(new LogLine(null, null, null, null, "worker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), "
                + "order=0, oom_score_adj=0", null, null, SourceFormat.DMESG), single(lines.get(0)));
        assertEquals(SourceFormat.DMESG, single(lines.get(4)).format());
    }
}
