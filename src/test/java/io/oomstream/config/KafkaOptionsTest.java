package io.oomstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The one precedence of the broker and config options: defaults, file, environment, --set, --bootstrap-server. */
class KafkaOptionsTest {

    @TempDir
    Path dir;

    @Command(name = "any")
    static final class AnyCommand {
        @Mixin
        KafkaOptions kafka;
    }

    private static KafkaOptions parse(final String... args) {
        final AnyCommand command = new AnyCommand();
        new CommandLine(command).parseArgs(args);
        return command.kafka;
    }

    @Test
    void eachLayerWinsOverTheOnesBelowIt() throws Exception {
        final Path file = dir.resolve("oomstream.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\noomstream.input.topic=from-file\n");
        final Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092");
        final List<String> args = new ArrayList<>(List.of("--config", file.toString(),
                "--set", "bootstrap.servers=set:9092", "--bootstrap-server", "flag:9092"));

        assertEquals("flag:9092", parse(args.toArray(String[]::new)).load(env).bootstrapServers());
        args.subList(4, 6).clear();
        assertEquals("set:9092", parse(args.toArray(String[]::new)).load(env).bootstrapServers());
        args.subList(2, 4).clear();
        assertEquals("env:9092", parse(args.toArray(String[]::new)).load(env).bootstrapServers());
        assertEquals("file:9092", parse(args.toArray(String[]::new)).load(Map.of()).bootstrapServers());
        assertEquals("from-file", parse(args.toArray(String[]::new)).load(env).inputTopic());
        assertEquals("localhost:9092", parse().load(Map.of()).bootstrapServers());
    }

    @Test
    void theBrokersAreGivenOnlyWhenNamedSomewhere() throws Exception {
        final Path file = Files.writeString(dir.resolve("c.properties"), "");
        assertFalse(parse().brokerGiven(Map.of()));
        assertFalse(parse("--set", "oomstream.input.topic=x").brokerGiven(Map.of()));
        assertTrue(parse("--bootstrap-server", "b:1").brokerGiven(Map.of()));
        assertTrue(parse("--set", "bootstrap.servers=b:1").brokerGiven(Map.of()));
        assertTrue(parse("--config", file.toString()).brokerGiven(Map.of()));
        assertTrue(parse().brokerGiven(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1")));
    }

    @Test
    void aBadSettingIsReportedWhateverTheCommand() {
        final AppConfig.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                AppConfig.InvalidConfigException.class,
                () -> parse("--set", "oomstream.http.port=x").load(Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
    }
}
