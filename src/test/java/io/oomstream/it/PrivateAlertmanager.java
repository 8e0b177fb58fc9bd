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
    private final String scheme;
    private HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String authorization;

    private PrivateAlertmanager(final Path dir, final int port, final Process process, final String scheme) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.scheme = scheme;
    }

    /** Whether the binary is installed ({@code apt-get install prometheus-alertmanager}). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts with {@code configYaml} and waits until {@code /-/ready} answers. */
    public static PrivateAlertmanager start(final String configYaml) throws IOException, InterruptedException {
        return start(configYaml, null, null, null);
    }

    /**
     * Starts with {@code configYaml} and the web configuration {@code webYaml} (TLS, basic auth: Prometheus's
     * exporter-toolkit format; null for plain http), and waits until {@code /-/ready} answers to a client with
     * {@code client} and {@code authorization} (null for the defaults).
     */
    public static PrivateAlertmanager start(final String configYaml, final String webYaml, final HttpClient client,
                                            final String authorization) throws IOException, InterruptedException {
        final Path dir = Files.createTempDirectory("oomstream-am-");
        return start(dir, configYaml, webYaml, client, authorization);
    }

    /** As above, in {@code dir} (where the web configuration's certificate files are). */
    public static PrivateAlertmanager start(final Path dir, final String configYaml, final String webYaml,
                                            final HttpClient client, final String authorization)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve("am.yml"), configYaml);
        final int port = freePort();
        final List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--config.file=" + dir.resolve("am.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=info"));
        if (webYaml != null) {
            Files.writeString(dir.resolve("web.yml"), webYaml);
            cmd.add("--web.config.file=" + dir.resolve("web.yml"));
        }
        final Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
        final PrivateAlertmanager am = new PrivateAlertmanager(dir, port, p, webYaml != null
                && webYaml.contains("tls_server_config") ? "https" : "http");
        if (client != null) {
            am.http = client;
        }
        am.authorization = authorization;
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
        return URI.create(scheme + "://127.0.0.1:" + port);
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
        final HttpResponse<String> r = http.send(request("/api/v2/alerts")
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
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(final String path) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
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
