package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.app.Main;
import io.oomstream.config.AppConfig;
import io.oomstream.event.OomEvent;
import io.oomstream.topology.TopicPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code topics create}, {@code run} and {@code fleet load} against a real broker's TLS listener and its SASL/SCRAM
 * over TLS listener, configured only with the settings README ("TLS and SASL") documents, through the properties file
 * or {@code --set}. A wrong password and an untrusted certificate end each command with one line naming the cause and
 * a non-zero exit: no stack trace, no hang.
 */
@Tag("broker")
@Timeout(300)
class SecuredBrokerTest {

    @RegisterExtension
    static final SecuredKafkaExtension KAFKA = new SecuredKafkaExtension();

    private static final Path REPORT = Path.of("src/test/resources/kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log");
    private static final Path FLEET = Path.of("deploy/fleet/fleet-example.yaml");

    @Test
    void shouldCreateTopicsFromAPropertiesFileAndRunOverScramAndTls() throws Exception {
        final Map<String, String> settings = appSettings("sasl", KAFKA.saslSslClient(SecuredKafkaExtension.USER_PASSWORD));
        final Path properties = writeProperties("sasl.properties", settings);

        final Outcome topics = execute("topics", "create", "--config", properties.toString(), "--partitions", "2");

        assertEquals(0, topics.rc, topics.err);
        final AppConfig config = AppConfig.load(null, Map.of(), settings);
        try (Admin admin = KAFKA.plainAdmin()) {
            final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(existing.containsAll(TopicPlan.names(config)), "created over SASL_SSL: " + existing);
        }

        final List<String> report = Files.readAllLines(REPORT);
        try (AppProcess app = AppProcess.start(KAFKA.dir(), "run-sasl", settings)) {
            TopicIO.produceLines(KAFKA.plaintextBootstrap(), config.inputTopic(), report);
            final List<OomEvent> events = TopicIO.awaitEvents(KAFKA.plaintextBootstrap(), config.eventsTopic(),
                    Duration.ofSeconds(150), ev -> !ev.isEmpty());
            final OomEvent e = events.get(0);
            assertNotNull(e.victim(), app.log());
            assertEquals(8812, e.victim().pid(), "the kill line's pid, stitched by run over SASL_SSL");
            assertTrue(app.isAlive(), app.log());
        }
    }

    @Test
    void shouldLoadTheFleetOverTlsAndOverScram() {
        final Outcome tls = execute(withSets(List.of("fleet", "load", FLEET.toString(), "--topic", "fleet-tls"),
                KAFKA.sslClient(KAFKA.certificates().truststore)));
        assertEquals(0, tls.rc, tls.err);
        assertEquals(5, TopicIO.readAll(KAFKA.plaintextBootstrap(), "fleet-tls", Duration.ofSeconds(2)).size());

        final Outcome sasl = execute(withSets(List.of("fleet", "load", FLEET.toString(), "--topic", "fleet-sasl"),
                KAFKA.saslSslClient(SecuredKafkaExtension.USER_PASSWORD)));
        assertEquals(0, sasl.rc, sasl.err);
        assertEquals(5, TopicIO.readAll(KAFKA.plaintextBootstrap(), "fleet-sasl", Duration.ofSeconds(2)).size());
    }

    @Test
    void shouldRefuseAWrongPasswordInOneLineForEveryCommand() {
        final Map<String, String> wrong = KAFKA.saslSslClient("not-the-password");
        final Map<String, String> settings = appSettings("wrongpw", wrong);

        final Outcome run = execute(withSets(List.of("run", "--preflight-timeout", "PT30S"), settings));
        assertOneLineFailure(run, "oomstream run:", "Authentication failed");

        final Outcome topics = execute(withSets(List.of("topics", "create"), settings));
        assertOneLineFailure(topics, "oomstream topics:", "Authentication failed");

        final Outcome fleet = execute(withSets(List.of("fleet", "load", FLEET.toString(), "--topic", "fleet-wrongpw"),
                wrong));
        assertOneLineFailure(fleet, "oomstream fleet load:", "Authentication failed");
    }

    @Test
    void shouldRefuseAnUntrustedCertificateInOneLineForEveryCommand() {
        final Map<String, String> untrusted = KAFKA.sslClient(KAFKA.certificates().untrustedTruststore);
        final Map<String, String> settings = appSettings("untrusted", untrusted);

        final Outcome run = execute(withSets(List.of("run", "--preflight-timeout", "PT30S"), settings));
        assertOneLineFailure(run, "oomstream run:", "TLS handshake failed");

        final Outcome topics = execute(withSets(List.of("topics", "create"), settings));
        assertOneLineFailure(topics, "oomstream topics:", "TLS handshake failed");

        final Outcome fleet = execute(withSets(List.of("fleet", "load", FLEET.toString(), "--topic", "fleet-untrusted"),
                untrusted));
        assertOneLineFailure(fleet, "oomstream fleet load:", "TLS handshake failed");
    }

    /** Non-zero exit, exactly one line of the command's own naming {@code cause}, and no stack trace anywhere. */
    private static void assertOneLineFailure(final Outcome o, final String prefix, final String cause) {
        assertNotEquals(0, o.rc, o.err);
        final List<String> own = o.err.lines().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
        assertEquals(1, own.size(), "one line of the command's own:\n" + o.err);
        assertTrue(own.get(0).contains(cause), "the line names the cause '" + cause + "': " + own.get(0));
        assertFalse(o.err.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")),
                "no stack trace:\n" + o.err);
    }

    /** The app's topics and keys for one test, plus the client settings; only secured addresses. */
    private static Map<String, String> appSettings(final String prefix, final Map<String, String> client) {
        final Map<String, String> s = new TreeMap<>(client);
        s.putAll(AppSettings.named(prefix, KAFKA.dir().resolve("state-" + prefix)));
        return s;
    }

    private static List<String> withSets(final List<String> command, final Map<String, String> settings) {
        final List<String> args = new ArrayList<>(command);
        settings.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return args;
    }

    private static Path writeProperties(final String name, final Map<String, String> settings) throws IOException {
        final java.util.Properties p = new java.util.Properties();
        p.putAll(settings);
        final Path file = KAFKA.dir().resolve(name);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "oomstream test: secured broker settings");
        }
        return file;
    }

    private record Outcome(int rc, String err) {
    }

    private static Outcome execute(final String... args) {
        return execute(List.of(args));
    }

    /** Runs a command in this JVM with stderr captured (slf4j-simple writes the Kafka clients' log there too). */
    private static synchronized Outcome execute(final List<String> args) {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        final int rc;
        try {
            rc = Main.commandLine().execute(args.toArray(new String[0]));
        } finally {
            System.setErr(original);
        }
        final String err = captured.toString(StandardCharsets.UTF_8);
        original.print(err);
        return new Outcome(rc, err);
    }
}
