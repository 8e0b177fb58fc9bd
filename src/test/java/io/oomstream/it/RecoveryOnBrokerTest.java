package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.topology.TopicPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Recovery as an operator sees it: what a crash, a restart and a second instance on one state dir print. */
@Tag("broker")
@Timeout(300)
class RecoveryOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    /**
     * A crash (SIGKILL) with a report half read, a second instance started on the state directory the first
     * holds, then a restart as the same static member: the twin stops with one line, the restart restores with one
     * line per task and no stack trace, and it takes its partitions back without waiting for the session timeout
     * of the member that crashed (the group would otherwise hold them until that member expired).
     */
    @Test
    void shouldRecoverQuietlyAndQuicklyAsTheSameStaticMember() throws Exception {
        final Duration session = Duration.ofSeconds(90);
        final Map<String, String> settings = settings("rec", work.resolve("state"), Map.of(
                AppConfig.INSTANCE_ID, "rec-a", "consumer.session.timeout.ms", Long.toString(session.toMillis())));
        final List<String> report = StreamsOnBrokerTest.report("rec01", 5000, 4242, "java");
        try (AppProcess first = AppProcess.start(work, "first", settings)) {
            TopicIO.produceLines(KAFKA.bootstrapServers(), "rec.in", report.subList(0, 8));
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), "rec", "rec.in", Duration.ofSeconds(90));
            try (AppProcess twin = AppProcess.start(work, "twin", settings)) {
                assertEquals(1, twin.awaitExit(Duration.ofSeconds(60)), "a non-zero exit\n" + twin.log());
                final List<String> lines = twin.log().lines().filter(l -> !l.isBlank()).toList();
                assertEquals(List.of("oomstream run: state directory " + work.resolve("state") + " is in use by "
                        + "another oomstream instance; stop it, or give each instance its own oomstream.state.dir"),
                        lines.stream().filter(l -> !l.contains("is under the temp directory")).toList(),
                        "one line, no stack trace");
            }
            first.kill();
        }
        final long restarted = System.nanoTime();
        try (AppProcess second = AppProcess.start(work, "second", settings)) {
            TopicIO.produceLines(KAFKA.bootstrapServers(), "rec.in", report.subList(8, report.size()));
            // Upsert by event_id: out with its kill line, again with its reaper line; the last version counts.
            final List<OomEvent> events = TopicIO.awaitLatest(KAFKA.bootstrapServers(), "rec.events",
                    Duration.ofSeconds(120), ev -> ev.stream().anyMatch(e -> Boolean.TRUE.equals(e.reaped())));
            final Duration took = Duration.ofNanos(System.nanoTime() - restarted);
            assertEquals(1, events.size(), "one event id: " + events);
            assertEquals(report.size(), events.get(0).lineCount(), "lines from before and after the crash");
            assertTrue(took.compareTo(session) < 0, "back within " + took.toSeconds() + " s, before the crashed "
                    + "member's session of " + session.toSeconds() + " s ran out\n" + second.log());
            assertEquals(143, second.terminate());
            final String log = second.log();
            assertFalse(log.contains("\tat "), "no stack trace:\n" + log);
            assertFalse(log.contains("ERROR"), log);
            assertTrue(log.lines().anyMatch(l -> l.contains("restored task 1_")), "one line per restored task:\n"
                    + log);
            System.out.println("restart to first event: " + took.toMillis() + " ms\n" + log);
        }
    }

    /** Idle timeout 5 min: a report must come out because its lines arrived, never because a slow machine paused. */
    private Map<String, String> settings(final String prefix, final Path stateDir, final Map<String, String> extra) {
        final Map<String, String> s = new HashMap<>(Map.of(AppConfig.IDLE_TIMEOUT_MS, "300000"));
        s.putAll(extra);
        return AppSettings.of(KAFKA, prefix, stateDir, s);
    }
}
