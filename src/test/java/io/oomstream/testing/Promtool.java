package io.oomstream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's promtool (package prometheus; .ci/run installs it): the reference parser and linter of /metrics. */
public final class Promtool {

    public static final Path BINARY = Path.of("/usr/bin/promtool");
    /** Why a test is skipped without it. */
    public static final String MISSING = "skipped: " + BINARY + " is missing (apt-get install prometheus; .ci/run installs it)";

    private Promtool() {
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** The outcome of {@code promtool check metrics}: its exit code and what it printed. */
    public record Result(int exitCode, String output) {
    }

    /** Pipes a Prometheus text exposition through {@code promtool check metrics} (parse plus lint). */
    public static Result checkMetrics(final String exposition) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(BINARY.toString(), "check", "metrics").redirectErrorStream(true).start();
        final Thread writer = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            } catch (final IOException e) {
                // promtool stopped reading: its exit code and output say why
            }
        });
        writer.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish in 60 s");
        }
        writer.join();
        return new Result(p.exitValue(), out);
    }
}
