package io.oomstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side of the end-to-end pairs (identity or oomstream) in a JVM of its own, against the bench's broker.
 *
 * <p>Why a process per side: run in one JVM, the two topologies, the broker and the producers share the JIT's
 * profiles of the Kafka client code they all call (record parsing, the producer's send path, the serdes' call sites),
 * the heap and its collector. Each side's runs then read the other side's history: in the twelfth session the
 * identity runs sped up and oomstream's slowed from pair to pair, and alone in a JVM each side ran steadier and
 * faster than alternated in one. An application runs alone in its JVM in production; so it does here (JMH forks
 * for the same reason). The worker keeps its JVM from run to run, so its later runs are warm, as before.
 *
 * <p>Protocol (parent: {@link ForkedSide}): one command per line on stdin, a JSON object {@link Command}; one
 * answer per command on stdout, {@code RESULT <json of Answer>} or {@code FAILED <message>}. Everything else the
 * process prints goes to stderr (the bench's progress). End of stdin ends the worker.
 */
public final class E2eWorker {

    static final String RESULT = "RESULT ";
    static final String FAILED = "FAILED ";
    static final ObjectMapper JSON = new ObjectMapper();

    /** What to run: an application id, the name the progress shows, how long to keep it running after its input. */
    record Command(String appId, String name, long settleMillis, String jfr) {
    }

    /** A run and this process's memory high-water marks during it (bytes; the application alone, no broker). */
    record Answer(StreamsBench.Run run, long heapAfterGcPeak, long heapUsedPeak, long rssPeak) {
    }

    private E2eWorker() {
    }

    /**
     * @param args side ({@code identity} or {@code oomstream}), bootstrap servers, working directory, then the
     *             bench's {@code --set} settings as KEY=VALUE
     */
    public static void main(final String[] args) throws Exception {
        final PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // a stray print must not break the protocol
        // A bench stopped by Ctrl-C or killed leaves no worker behind, even in the middle of a run.
        ProcessHandle.current().parent().ifPresent(bench -> bench.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        final boolean identity = switch (args[0]) {
            case "identity" -> true;
            case "oomstream" -> false;
            default -> throw new IllegalArgumentException("side must be identity or oomstream: " + args[0]);
        };
        final Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            final int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (StreamsBench bench = StreamsBench.connect(args[1], Path.of(args[2]), System.err);
             MemorySampler memory = new MemorySampler();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            bench.override(settings);
            final E2eSides sides = new E2eSides.InProcess(bench, memory);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                final Command c = JSON.readValue(line, Command.class);
                try {
                    protocol.println(RESULT + JSON.writeValueAsString(run(sides, identity, c, memory)));
                } catch (final Exception e) {
                    e.printStackTrace(System.err);
                    protocol.println(FAILED + String.valueOf(e).replace('\n', ' '));
                }
            }
        }
    }

    /** One run, as {@link E2eSides.InProcess} runs it in this JVM; the memory marks are this run's own. */
    private static Answer run(final E2eSides sides, final boolean identity, final Command c,
                              final MemorySampler memory) throws Exception {
        final Path jfr = c.jfr() == null ? null : Path.of(c.jfr());
        final StreamsBench.Run run = identity ? sides.identity(c.appId(), c.name(), jfr)
                : sides.oomstream(c.appId(), c.name(), Duration.ofMillis(c.settleMillis()), jfr);
        // runOomToEnd armed the sampler from zero for this run (an identity run's marks are not read).
        return new Answer(run, memory.heapAfterGcPeak(), memory.heapUsedPeak(), memory.rssPeak());
    }
}
