package io.oomstream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.HttpEndpoint;
import io.oomstream.metrics.Metrics;
import io.oomstream.metrics.SourceFieldCounters;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.SyslogDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Lines without a host or a time are counted per input layout, as the decoder names it. */
class SourceFieldCountingTest {

    private static final Instant RECEIVED = Instant.parse("2024-03-04T10:05:00Z");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final Metrics metrics = new Metrics();
    private final SourceFieldCounting counting = new SourceFieldCounting(metrics);
    private final SyslogDecoder decoder = new SyslogDecoder();

    @Test
    void shouldCountEachLayoutsLinesAndThoseWithoutHostOrTime() {
        count("Mar  4 10:00:01 web1 kernel: [5000.000001] Out of memory: Killed process 77 (java) total-vm:4kB, "
                + "anon-rss:3kB, file-rss:0kB, shmem-rss:0kB");
        count("[ 5000.000002] oom_reaper: reaped process 77 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        // A journal entry whose shipper lost _HOSTNAME (a renamed field): its time is there, its host is not.
        count("{\"__REALTIME_TIMESTAMP\":\"1709546401000000\",\"SYSLOG_IDENTIFIER\":\"kernel\","
                + "\"MESSAGE\":\"oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),task=java,pid=77,uid=0\"}");

        assertEquals(1, value(SourceFieldCounters.LINES, "rfc3164"));
        assertEquals(0, value(SourceFieldCounters.WITHOUT_HOST, "rfc3164"));
        assertEquals(0, value(SourceFieldCounters.WITHOUT_TIME, "rfc3164"));
        assertEquals(1, value(SourceFieldCounters.WITHOUT_HOST, "dmesg"), "plain dmesg names no host");
        assertEquals(1, value(SourceFieldCounters.WITHOUT_TIME, "dmesg"), "nor a wall-clock time");
        assertEquals(1, value(SourceFieldCounters.WITHOUT_HOST, "json_journald"));
        assertEquals(0, value(SourceFieldCounters.WITHOUT_TIME, "json_journald"));
        assertTrue(metrics.snapshot().stream().noneMatch(s -> "rfc5424".equals(s.labels().get("source"))),
                "only layouts seen are exported");
    }

    @Test
    void shouldExportTheCountersInAFormPromtoolAccepts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "skipped: " + PROMTOOL + " is missing");
        count("[ 5000.000002] oom_reaper: reaped process 77 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
        final String exposition = HttpEndpoint.renderPrometheus(metrics.snapshot(), null);
        assertTrue(exposition.contains("oomstream_source_lines_without_host_total{source=\"dmesg\"} 1"), exposition);

        final Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out + "\n" + exposition);
    }

    private void count(final String record) {
        final Decoded d = decoder.decode(record, RECEIVED);
        assertTrue(d.isOk() && !d.lines().isEmpty(), record + ": " + d.error());
        counting.count(d);
    }

    private long value(final String name, final String source) {
        return (long) metrics.snapshot().stream()
                .filter(s -> s.name().equals(name) && source.equals(s.labels().get("source")))
                .mapToDouble(Metrics.Sample::value).sum();
    }
}
