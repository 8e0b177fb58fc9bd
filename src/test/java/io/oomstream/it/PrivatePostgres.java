package io.oomstream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster of Debian's {@code postgresql-15} binaries, private to one test: initdb into
 * a temporary directory, the server on a free loopback port with its unix socket in that directory, trust
 * authentication for the superuser {@code postgres}. Nothing of a system cluster is touched. Run as root (as
 * CI does), the server runs as the OS user {@code postgres} (initdb refuses root) through {@code runuser}.
 *
 * <p>pg_ctl daemonizes the postmaster, so after {@link #close()} it may linger as a zombie where PID 1 does not
 * reap orphans (this sandbox); it has exited and holds no port or file.
 */
final class PrivatePostgres implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String SUPERUSER = "postgres";

    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(final Path dir, final int port, final boolean asPostgresUser) {
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Whether the binaries are installed ({@code apt-get install postgresql}). */
    static boolean installed() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    /** initdb, start, and create {@code database}. */
    static PrivatePostgres start(final String database) throws IOException, InterruptedException, SQLException {
        final boolean root = "root".equals(System.getProperty("user.name"));
        final Path dir = Files.createTempDirectory("oomstream-pg-");
        Files.createDirectories(dir.resolve("sock"));
        if (root) {
            final UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
            final UserPrincipal postgres = users.lookupPrincipalByName(SUPERUSER);
            Files.setOwner(dir, postgres);
            Files.setOwner(dir.resolve("sock"), postgres);
        }
        final PrivatePostgres pg = new PrivatePostgres(dir, freePort(), root);
        try {
            pg.run(60, BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            pg.run(60, BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-l", dir.resolve("postgres.log").toString(),
                    "-o", "-p " + pg.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir.resolve("sock")
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "-w", "-t", "60", "start");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), SUPERUSER, "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            return pg;
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String jdbcUrl(final String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(final String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** The server log, for failure messages. */
    String log() {
        try {
            return Files.readString(dir.resolve("postgres.log"));
        } catch (final IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** pg_ctl stop (fast), then the directory is removed. */
    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                run(60, BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                        "stop");
            }
        } catch (final IOException | InterruptedException | RuntimeException e) {
            System.err.println("PrivatePostgres: stop failed: " + e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private void run(final int timeoutSeconds, final String... command) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        cmd.addAll(List.of(command));
        final Path out = Files.createTempFile("oomstream-pg-cmd-", ".log");
        try {
            // Output to a file, not a pipe: the daemonized postmaster would keep a pipe open after pg_ctl exits.
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .directory(dir.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out: " + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                        + Files.readString(out, StandardCharsets.UTF_8) + "\n" + log());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
