package io.oomstream.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code oomstream generate} on the command line: file output, the ground-truth file, and bad options. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheRequestedLinesAndAGroundTruthThatMatchesTheLibrary() throws IOException {
        final Path out = dir.resolve("fleet.log");
        final Path truth = dir.resolve("truth.json");

        final int rc = command().execute("--hosts", "30", "--lines", "20000", "--seed", "9", "--format", "json",
                "--oom-rate", "1", "--out", out.toString(), "--truth", truth.toString(), "--quiet");

        assertEquals(0, rc);
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertEquals(20_000, lines.size());
        lines.forEach(l -> assertTrue(l.startsWith("{\"hostname\":\""), l));
        final FleetLogGenerator same = new FleetLogGenerator(GeneratorConfig.defaults().withHosts(30).withLines(20_000)
                .withSeed(9).withFormat(OutputFormat.JSON).withOomRate(1));
        for (final String line : lines) {
            assertEquals(same.next().value(), line);
        }
        final JsonNode doc = new ObjectMapper().readTree(truth.toFile());
        assertEquals(same.truth().kills(), doc.get("kills").asLong());
        assertTrue(doc.get("kills").asLong() > 0);
        assertEquals(same.truth().victimPidsByHost().keySet().size(), doc.get("victim_pids_by_host").size());
        assertEquals("json", doc.get("config").get("format").asText());
        // Every kill, with what the reconciliation of a run needs: identity, service, window of the default 1 min.
        assertEquals(doc.get("kills").asLong(), doc.get("every_kill").size());
        final JsonNode first = doc.get("every_kill").get(0);
        final GroundTruth.Kill kill = same.truth().everyKill().get(0);
        assertEquals(kill.host(), first.get("host").asText());
        assertEquals(kill.pid(), first.get("pid").asInt());
        assertEquals(kill.service(), first.get("service").asText());
        assertEquals(java.time.Instant.ofEpochMilli(kill.timeMillis() / 60_000 * 60_000).toString(),
                first.get("window_start").asText());
        long counted = 0;
        for (final JsonNode c : doc.get("kill_counts")) {
            counted += c.get("count").asLong();
        }
        assertEquals(doc.get("kills").asLong(), counted, "kill_counts add up to every kill");
    }

    @Test
    void shouldRefuseATopicWithoutBootstrapServersAndAnOutFileTogetherWithATopic() {
        final StringWriter err = new StringWriter();
        final CommandLine cli = command();
        cli.setErr(new PrintWriter(err));

        assertEquals(2, cli.execute("--topic", "syslog.raw", "--quiet"));
        assertTrue(err.toString().contains("--topic needs --bootstrap-server"), err.toString());
        assertEquals(2, cli.execute("--topic", "t", "--bootstrap-server", "localhost:1", "--out", "x", "--quiet"));
        assertEquals(2, cli.execute("--hosts", "0", "--quiet"));
        assertEquals(2, cli.execute("--format", "xml", "--quiet"));
    }

    private static CommandLine command() {
        return new CommandLine(new GenerateCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
