package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.alert.AlertBook;
import io.oomstream.alert.AlertFixtures;
import io.oomstream.alert.AlertPump;
import io.oomstream.alert.AlertmanagerClient;
import io.oomstream.alert.LinkTemplate;
import io.oomstream.config.AlertmanagerSettings;
import io.oomstream.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS and basic-auth settings pass through to a real Alertmanager serving https with basic auth
 * (Prometheus's exporter-toolkit web configuration): with the trust store and the password the alert arrives;
 * with a wrong password, or without the trust store, it does not.
 */
class AlertmanagerTlsTest {

    private static final String USER = "oomstream";
    private static final String PASSWORD = "alert-pw";
    /** bcrypt of {@value #PASSWORD} at cost 4: python3 -c "import crypt; print(crypt.crypt('alert-pw', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))". */
    private static final String PASSWORD_BCRYPT = "$2b$04$OSKzcUjmGasyRqLgAMkZR.PWmHJXbTErQ7OvTMFYS.qsZHkso71Ua";
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path dir;

    @Test
    void shouldPostOverHttpsWithBasicAuthOnlyWithTheTrustStoreAndThePassword() throws Exception {
        Assumptions.assumeTrue(PrivateAlertmanager.installed(), "skipped: " + PrivateAlertmanager.BINARY
                + " is missing (apt-get install prometheus-alertmanager; .ci/run installs it)");
        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "skipped: openssl is missing to make a certificate");
        run(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString());
        final Path trust = dir.resolve("trust.p12");
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "am", "-file", dir.resolve("cert.pem").toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        final String web = "tls_server_config:\n  cert_file: " + dir.resolve("cert.pem") + "\n  key_file: "
                + dir.resolve("key.pem") + "\nbasic_auth_users:\n  " + USER + ": " + PASSWORD_BCRYPT + "\n";
        final String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (PrivateAlertmanager am = PrivateAlertmanager.start(dir,
                "route: {receiver: default}\nreceivers: [{name: default}]\n", web, trustingClient(trust), basic)) {
            assertTrue(am.url().toString().startsWith("https://"));

            final Metrics wrong = new Metrics();
            assertEquals(0, pump(am.url(), PASSWORD + "x", trust, wrong).tick(), "a wrong password is refused");
            assertEquals(1, wrong.counter(AlertPump.POSTS, "", "alertmanager", am.url().getHost() + ":"
                    + am.url().getPort(), "result", "error").value());
            assertEquals(0, pump(am.url(), PASSWORD, null, new Metrics()).tick(),
                    "the JVM's own trust does not know the self-signed certificate");
            assertEquals(0, am.alerts().size());

            assertEquals(1, pump(am.url(), PASSWORD, trust, new Metrics()).tick());
            assertEquals("web-01:4f1c2a9b7e3d5a6c8b01",
                    am.alerts().get(0).get("labels").get("incident_id").asText());
        }
    }

    private static AlertPump pump(final URI url, final String password, final Path trust, final Metrics metrics) {
        final AlertmanagerSettings s = new AlertmanagerSettings(List.of(url), Duration.ofMinutes(1),
                Duration.ofSeconds(5), AlertmanagerSettings.DEFAULT_LINK_TEMPLATE, "", USER, password, trust,
                "changeit", null, "");
        final AlertPump pump = new AlertPump(new AlertBook(s.resend(), new LinkTemplate(s.linkTemplate())),
                new AlertmanagerClient(s), Clock.systemUTC(), metrics);
        pump.accept("k", AlertFixtures.bytes(AlertFixtures.WEB_01_CASCADE), Instant.now());
        return pump;
    }

    private static HttpClient trustingClient(final Path trust) throws Exception {
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStore.getInstance(trust.toFile(), "changeit".toCharArray()));
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void run(final String... command) throws IOException, InterruptedException {
        final Path out = dir.resolve("cmd.log");
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + Files.readString(out));
    }
}
