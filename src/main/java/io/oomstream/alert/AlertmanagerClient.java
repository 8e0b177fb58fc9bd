package io.oomstream.alert;

import io.oomstream.config.AlertmanagerSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Posts alerts to every configured Alertmanager ({@code POST <url>/api/v2/alerts}), the way Prometheus does with
 * an Alertmanager cluster: each one gets every alert, and a post counts as delivered when at least one took it
 * (the cluster shares what one member has). Blocking, bounded by the timeout per Alertmanager.
 */
public final class AlertmanagerClient {

    /** The v2 path appended to a base URL that does not already end with it. */
    static final String ALERTS_PATH = "/api/v2/alerts";

    private final List<URI> endpoints;
    private final HttpClient http;
    private final AlertmanagerSettings settings;

    /** What one post did: per Alertmanager, ok or the error. */
    public record Outcome(List<Attempt> attempts) {
        /** Whether any Alertmanager took the alerts. */
        public boolean delivered() {
            return attempts.stream().anyMatch(Attempt::ok);
        }

        /** Whether every Alertmanager answered and refused the alerts themselves (HTTP 4xx): retrying is futile. */
        public boolean refused() {
            return !attempts.isEmpty() && attempts.stream().allMatch(a -> a.status() >= 400 && a.status() < 500);
        }
    }

    /**
     * One Alertmanager's answer; {@code error} is null when it took the alerts.
     *
     * @param status the HTTP status, 0 when there was no answer
     */
    public record Attempt(URI endpoint, int status, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    public AlertmanagerClient(final AlertmanagerSettings settings) {
        this.settings = settings;
        this.endpoints = settings.urls().stream().map(AlertmanagerClient::alertsEndpoint).toList();
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.truststore() != null || settings.keystore() != null) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
    }

    /** {@code base} with {@value #ALERTS_PATH} appended unless already there. */
    static URI alertsEndpoint(final URI base) {
        final String s = base.toString().replaceAll("/+$", "");
        return URI.create(s.endsWith(ALERTS_PATH) ? s : s + ALERTS_PATH);
    }

    public List<URI> endpoints() {
        return endpoints;
    }

    /** Posts {@code alerts} to every Alertmanager; never throws for a refused or failed post. */
    public Outcome post(final List<Alert> alerts) throws InterruptedException {
        final byte[] body = Alert.toJson(alerts).getBytes(StandardCharsets.UTF_8);
        final List<Attempt> attempts = new ArrayList<>();
        for (final URI endpoint : endpoints) {
            final HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "oomstream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            authorization().ifPresentOrElse(v -> request.header("Authorization", v), () -> { });
            try {
                final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                final int status = response.statusCode();
                attempts.add(new Attempt(endpoint, status, status / 100 == 2 ? null
                        : "HTTP " + status + ": " + abbreviate(response.body())));
            } catch (final IOException e) {
                attempts.add(new Attempt(endpoint, 0, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new Outcome(attempts);
    }

    private java.util.Optional<String> authorization() {
        if (!settings.bearerToken().isEmpty()) {
            return java.util.Optional.of("Bearer " + settings.bearerToken());
        }
        if (!settings.basicAuthUsername().isEmpty()) {
            final String pair = settings.basicAuthUsername() + ":" + settings.basicAuthPassword();
            return java.util.Optional.of("Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return java.util.Optional.empty();
    }

    private static SSLContext sslContext(final AlertmanagerSettings s) {
        try {
            TrustManagerFactory tmf = null;
            if (s.truststore() != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(s.truststore(), s.truststorePassword()));
            }
            KeyManagerFactory kmf = null;
            if (s.keystore() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(s.keystore(), s.keystorePassword()), s.keystorePassword().toCharArray());
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (final GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS for Alertmanager: " + e.getMessage(), e);
        }
    }

    /** A PKCS12 or JKS store: Java's keystore loader tells them apart by content. */
    private static KeyStore load(final Path path, final String password) throws GeneralSecurityException, IOException {
        return KeyStore.getInstance(path.toFile(), password.toCharArray());
    }

    private static String abbreviate(final String body) {
        final String oneLine = body == null ? "" : body.strip().replace('\n', ' ');
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
