package io.oomstream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The stitching peer a user would configure instead of oomstream: syslog-ng (Debian's syslog-ng-core) with a
 * {@code grouping-by()} parser that correlates one host's kernel lines until the kill line and emits them as one
 * aggregated message. It runs as a subprocess in the foreground on a pipe (its {@code stdin()} source refuses a
 * regular file), and only the aggregates reach its output file, so what is timed is parsing, correlating and
 * writing the stitched reports. See /work/shared/reference/peers-on-this-machine.md for the recipe.
 */
final class SyslogNgPeer {

    /** Where Debian installs it, then the PATH. */
    private static final List<String> CANDIDATES = List.of("/usr/sbin/syslog-ng", "/usr/bin/syslog-ng");
    /**
     * A private copy unpacked from Debian's package ({@code scripts/syslog-ng-private.sh}): Debian's syslog-ng-core
     * conflicts with rsyslog, which the tests need, so both live on one machine only this way.
     */
    static final String PRIVATE_HOME_ENV = "OOMSTREAM_SYSLOG_NG_HOME";
    private static final Path DEFAULT_PRIVATE_HOME =
            Path.of(System.getProperty("user.home"), ".cache", "oomstream", "syslog-ng");
    private static final long TIMEOUT_MINUTES = 10;

    /** One run: wall seconds from start to exit (startup included), and how many aggregated reports it wrote. */
    record Run(double seconds, long aggregates) {
    }

    private final Path binary;
    private final Path work;
    /** The unpacked package's root for a private copy (its libraries and modules live there); null if installed. */
    private final Path privateRoot;

    private SyslogNgPeer(final Path binary, final Path work, final Path privateRoot) {
        this.binary = binary;
        this.work = work;
        this.privateRoot = privateRoot;
    }

    /** The peer, or empty when syslog-ng is neither installed nor unpacked privately. */
    static Optional<SyslogNgPeer> find(final Path work) {
        final String home = System.getenv(PRIVATE_HOME_ENV);
        final Path root = home == null || home.isBlank() ? DEFAULT_PRIVATE_HOME : Path.of(home);
        if (Files.isExecutable(root.resolve("usr/sbin/syslog-ng"))) {
            return Optional.of(new SyslogNgPeer(root.resolve("usr/sbin/syslog-ng"), work, root));
        }
        for (final String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return Optional.of(new SyslogNgPeer(Path.of(c), work, null));
            }
        }
        final String path = System.getenv("PATH");
        if (path != null) {
            for (final String dir : path.split(java.io.File.pathSeparator)) {
                final Path p = Path.of(dir, "syslog-ng");
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return Optional.of(new SyslogNgPeer(p, work, null));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The configuration: one correlation context per host, kernel lines only, closed by the kill line, the context's
     * messages concatenated into one. Only a message holding both the report's first lines and its kill line (an
     * aggregate; no single line does) is written out.
     */
    static String config(final Path out) {
        return "@version: 3.38\n"
                + "options { keep-timestamp(yes); keep-hostname(yes); stats-freq(0); };\n"
                + "source s { stdin(); };\n"
                + "parser p_oom { grouping-by(key(\"${HOST}\") scope(\"host\")\n"
                + "    trigger(match(\"Killed process\" value(\"MESSAGE\")))\n"
                + "    where(program(\"kernel\"))\n"
                + "    aggregate(value(\"MESSAGE\" \"$(list-concat $(context-values ${MESSAGE}))\") "
                + "inherit-mode(context))\n"
                + "    timeout(5)); };\n"
                + "filter f_report { match(\"Killed process\" value(\"MESSAGE\")) "
                + "and match(\"invoked oom-killer\" value(\"MESSAGE\")); };\n"
                + "destination d { file(\"" + out.toAbsolutePath() + "\" template(\"${HOST} ${MESSAGE}\\n\")); };\n"
                + "log { source(s); parser(p_oom); filter(f_report); destination(d); };\n";
    }

    /** Runs syslog-ng over {@code input} (RFC 3164 lines with a PRI) until it exits at the end of its input. */
    Run run(final Path input) throws IOException, InterruptedException {
        final Path out = work.resolve("syslog-ng-out.log");
        Files.deleteIfExists(out);
        final Path conf = work.resolve("syslog-ng.conf");
        Files.writeString(conf, config(out));
        final Path state = Files.createDirectories(work.resolve("syslog-ng-state"));
        final List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "-F", "-f", conf.toString(),
                "-R", state.resolve("persist").toAbsolutePath().toString(),
                "-p", state.resolve("pid").toAbsolutePath().toString(),
                "-c", state.resolve("ctl").toAbsolutePath().toString()));
        if (privateRoot != null) {
            command.add("--module-path=" + modules(privateRoot));
        }
        final ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("syslog-ng-console.log").toFile());
        if (privateRoot != null) {
            pb.environment().put("LD_LIBRARY_PATH", privateRoot.resolve("usr/lib/syslog-ng").toString());
        }
        final long t0 = System.nanoTime();
        final Process p = pb.start();
        try (InputStream in = Files.newInputStream(input); OutputStream pipe = p.getOutputStream()) {
            in.transferTo(pipe);
        } catch (final IOException e) {
            // syslog-ng closed its end early: it failed; its exit code and console say why.
        }
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("syslog-ng did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        final double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IOException("syslog-ng exited with " + p.exitValue() + ": "
                    + Files.readString(work.resolve("syslog-ng-console.log"), StandardCharsets.UTF_8).strip());
        }
        return new Run(seconds, Files.exists(out) ? countLines(out) : 0);
    }

    /** Where the binary runs from, for the bench's log. */
    Path binary() {
        return binary;
    }

    /** The private copy's module directory: the versioned one under usr/lib/syslog-ng (e.g. 3.38). */
    private static Path modules(final Path root) throws IOException {
        try (var dirs = Files.list(root.resolve("usr/lib/syslog-ng"))) {
            return dirs.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("no module directory under " + root.resolve("usr/lib/syslog-ng")));
        }
    }

    /** The corpus as syslog-ng's stdin() source needs it: each line with a {@code <PRI>} (user.notice). */
    static void writeWithPri(final byte[] corpus, final Path file) {
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            final byte[] pri = "<13>".getBytes(StandardCharsets.US_ASCII);
            int start = 0;
            for (int i = 0; i < corpus.length; i++) {
                if (corpus[i] == '\n') {
                    o.write(pri);
                    o.write(corpus, start, i + 1 - start);
                    start = i + 1;
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long countLines(final Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }
}
