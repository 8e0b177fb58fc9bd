package io.oomstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.GroundTruth;
import io.oomstream.loadgen.OutputFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end pairs of {@code bench} run each side in a JVM of its own against the bench's broker: each worker
 * starts from this JVM's class path, runs its topology to the end of the input this JVM produced and measures its
 * own stream thread; the real application's events reach this JVM's broker. No speed is asserted.
 */
class E2eWorkerOnBrokerTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunEachSideInItsOwnJvmToTheEndOfTheInput() throws Exception {
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (StreamsBench kafka = StreamsBench.start(dir, log)) {
            final AppConfig e2e = kafka.config("bench-oom", StreamsBench.E2E_PREFIX, true);
            kafka.createTopics(e2e, StreamsBench.oom(e2e));
            kafka.createTopic(StreamsBench.IDENTITY_OUT);
            final GroundTruth truth = kafka.produce(e2e.inputTopic(), GeneratorConfig.defaults().withLines(30_000)
                    .withHosts(40).withOomRate(1.0).withFormat(OutputFormat.JSON).withSeed(7), true);

            final StreamsBench.Run identity;
            final StreamsBench.Run oomstream;
            final long heapUsed;
            try (E2eSides sides = new E2eSides.Forked(kafka, log)) {
                identity = sides.identity("bench-identity-t", "identity", null);
                oomstream = sides.oomstream("bench-oom-t", "oomstream", Duration.ofSeconds(1), null);
                heapUsed = sides.marks().heapUsedPeak();
            }

            assertEquals(30_000, identity.records(), "identity read the whole input");
            assertEquals(30_000, oomstream.records(), "oomstream read the whole input");
            // CPU time is found by thread name in the JVM that measures: only the workers' JVMs had these threads.
            assertTrue(identity.streamThreadCpuSeconds() > 0, "identity's stream thread measured in its worker");
            assertTrue(oomstream.streamThreadCpuSeconds() > 0, "oomstream's stream thread measured in its worker");
            assertEquals(List.of(), streamThreadsHere(), "no stream thread ran in the bench's own JVM");
            assertTrue(heapUsed > 0, "the worker reported its memory marks");
            assertTrue(truth.kills() > 0, truth.render());
            assertEquals(truth.kills(), kafka.countEvents(e2e.eventsTopic()).found(truth.victimPidsByHost()),
                    "every generated kill came out of the oomstream worker as an event");
        }
    }

    @Test
    void shouldSayWhichWorkerFailedAndWhy() throws Exception {
        final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (StreamsBench kafka = StreamsBench.start(dir, log);
             E2eSides sides = new E2eSides.Forked(kafka, log)) {
            kafka.override(java.util.Map.of("oomstream.reorder", "sometimes")); // not a value the setting takes

            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> sides.oomstream("bench-oom-bad", "oomstream", Duration.ZERO, null));

            assertTrue(e.getMessage().startsWith("oomstream worker: "), e.getMessage());
            assertTrue(e.getMessage().contains("oomstream.reorder"), e.getMessage());
        }
    }

    @Test
    void shouldPassHeapAndPropertiesButNotDebuggersToTheWorkers() {
        assertEquals(List.of("-Xmx512m", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                ForkedSide.inheritedJvmOptions(List.of("-Xmx512m", "-XX:+UseG1GC",
                        "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/x.jar",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Xdebug")));
    }

    private static List<String> streamThreadsHere() {
        return Arrays.stream(ManagementFactory.getThreadMXBean().getThreadInfo(
                        ManagementFactory.getThreadMXBean().getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().startsWith("bench-") && t.getThreadName().contains("-StreamThread-"))
                .map(java.lang.management.ThreadInfo::getThreadName).toList();
    }
}
