package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
