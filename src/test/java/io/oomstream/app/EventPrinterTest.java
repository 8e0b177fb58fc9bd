package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Victim;
import org.junit.jupiter.api.Test;

/** The demo's lines: fixed columns with the host last, so a long host name never pushes a column. */
class EventPrinterTest {

    @Test
    void eventColumnsStayAlignedWhateverTheHostsLength() {
        final String shortHost = EventPrinter.line(kill("db1", "mysqld", 4242), true);
        final String longHost = EventPrinter.line(kill("k8s-node-0011.dc3.example.com.very-long-suffix", "java", 7),
                true);
        assertEquals("2026-11-02 14:11:02  kernel OOM kill       mysqld (pid 4242)  on db1", shortHost);
        assertEquals(shortHost.indexOf("mysqld"), longHost.indexOf("java"), longHost);
    }

    @Test
    void aGroupKillAndAnIncompleteReportSaySo() {
        final OomEvent e = kill("batch-03", "worker", 9122).toBuilder().invocationId("x").invocationRank(2)
                .complete(false).incompleteReason(io.oomstream.event.IncompleteReason.IDLE_TIMEOUT).build();
        assertTrue(EventPrinter.line(e, false).endsWith("worker (pid 9122)  [group kill 2]  [incomplete: "
                + "idle_timeout]"), EventPrinter.line(e, false));
    }

    private static OomEvent kill(final String host, final String name, final int pid) {
        return OomEvent.builder().eventId(host + pid).kind(EventKind.OOM_KILL).host(host).time("2026-11-02T14:11:02Z")
                .complete(true).victim(new Victim(pid, name, null, null, null, null, null, null, null, null, null,
                        null, null)).build();
    }
}
