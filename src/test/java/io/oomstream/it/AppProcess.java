package io.oomstream.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code oomstream run} in a child JVM, so a test can kill it the hard way (SIGKILL: no
 * commit, no store flush, no leave-group), exactly as a crashed host would.
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AppProcess(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    static AppProcess start(final Path workDir, final String name, final Map<String, String> settings) throws IOException {
        return start(workDir, name, settings, List.of("-Xmx384m"));
    }

    /** {@code run} in a JVM started with {@code jvmArgs} (heap and off-heap limits, for instance). */
    static AppProcess start(final Path workDir, final String name, final Map<String, String> settings,
                            final List<String> jvmArgs) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.oomstream.app.Main");
        cmd.add("run");
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        Files.createDirectories(workDir);
        final Path log = workDir.resolve(name + ".log");
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("OOMSTREAM_") || k.startsWith("KAFKA_"));
        return new AppProcess(pb.start(), log);
    }

    /** SIGKILL. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then wait for the graceful shutdown; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; its exit status, or -1 if it still runs after {@code timeout}. */
    int awaitExit(final java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** The operating-system process id (for /proc readings). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (final IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
