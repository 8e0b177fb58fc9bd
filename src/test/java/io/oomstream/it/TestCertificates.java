package io.oomstream.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed TLS material made in the test with the JDK's own {@code keytool} (no checked-in keys): a broker key
 * pair for 127.0.0.1 / localhost in a PKCS12 keystore, and truststores holding that certificate (trusted) or an
 * unrelated one (untrusted).
 */
final class TestCertificates {

    static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    final Path brokerKeystore;
    final Path truststore;
    final Path untrustedTruststore;

    private TestCertificates(final Path brokerKeystore, final Path truststore, final Path untrustedTruststore) {
        this.brokerKeystore = brokerKeystore;
        this.truststore = truststore;
        this.untrustedTruststore = untrustedTruststore;
    }

    static TestCertificates create(final Path dir) throws IOException, InterruptedException {
        final Path keystore = dir.resolve("broker.p12");
        final Path cert = dir.resolve("broker.crt");
        final Path trust = dir.resolve("truststore.p12");
        final Path otherKeystore = dir.resolve("other.p12");
        final Path otherCert = dir.resolve("other.crt");
        final Path untrusted = dir.resolve("untrusted-truststore.p12");
        keyPair(keystore, "CN=localhost,O=oomstream test broker");
        exportCert(keystore, cert);
        importCert(trust, cert);
        keyPair(otherKeystore, "CN=localhost,O=some other broker");
        exportCert(otherKeystore, otherCert);
        importCert(untrusted, otherCert);
        return new TestCertificates(keystore, trust, untrusted);
    }

    private static void keyPair(final Path keystore, final String dname) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    private static void exportCert(final Path keystore, final Path cert) throws IOException, InterruptedException {
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
    }

    private static void importCert(final Path truststore, final Path cert) throws IOException, InterruptedException {
        keytool("-importcert", "-noprompt", "-alias", "broker-ca", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);
    }

    private static void keytool(final String... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
