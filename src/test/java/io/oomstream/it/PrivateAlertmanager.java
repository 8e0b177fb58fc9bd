package io.oomstream.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away Alertmanager of Debian's {@code prometheus-alertmanager} package, private to one test: its
 * configuration and storage in a temporary directory, the API on a free loopback port, clustering off
 * ({@code --cluster.listen-address=} empty), stopped by its own process handle.
 */
public final class PrivateAlertmanager implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final Path dir;
    private final int port;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrivateAlertmanager(final Path dir, final int port, final Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Whether the binary is installed ({@code apt-get install prometheus-alertmanager}). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts with {@code configYaml} and waits until {@code /-/ready} answers. */
    public static PrivateAlertmanager start(final String configYaml) throws IOException, InterruptedException {
        final Path dir = Files.createTempDirectory("oomstream-am-");
        Files.writeString(dir.resolve("am.yml"), configYaml);
        final int port = freePort();
        final Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + dir.resolve("am.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=info")
                .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
        final PrivateAlertmanager am = new PrivateAlertmanager(dir, port, p);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                am.close();
                throw new IllegalStateException("alertmanager exited " + p.exitValue() + ":\n" + am.log());
            }
            try {
                if (am.get("/-/ready").statusCode() == 200) {
                    return am;
                }
            } catch (final IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        final String log = am.log();
        am.close();
        throw new IllegalStateException("alertmanager not ready within 30 s:\n" + log);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code GET /api/v2/alerts}: what Alertmanager holds and has not seen resolved. */
    public List<JsonNode> alerts() throws IOException, InterruptedException {
        final HttpResponse<String> r = get("/api/v2/alerts");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v2/alerts: HTTP " + r.statusCode() + " " + r.body());
        }
        final List<JsonNode> out = new ArrayList<>();
        Json.MAPPER.readTree(r.body()).forEach(out::add);
        return out;
    }

    /** Posts {@code json} (an array of alerts) as Prometheus would; fails unless Alertmanager takes it. */
    public void post(final String json) throws IOException, InterruptedException {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(url().resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/v2/alerts: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    /** The server log, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("am.log"));
        } catch (final IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (final IOException e) {
            System.err.println("PrivateAlertmanager: cannot delete " + dir + ": " + e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
