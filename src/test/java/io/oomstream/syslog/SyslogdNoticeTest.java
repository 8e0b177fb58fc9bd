package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * sysklogd's own {@code last message repeated 3 times} has a time and a host but no tag. In the LKML kern.log of
 * real-reports (2.4.14pre3aa2) two such lines follow allocation failures: main's jar joined each onto the line before
 * as its wrapped rest (two false {@code line_unwrapped}), and once the 2.4 lines were read they became undecodable
 * records. They are syslogd's lines: decoded, neither joined nor undecodable.
 */
class SyslogdNoticeTest {

    @Test
    void shouldReadSyslogdsRepeatNoticeAsALineOfItsOwn() throws IOException {
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), Fixtures.OPTIONS, e -> { });
        analysis.read(new BufferedReader(new StringReader(Fixtures.read(
                "real-reports/lkml-2.4.14-kern-log-vm-killing-process-four-kills-last-message-repeated.log"))),
                ProgressListener.NONE);
        analysis.finish();

        assertEquals(0, analysis.summary().undecodable());
        assertEquals(14, analysis.summary().lines());
        assertEquals(0L, analysis.summary().repairCounts().getOrDefault(Repair.LINE_UNWRAPPED, 0L));
    }
}
