package io.oomstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bench's handle on an {@link E2eWorker}: one side of the end-to-end pairs in its own JVM, started once and
 * asked for one run at a time, so each side's later runs are warm from its own earlier ones only.
 */
final class ForkedSide implements AutoCloseable {

    private final String side;
    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final PrintStream log;

    private ForkedSide(final String side, final Process process, final PrintStream log) {
        this.side = side;
        this.process = process;
        this.log = log;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the worker for {@code side} ("identity" or "oomstream") with this JVM's class path and options. */
    static ForkedSide start(final String side, final StreamsBench bench, final PrintStream log) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(inheritedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(E2eWorker.class.getName());
        cmd.add(side);
        cmd.add(bench.bootstrapServers());
        cmd.add(bench.dir().toAbsolutePath().toString());
        for (final Map.Entry<String, String> s : bench.overrides().entrySet()) {
            cmd.add(s.getKey() + "=" + s.getValue());
        }
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ForkedSide(side, p, log);
    }

    /**
     * The parent's heap, collector, system-property and diagnostic options, so both sides run as the bench was
     * told to ({@code java -Xmx512m -jar ... bench}); agents and debuggers stay with the parent (a second one would
     * fight over its port).
     */
    static List<String> inheritedJvmOptions(final List<String> parent) {
        final List<String> out = new ArrayList<>();
        for (final String a : parent) {
            if ((a.startsWith("-X") || a.startsWith("-D")) && !a.startsWith("-Xdebug") && !a.startsWith("-Xrunjdwp")) {
                out.add(a);
            }
        }
        return out;
    }

    /** One run to the end of the input, in the worker; its JFR recording (if asked) dumped to {@code jfr}. */
    E2eWorker.Answer run(final String appId, final String name, final Duration settle, final Path jfr)
            throws IOException {
        final E2eWorker.Command c = new E2eWorker.Command(appId, name, settle.toMillis(),
                jfr == null ? null : jfr.toAbsolutePath().toString());
        commands.write(E2eWorker.JSON.writeValueAsString(c));
        commands.write('\n');
        commands.flush();
        for (String line = answers.readLine(); line != null; line = answers.readLine()) {
            if (line.startsWith(E2eWorker.RESULT)) {
                return E2eWorker.JSON.readValue(line.substring(E2eWorker.RESULT.length()), E2eWorker.Answer.class);
            }
            if (line.startsWith(E2eWorker.FAILED)) {
                throw new IllegalStateException(side + " worker: " + line.substring(E2eWorker.FAILED.length()));
            }
            log.println(line);
        }
        throw new IllegalStateException(side + " worker ended without an answer (exit code "
                + exitCodeWithin(Duration.ofSeconds(5)) + "); its stderr is above");
    }

    private String exitCodeWithin(final Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? String.valueOf(process.exitValue())
                    : "still running";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Ends the worker: end of its stdin, then up to a minute for its applications to close; then it is killed. */
    @Override
    public void close() {
        try {
            commands.close();
        } catch (final IOException e) {
            // the worker is gone already
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
