package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.alert.AlertBook;
import io.oomstream.alert.AlertPump;
import io.oomstream.alert.AlertmanagerClient;
import io.oomstream.alert.LinkTemplate;
import io.oomstream.app.HttpEndpoint;
import io.oomstream.config.AlertmanagerSettings;
import io.oomstream.metrics.Metrics;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus: the rules pass {@code promtool check rules} and their unit tests pass
 * {@code promtool test rules} (Debian's prometheus package; skipped with a message without it), and every
 * oomstream metric they read is one the application declares.
 */
class PrometheusRulesTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path DIR = Path.of("deploy", "prometheus");
    private static final Pattern OWN_METRIC = Pattern.compile("\\boomstream_[a-z_]+\\b");

    @Test
    void shouldPassPromtoolCheckAndItsRuleUnitTests() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL),
                "skipped: " + PROMTOOL + " is missing (apt-get install prometheus; .ci/run installs it)");
        final List<Path> rules = files(".yml").stream().filter(p -> !p.toString().endsWith(".test.yml")).toList();
        final List<Path> tests = files(".test.yml");
        assertFalse(rules.isEmpty());
        assertFalse(tests.isEmpty());
        final List<String> check = new ArrayList<>(List.of(PROMTOOL.toString(), "check", "rules"));
        rules.forEach(p -> check.add(p.toString()));
        run(check);
        final List<String> test = new ArrayList<>(List.of(PROMTOOL.toString(), "test", "rules"));
        tests.forEach(p -> test.add(p.toString()));
        final String out = run(test);
        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void shouldReadOnlyMetricsTheApplicationDeclares() throws IOException {
        final Set<String> used = new TreeSet<>();
        for (final Path p : files(".yml")) {
            final Matcher m = OWN_METRIC.matcher(Files.readString(p));
            while (m.find()) {
                used.add(m.group());
            }
        }
        final Set<String> declared = new TreeSet<>();
        try (Stream<Path> src = Files.walk(Path.of("src", "main", "java"))) {
            for (final Path f : src.filter(p -> p.toString().endsWith(".java")).toList()) {
                final Matcher m = Pattern.compile("\"(oomstream_[a-z_]+)\"").matcher(Files.readString(f));
                while (m.find()) {
                    declared.add(m.group(1));
                }
            }
        }
        assertTrue(used.size() >= 8, "the rules read oomstream's own metrics: " + used);
        final Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(declared);
        assertEquals(Set.of(), unknown, "metrics the rules read but no code declares");
    }

    @Test
    void shouldExportTheAlertStagesMetricsInAFormPromtoolAccepts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL),
                "skipped: " + PROMTOOL + " is missing (apt-get install prometheus; .ci/run installs it)");
        final Metrics metrics = new Metrics();
        final AlertmanagerSettings settings = new AlertmanagerSettings(List.of(URI.create("http://am-0:9093")),
                Duration.ofMinutes(1), Duration.ofSeconds(1), AlertmanagerSettings.DEFAULT_LINK_TEMPLATE, "", "", "",
                null, "", null, "");
        new AlertPump(new AlertBook(settings.resend(), new LinkTemplate(settings.linkTemplate())),
                new AlertmanagerClient(settings), Clock.systemUTC(), metrics);
        final String exposition = HttpEndpoint.renderPrometheus(metrics.snapshot(), null);
        assertTrue(exposition.contains("oomstream_alerts_dead_letters_total 0"), exposition);
        assertTrue(exposition.contains("oomstream_alertmanager_posts_total{alertmanager=\"am-0:9093\",result=\"error\"} 0"),
                exposition);

        final Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        final String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out + "\n" + exposition);
    }

    private static List<Path> files(final String suffix) throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Runs {@code command} in the repository root; fails with its output unless it exits 0. */
    static String run(final List<String> command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        final String text = new String(out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }
}
