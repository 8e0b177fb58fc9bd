package io.oomstream.it;

import io.oomstream.broker.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sibling of {@link KafkaClusterExtension}: the same in-JVM KRaft broker ({@link EmbeddedKafka}) with two more
 * listeners, {@code SSL} (TLS, server certificate only) and {@code SASL_SSL} (SCRAM-SHA-256 over TLS), certificates
 * made by {@link TestCertificates} and one SCRAM user created through the Admin API. The PLAINTEXT listener stays for
 * the test's own set-up and checks; the commands under test only get the secured ones.
 */
final class SecuredKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    static final String USER = "oomstream";
    static final String USER_PASSWORD = "scram-" + Long.toHexString(System.nanoTime());
    static final String MECHANISM = "SCRAM-SHA-256";

    private Path dir;
    private EmbeddedKafka kafka;
    private TestCertificates certs;
    private int sslPort;
    private int saslSslPort;

    @Override
    public void beforeAll(final ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("oomstream-it-secured-");
        certs = TestCertificates.create(dir);
        final int plainPort = freePort();
        final int controllerPort = freePort();
        sslPort = freePort();
        saslSslPort = freePort();
        final String host = "127.0.0.1";
        final Map<String, String> broker = new TreeMap<>();
        // EmbeddedKafka's own listeners, re-stated with two more (its controller port is replaced by ours).
        broker.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        broker.put("listeners", "PLAINTEXT://" + host + ":" + plainPort + ",CONTROLLER://" + host + ":" + controllerPort
                + ",SSL://" + host + ":" + sslPort + ",SASL_SSL://" + host + ":" + saslSslPort);
        broker.put("advertised.listeners", "PLAINTEXT://" + host + ":" + plainPort + ",SSL://" + host + ":" + sslPort
                + ",SASL_SSL://" + host + ":" + saslSslPort);
        broker.put("listener.security.protocol.map",
                "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL");
        broker.put("ssl.keystore.type", "PKCS12");
        broker.put("ssl.keystore.location", certs.brokerKeystore.toString());
        broker.put("ssl.keystore.password", TestCertificates.PASSWORD);
        broker.put("ssl.key.password", TestCertificates.PASSWORD);
        broker.put("ssl.client.auth", "none");
        broker.put("sasl.enabled.mechanisms", MECHANISM);
        broker.put("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), plainPort, broker);
        try (Admin admin = plainAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), USER_PASSWORD)))
                    .all().get(60, TimeUnit.SECONDS);
            // The credential is in the metadata log once describe shows it; the broker serves it from there.
            admin.describeUserScramCredentials(List.of(USER)).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void afterAll(final ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (final IOException e) {
                // temp dir: best effort
            }
        }
    }

    /** The PLAINTEXT listener, for the test's own set-up and checks only. */
    String plaintextBootstrap() {
        return kafka.bootstrapServers();
    }

    String sslBootstrap() {
        return "127.0.0.1:" + sslPort;
    }

    String saslSslBootstrap() {
        return "127.0.0.1:" + saslSslPort;
    }

    TestCertificates certificates() {
        return certs;
    }

    Path dir() {
        return dir;
    }

    /** Client settings for the TLS listener, as README documents them. */
    Map<String, String> sslClient(final Path truststore) {
        final Map<String, String> s = new TreeMap<>();
        s.put("bootstrap.servers", sslBootstrap());
        s.put("security.protocol", "SSL");
        s.put("ssl.truststore.type", "PKCS12");
        s.put("ssl.truststore.location", truststore.toString());
        s.put("ssl.truststore.password", TestCertificates.PASSWORD);
        return s;
    }

    /** Client settings for SCRAM over TLS, as README documents them. */
    Map<String, String> saslSslClient(final String password) {
        final Map<String, String> s = sslClient(certs.truststore);
        s.put("bootstrap.servers", saslSslBootstrap());
        s.put("security.protocol", "SASL_SSL");
        s.put("sasl.mechanism", MECHANISM);
        s.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + USER + "\" password=\"" + password + "\";");
        return s;
    }

    void createTopics(final List<NewTopic> topics) {
        kafka.createTopics(topics);
    }

    Admin plainAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
