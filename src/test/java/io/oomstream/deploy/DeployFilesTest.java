package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.oomstream.config.AppConfig;
import io.oomstream.event.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and deploy/, checked as far as a machine without Docker allows: the compose file parses;
 * every build context, Dockerfile (and each file it COPYs), bind-mounted path and config file exists in the
 * repository; ports are well formed and not published twice; images are built here or pinned public names;
 * every variable a mounted configuration reads is set; the environment given to oomstream (compose, the
 * Kubernetes ConfigMap and Secret) passes oomstream's own configuration loader; the Kubernetes manifests agree
 * with the image (state dir, port, /health); and no file in deploy/ hand-copies another or a schema.
 */
class DeployFilesTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path ROOT = Path.of("");
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    /** A Docker Hub name (no registry host: public by construction) with a pinned tag. */
    private static final Pattern PUBLIC_IMAGE =
            Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern PORT = Pattern.compile(
            "(?:(\\d{1,3}(?:\\.\\d{1,3}){3}):)?(?:(\\d{1,5}):)?(\\d{1,5})(?:/(tcp|udp))?");
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");

    @Test
    void shouldReferenceOnlyFilesImagesAndPortsThatExist() throws IOException {
        final JsonNode compose = YAML.readTree(COMPOSE.toFile());
        final JsonNode services = compose.get("services");
        assertTrue(services.size() >= 8, "kafka, topics, fleet, oomstream, rsyslog, postgres, connect, grafana");
        final Set<String> namedVolumes = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);
        final Set<String> published = new HashSet<>();
        final Set<String> builtImages = new HashSet<>();
        final List<String> checked = new ArrayList<>();

        for (final Map.Entry<String, JsonNode> e : fields(services)) {
            final String name = e.getKey();
            final JsonNode s = e.getValue();
            if (s.has("build")) {
                final JsonNode b = s.get("build");
                final Path context = ROOT.resolve(b.isTextual() ? b.asText() : b.path("context").asText("."));
                final Path dockerfile = context.resolve(b.path("dockerfile").asText("Dockerfile"));
                assertTrue(Files.isDirectory(context), name + ": build context " + context);
                assertTrue(Files.isRegularFile(dockerfile), name + ": " + dockerfile);
                final Dockerfile df = Dockerfile.parse(dockerfile);
                for (final String src : df.copySources()) {
                    assertTrue(Files.exists(context.resolve(src)), name + ": " + dockerfile + " copies " + src
                            + ", missing from its context " + context);
                    checked.add(context.resolve(src).toString());
                }
                df.baseImages().forEach(img -> assertPublic(name + " base image", img));
                assertTrue(s.has("image"), name + ": a built image is tagged, for the services sharing it");
                assertTrue(s.get("image").asText().endsWith(":local"), name + ": built images are tagged :local");
                builtImages.add(s.get("image").asText());
            } else {
                assertNotNull(s.get("image"), name + " has an image or a build");
            }
        }
        for (final Map.Entry<String, JsonNode> e : fields(services)) {
            final String name = e.getKey();
            final JsonNode s = e.getValue();
            final String image = s.get("image").asText();
            if (!builtImages.contains(image)) {
                assertPublic(name, image);
            }
            for (final JsonNode p : s.path("ports")) {
                final Matcher m = PORT.matcher(p.asText());
                assertTrue(m.matches(), name + ": port " + p.asText());
                for (final int g : new int[] {2, 3}) {
                    if (m.group(g) != null) {
                        final int port = Integer.parseInt(m.group(g));
                        assertTrue(port >= 1 && port <= 65_535, name + ": port " + p.asText());
                    }
                }
                if (m.group(1) != null) {
                    for (final String octet : m.group(1).split("\\.")) {
                        assertTrue(Integer.parseInt(octet) <= 255, name + ": address " + m.group(1));
                    }
                }
                final String hostPort = (m.group(1) == null ? "0.0.0.0" : m.group(1)) + ":"
                        + (m.group(2) == null ? m.group(3) : m.group(2)) + "/" + (m.group(4) == null ? "tcp" : m.group(4));
                assertTrue(published.add(hostPort), name + ": host port published twice: " + hostPort);
            }
            for (final JsonNode v : s.path("volumes")) {
                final String[] parts = v.asText().split(":");
                assertTrue(parts.length >= 2 && parts.length <= 3, name + ": volume " + v.asText());
                assertTrue(parts[1].startsWith("/"), name + ": absolute target in " + v.asText());
                if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                    assertTrue(parts[0].startsWith("./"), name + ": bind mounts are relative to the repository");
                    assertTrue(Files.exists(ROOT.resolve(parts[0])), name + ": " + parts[0] + " does not exist");
                    checked.add(parts[0]);
                } else {
                    assertTrue(namedVolumes.contains(parts[0]), name + ": volume " + parts[0] + " is not declared");
                }
                if (parts.length == 3) {
                    assertTrue(Set.of("ro", "rw").contains(parts[2]), name + ": mode " + parts[2]);
                }
            }
            for (final Map.Entry<String, JsonNode> d : fields(s.path("depends_on"))) {
                assertTrue(services.has(d.getKey()), name + " depends on unknown " + d.getKey());
                final String condition = d.getValue().path("condition").asText();
                assertTrue(CONDITIONS.contains(condition), name + ": condition " + condition);
                if ("service_healthy".equals(condition)) {
                    final JsonNode target = services.get(d.getKey());
                    assertTrue(target.has("healthcheck") || (target.has("build")
                            && Dockerfile.parse(dockerfile(target)).has("HEALTHCHECK")), d.getKey() + " has a healthcheck");
                }
            }
            for (final String key : List.of("env_file", "configs", "secrets")) {
                assertFalse(s.has(key), name + ": " + key + " is not used (environment and bind mounts only)");
            }
        }
        assertTrue(checked.size() >= 15, "referenced files checked: " + checked);
    }

    @Test
    void shouldGiveEveryServiceTheSettingsItsFilesRead() throws IOException {
        final JsonNode services = YAML.readTree(COMPOSE.toFile()).get("services");

        // oomstream and its one-shot commands: the environment passes the real configuration loader.
        for (final String name : List.of("oomstream", "topics")) {
            final Map<String, String> env = env(services.get(name));
            final AppConfig config = AppConfig.load(null, env, Map.of());
            assertEquals("kafka:9092", config.bootstrapServers(), name);
        }
        assertTrue(services.get("fleet").path("command").toString().contains("\"--bootstrap-server\",\"kafka:9092\""));
        final AppConfig app = AppConfig.load(null, env(services.get("oomstream")), Map.of());
        assertTrue(app.inputKeyedByHost(), "rsyslog keys by host");
        final Dockerfile oomImage = Dockerfile.parse(dockerfile(services.get("oomstream")));
        assertEquals(app.stateDir().toString(), oomImage.env().get("OOMSTREAM_STATE_DIR"));
        assertTrue(oomImage.volumes().contains(app.stateDir().toString()), "the state dir is a VOLUME");
        assertTrue(services.get("oomstream").path("volumes").toString().contains(":" + app.stateDir() + "\""),
                "compose keeps the state dir on a volume");
        assertTrue(oomImage.user().matches("[1-9]\\d*(:[1-9]\\d*)?"), "non-root numeric USER: " + oomImage.user());
        assertTrue(oomImage.instruction("HEALTHCHECK").contains("/health"), "HEALTHCHECK on /health");
        assertTrue(services.get("fleet").path("command").toString().contains("/fleet/fleet-example.yaml"));
        assertTrue(services.get("fleet").path("volumes").toString().contains("./deploy/fleet:/fleet"));

        // Kafka: the advertised in-network listener is the address everybody uses.
        final Map<String, String> kafka = env(services.get("kafka"));
        assertTrue(kafka.get("KAFKA_ADVERTISED_LISTENERS").contains("PLAINTEXT://kafka:9092"));
        assertEquals("false", kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "topics come from `oomstream topics`");

        // rsyslog: the drop-in's variables, the input topic oomstream reads.
        final Map<String, String> rsyslog = withImageEnv(services.get("rsyslog"));
        for (final Path f : List.of(Path.of("deploy/rsyslog/60-oomstream-kafka.conf"),
                Path.of("deploy/rsyslog/container/rsyslog.conf"))) {
            for (final String v : matches(Files.readString(f), "`echo \\$(\\w+)")) {
                assertTrue(rsyslog.containsKey(v), "rsyslog service sets " + v + " read by " + f);
            }
        }
        assertEquals(app.inputTopic(), rsyslog.get("OOMSTREAM_KAFKA_TOPIC"));
        assertEquals("kafka:9092", rsyslog.get("OOMSTREAM_KAFKA_BROKERS"));

        // Connect: every ${env:X} of the worker and connector files, the database of the postgres service.
        final Map<String, String> connect = withImageEnv(services.get("connect"));
        try (Stream<Path> files = Files.list(Path.of("deploy", "connect"))) {
            for (final Path f : files.filter(p -> p.toString().endsWith(".properties")).toList()) {
                for (final String v : matches(Files.readString(f), "\\$\\{env:(\\w+)}")) {
                    assertTrue(connect.containsKey(v), "connect service sets " + v + " read by " + f);
                }
            }
        }
        final Map<String, String> pg = env(services.get("postgres"));
        assertEquals("jdbc:postgresql://postgres:5432/" + pg.get("POSTGRES_DB"), connect.get("OOMSTREAM_JDBC_URL"));
        assertEquals(pg.get("POSTGRES_USER"), connect.get("OOMSTREAM_JDBC_USER"));
        assertEquals(pg.get("POSTGRES_PASSWORD"), connect.get("OOMSTREAM_JDBC_PASSWORD"));
        assertEquals("kafka:9092", connect.get("CONNECT_BOOTSTRAP_SERVERS"));
        assertTrue(services.get("postgres").path("volumes").toString()
                .contains("./deploy/sql/schema.sql:/docker-entrypoint-initdb.d/"), "tables created at first start");

        // Grafana: the provisioning's variables, paths and datasource uid.
        final JsonNode grafana = services.get("grafana");
        final Map<String, String> genv = env(grafana);
        final Path datasource = Path.of("deploy/grafana/provisioning/datasources/postgres.yaml");
        for (final String v : matches(Files.readString(datasource), "\\$\\{(\\w+)}")) {
            assertTrue(genv.containsKey(v), "grafana service sets " + v + " read by " + datasource);
        }
        assertEquals("postgres:5432", genv.get("OOMSTREAM_PG_HOST"));
        assertEquals(pg.get("POSTGRES_DB"), genv.get("OOMSTREAM_PG_DATABASE"));
        final JsonNode ds = YAML.readTree(datasource.toFile()).get("datasources").get(0);
        final JsonNode provider = YAML.readTree(Path.of("deploy/grafana/provisioning/dashboards/oomstream.yaml")
                .toFile()).get("providers").get(0);
        final String dashboardsPath = provider.get("options").get("path").asText();
        assertTrue(grafana.path("volumes").toString().contains("./deploy/grafana/dashboards:" + dashboardsPath + ":"),
                "dashboards mounted where the provider reads them");
        assertTrue(genv.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").startsWith(dashboardsPath + "/"));
        assertTrue(Files.exists(Path.of("deploy/grafana/dashboards").resolve(Path.of(dashboardsPath)
                .relativize(Path.of(genv.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))))));
        try (Stream<Path> dashboards = Files.list(Path.of("deploy/grafana/dashboards"))) {
            for (final Path d : dashboards.toList()) {
                final Set<String> uids = new TreeSet<>();
                Json.MAPPER.readTree(d.toFile()).findValues("datasource").forEach(n -> {
                    if (n.has("uid") && !n.path("type").asText().equals("grafana")) {
                        uids.add(n.get("uid").asText());
                        assertEquals(ds.get("type").asText(), n.get("type").asText(), d + " datasource type");
                    }
                });
                assertEquals(Set.of(ds.get("uid").asText()), uids, d + " uses the provisioned datasource");
            }
        }
    }

    @Test
    void shouldRunTheStateDirOnAPersistentVolumeWithProbesOnHealthInKubernetes() throws IOException {
        final Path dir = Path.of("deploy", "k8s");
        final JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        final Map<String, JsonNode> byKind = new LinkedHashMap<>();
        for (final JsonNode r : kustomization.get("resources")) {
            final Path f = dir.resolve(r.asText());
            assertTrue(Files.isRegularFile(f), "kustomization lists " + f);
            final JsonNode doc = YAML.readTree(f.toFile());
            byKind.put(doc.get("kind").asText() + "/" + doc.get("metadata").get("name").asText(), doc);
        }
        final Map<String, String> configMap = new LinkedHashMap<>();
        fields(byKind.get("ConfigMap/oomstream").get("data")).forEach(e -> configMap.put(e.getKey(), e.getValue().asText()));
        final Map<String, String> secret = new LinkedHashMap<>();
        fields(YAML.readTree(dir.resolve("secret.example.yaml").toFile()).get("stringData"))
                .forEach(e -> secret.put(e.getKey(), e.getValue().asText()));
        final Map<String, String> all = new LinkedHashMap<>(configMap);
        all.putAll(secret);
        final AppConfig config = AppConfig.load(null, all, Map.of()); // rejects any unknown or bad key
        assertTrue(config.inputKeyedByHost());
        assertEquals("SASL_SSL", config.kafka().getProperty("security.protocol"));

        final JsonNode sts = byKind.get("StatefulSet/oomstream");
        assertNotNull(sts, byKind.keySet().toString());
        final JsonNode pod = sts.get("spec").get("template");
        final JsonNode container = pod.get("spec").get("containers").get(0);
        assertEquals("oomstream", container.get("image").asText(), "the image kustomization's `images` sets");
        final String claim = sts.get("spec").get("volumeClaimTemplates").get(0).get("metadata").get("name").asText();
        final String mount = findMount(container, claim);
        assertEquals(config.stateDir().toString(), mount, "the claim is mounted at oomstream.state.dir");
        final JsonNode port = container.get("ports").get(0);
        assertEquals(config.httpPort(), port.get("containerPort").asInt());
        for (final String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            final JsonNode get = container.get(probe).get("httpGet");
            // Liveness on /health/live: a broker outage makes /health degraded, and must not restart the pods.
            assertEquals("livenessProbe".equals(probe) ? "/health/live" : "/health", get.get("path").asText(), probe);
            assertEquals(port.get("name").asText(), get.get("port").asText(), probe);
        }
        final JsonNode annotations = pod.get("metadata").get("annotations");
        assertEquals("true", annotations.get("prometheus.io/scrape").asText());
        assertEquals(Integer.toString(config.httpPort()), annotations.get("prometheus.io/port").asText());
        assertEquals("/metrics", annotations.get("prometheus.io/path").asText());
        assertTrue(pod.get("spec").get("securityContext").get("runAsNonRoot").asBoolean());
        // Kubernetes' Docker-link variables of a Service named kafka (KAFKA_SERVICE_HOST, KAFKA_PORT, ...) would
        // be read as settings and refused: both pod specs turn them off.
        assertThrows(AppConfig.InvalidConfigException.class,
                () -> AppConfig.load(null, Map.of("KAFKA_SERVICE_HOST", "10.0.0.1", "KAFKA_PORT", "tcp://10.0.0.1:9092"),
                        Map.of()));
        assertFalse(pod.get("spec").path("enableServiceLinks").asBoolean(true), "StatefulSet enableServiceLinks");
        assertFalse(byKind.get("Job/oomstream-topics").get("spec").get("template").get("spec")
                .path("enableServiceLinks").asBoolean(true), "Job enableServiceLinks");
        assertEquals(Dockerfile.parse(Path.of("deploy", "Dockerfile")).user().split(":")[0],
                pod.get("spec").get("securityContext").get("runAsUser").asText(), "the image's user");
        final List<String> envFrom = new ArrayList<>();
        container.get("envFrom").forEach(n -> envFrom.add(n.toString()));
        assertTrue(envFrom.toString().contains("\"configMapRef\":{\"name\":\"oomstream\"}"), envFrom.toString());
        assertTrue(envFrom.toString().contains("\"name\":\"" + YAML.readTree(dir.resolve("secret.example.yaml")
                .toFile()).get("metadata").get("name").asText() + "\""), "the Secret's name");

        final JsonNode labels = pod.get("metadata").get("labels");
        for (final String selectorOf : List.of("Service/oomstream", "PodDisruptionBudget/oomstream")) {
            final JsonNode doc = byKind.get(selectorOf);
            final JsonNode selector = doc.get("spec").get("selector");
            final JsonNode match = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
            fields(match).forEach(e -> assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(),
                    selectorOf + " selects the pods by " + e.getKey()));
        }
        final JsonNode monitor = YAML.readTree(dir.resolve("servicemonitor.yaml").toFile());
        fields(monitor.get("spec").get("selector").get("matchLabels")).forEach(e -> {
            final JsonNode svcLabels = byKind.get("Service/oomstream").get("metadata").path("labels");
            final String common = kustomization.get("labels").get(0).get("pairs").path(e.getKey()).asText(null);
            assertEquals(e.getValue().asText(), svcLabels.has(e.getKey()) ? svcLabels.get(e.getKey()).asText() : common,
                    "the ServiceMonitor selects the Service by " + e.getKey());
        });
        assertEquals("http", monitor.get("spec").get("endpoints").get(0).get("port").asText());
        final JsonNode job = byKind.get("Job/oomstream-topics").get("spec").get("template").get("spec")
                .get("containers").get(0);
        assertEquals(List.of("topics", "create"), List.of(job.get("args").get(0).asText(), job.get("args").get(1).asText()));
    }

    @Test
    void shouldNotHandCopyAnyFileOrSchemaIntoDeploy() throws IOException {
        final List<Path> deploy;
        try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
            deploy = files.filter(Files::isRegularFile).sorted().toList();
        }
        final List<Path> sources = new ArrayList<>(deploy);
        for (final String dir : List.of("schemas", "src/main/java/io/oomstream/kernel/rules")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                files.filter(Files::isRegularFile).sorted().forEach(sources::add);
            }
        }
        sources.add(COMPOSE);
        final Map<String, Path> firstSeen = new HashMap<>();
        final Set<String> copies = new LinkedHashSet<>();
        for (final Path f : sources) {
            for (final String window : windows(f)) {
                final Path other = firstSeen.putIfAbsent(window, f);
                if (other != null && !other.equals(f) && (deploy.contains(f) || deploy.contains(other))) {
                    copies.add(other + " and " + f + " share:\n" + window);
                }
            }
        }
        if (!copies.isEmpty()) {
            fail("hand copies in deploy/ (generate or reference instead):\n" + String.join("\n\n", copies));
        }
    }

    // Helpers.

    /** Every run of 8 consecutive significant lines (trimmed, not comments, not bare punctuation). */
    private static Set<String> windows(final Path f) throws IOException {
        final List<String> lines = new ArrayList<>();
        for (final String raw : Files.readAllLines(f)) {
            final String t = raw.strip();
            if (t.length() >= 6 && !t.startsWith("#") && !t.startsWith("//") && !t.startsWith("*")) {
                lines.add(t);
            }
        }
        final Set<String> out = new HashSet<>();
        for (int i = 0; i + 8 <= lines.size(); i++) {
            out.add(String.join("\n", lines.subList(i, i + 8)));
        }
        return out;
    }

    private static String findMount(final JsonNode container, final String volume) {
        for (final JsonNode m : container.get("volumeMounts")) {
            if (volume.equals(m.get("name").asText())) {
                return m.get("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " not mounted");
    }

    private static void assertPublic(final String what, final String image) {
        assertTrue(PUBLIC_IMAGE.matcher(image).matches(), what + ": not a pinned public image name: " + image);
        assertFalse(image.endsWith(":latest"), what + ": pin a version, not latest: " + image);
    }

    private static Path dockerfile(final JsonNode service) {
        final JsonNode b = service.get("build");
        final Path context = ROOT.resolve(b.isTextual() ? b.asText() : b.path("context").asText("."));
        return context.resolve(b.path("dockerfile").asText("Dockerfile"));
    }

    private static Map<String, String> env(final JsonNode service) {
        final Map<String, String> env = new LinkedHashMap<>();
        fields(service.path("environment")).forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** The service's environment over its image's ENV (built here). */
    private static Map<String, String> withImageEnv(final JsonNode service) throws IOException {
        final Map<String, String> env = new LinkedHashMap<>(Dockerfile.parse(dockerfile(service)).env());
        env.putAll(env(service));
        return env;
    }

    private static Set<String> matches(final String text, final String regex) {
        final Set<String> out = new TreeSet<>();
        Pattern.compile(regex).matcher(text).results().forEach(m -> out.add(m.group(1)));
        assertFalse(out.isEmpty(), "no " + regex);
        return out;
    }

    private static List<Map.Entry<String, JsonNode>> fields(final JsonNode node) {
        final List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    /** The instructions of a Dockerfile, continuation lines joined. */
    record Dockerfile(List<String[]> instructions) {

        static Dockerfile parse(final Path file) throws IOException {
            final List<String[]> out = new ArrayList<>();
            final StringBuilder current = new StringBuilder();
            for (final String raw : Files.readAllLines(file)) {
                final String line = raw.strip();
                if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                    continue;
                }
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                current.append(line);
                final String[] kv = current.toString().strip().split("\\s+", 2);
                out.add(new String[] {kv[0].toUpperCase(java.util.Locale.ROOT), kv.length > 1 ? kv[1] : ""});
                current.setLength(0);
            }
            return new Dockerfile(out);
        }

        boolean has(final String instruction) {
            return instructions.stream().anyMatch(i -> i[0].equals(instruction));
        }

        String instruction(final String instruction) {
            return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).findFirst().orElse("");
        }

        /** Sources of COPY/ADD from the build context (not from other stages). */
        List<String> copySources() {
            final List<String> out = new ArrayList<>();
            for (final String[] i : instructions) {
                if ((i[0].equals("COPY") || i[0].equals("ADD")) && !i[1].contains("--from=")) {
                    final List<String> args = new ArrayList<>(List.of(i[1].split("\\s+")));
                    args.removeIf(a -> a.startsWith("--"));
                    out.addAll(args.subList(0, args.size() - 1));
                }
            }
            return out;
        }

        /** FROM images, ARG defaults substituted, build stages left out. */
        List<String> baseImages() {
            final Map<String, String> args = new HashMap<>();
            final Set<String> stages = new HashSet<>();
            final List<String> out = new ArrayList<>();
            for (final String[] i : instructions) {
                if (i[0].equals("ARG") && i[1].contains("=")) {
                    final String[] kv = i[1].split("=", 2);
                    args.putIfAbsent(kv[0], kv[1]);
                } else if (i[0].equals("FROM")) {
                    final String[] parts = i[1].split("\\s+");
                    String image = parts[0];
                    for (final Map.Entry<String, String> a : args.entrySet()) {
                        image = image.replace("${" + a.getKey() + "}", a.getValue());
                    }
                    if (!stages.contains(image)) {
                        out.add(image);
                    }
                    if (parts.length == 3 && parts[1].equalsIgnoreCase("AS")) {
                        stages.add(parts[2]);
                    }
                }
            }
            return out;
        }

        Map<String, String> env() {
            final Map<String, String> out = new LinkedHashMap<>();
            final Pattern assignment = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
            for (final String[] i : instructions) {
                if (i[0].equals("ENV")) {
                    final Matcher kv = assignment.matcher(i[1]);
                    while (kv.find()) {
                        out.put(kv.group(1), kv.group(2).replace("\"", ""));
                    }
                }
            }
            return out;
        }

        List<String> volumes() {
            final List<String> out = new ArrayList<>();
            for (final String[] i : instructions) {
                if (i[0].equals("VOLUME")) {
                    Pattern.compile("\"?(/[^\"\\s,\\]]+)\"?").matcher(i[1]).results().forEach(r -> out.add(r.group(1)));
                }
            }
            return out;
        }

        String user() {
            String user = "";
            for (final String[] i : instructions) {
                if (i[0].equals("USER")) {
                    user = i[1].strip();
                }
            }
            return user;
        }
    }
}
