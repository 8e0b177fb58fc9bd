package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every provisioned dashboard in deploy/grafana/dashboards is checked against Grafana's own dashboard schema:
 * the TypeScript types of the {@code @grafana/schema} npm package (pinned in src/test/grafana-schema), with the
 * TypeScript compiler. Each dashboard becomes an object literal typed {@code Dashboard}, so a misspelt or
 * unknown field, a wrong type or a value outside an enumeration fails the compile, as it would fail Grafana's
 * own code. Needs node and npm (CI installs them; skipped with a message without them). The packages are
 * installed from the lock file into target/, never into the source tree.
 */
class GrafanaDashboardSchemaTest {

    private static final Path PROJECT = Path.of("src/test/grafana-schema");
    private static final Path WORK = Path.of("target/grafana-schema");
    private static final Path DASHBOARDS = Path.of("deploy/grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installGrafanaSchemaAndTypeScript() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("npm") && onPath("node"),
                "node and npm are not installed: Grafana's dashboard schema check is skipped (.ci/run installs them)");
        Files.createDirectories(WORK);
        for (final String f : List.of("package.json", "package-lock.json", "tsconfig.json")) {
            Files.copy(PROJECT.resolve(f), WORK.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/@grafana/schema"))) {
            final Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
            assertEquals(0, npm.exit, "npm ci in " + WORK + ":\n" + npm.output);
        }
    }

    @Test
    void shouldAcceptEveryProvisionedDashboard() throws IOException, InterruptedException {
        final List<Path> dashboards;
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            dashboards = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(dashboards.size() >= 1, "dashboards to check in " + DASHBOARDS);
        final List<String> sources = new ArrayList<>();
        for (final Path d : dashboards) {
            sources.add(d.getFileName().toString());
        }
        final Result tsc = typeCheck(dashboards);
        assertEquals(0, tsc.exit, "Grafana's schema refuses " + sources + ":\n" + tsc.output);
    }

    /** The check is not vacuous: a dashboard with a field Grafana does not know and a wrong type fails it. */
    @Test
    void shouldRefuseADashboardGrafanaWouldNotKnow() throws IOException, InterruptedException {
        final JsonNode good = JSON.readTree(DASHBOARDS.resolve("oomstream.json").toFile());
        final com.fasterxml.jackson.databind.node.ObjectNode misspelt = good.deepCopy();
        misspelt.put("refreshEvery", "1m"); // Grafana's field is "refresh"
        final com.fasterxml.jackson.databind.node.ObjectNode wrongType = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrongType.get("panels").get(1).get("gridPos")).put("w", "wide");
        final Path dir = WORK.resolve("refused");
        Files.createDirectories(dir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("misspelt-field.json").toFile(), misspelt);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("string-width.json").toFile(), wrongType);

        final Result tsc = typeCheck(List.of(dir.resolve("misspelt-field.json"), dir.resolve("string-width.json")));

        assertNotEquals(0, tsc.exit, "a dashboard with an unknown field or a string width must be refused");
        assertTrue(tsc.output.contains("misspelt-field.ts") && tsc.output.contains("refreshEvery\"' does not exist"),
                tsc.output);
        assertTrue(tsc.output.contains("string-width.ts")
                && tsc.output.contains("'string' is not assignable to type 'number'"), tsc.output);
    }

    /** Writes one {@code const dashboard: Dashboard = <json>;} per file and compiles them together. */
    private static Result typeCheck(final List<Path> dashboards) throws IOException, InterruptedException {
        final Path sources = WORK.resolve("dashboards");
        if (Files.isDirectory(sources)) {
            try (Stream<Path> old = Files.list(sources)) {
                for (final Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(sources);
        for (final Path d : dashboards) {
            final String name = d.getFileName().toString().replace(".json", "").replaceAll("[^A-Za-z0-9_-]", "_");
            final String ts = "import type { Dashboard } from '@grafana/schema';\n"
                    + "// " + d + "\n"
                    + "export const dashboard: Dashboard = " + Files.readString(d, StandardCharsets.UTF_8).strip() + ";\n";
            Files.writeString(sources.resolve(name + ".ts"), ts, StandardCharsets.UTF_8);
        }
        return run(List.of("node", "node_modules/typescript/bin/tsc", "-p", "."));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(final List<String> command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + command + "\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(final String tool) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
