package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.config.KafkaOptions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command that talks to Kafka takes its brokers and settings through the one {@link KafkaOptions} mixin. */
class KafkaCommandsOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "topics", "fleet load", "pods load", "generate"})
    void theCommandHasTheSharedBrokerAndConfigOptions(final String path) {
        CommandLine command = new CommandLine(new Main());
        for (final String name : path.split(" ")) {
            command = command.getSubcommands().get(name);
            assertNotNull(command, path);
        }
        assertTrue(command.getCommandSpec().mixins().values().stream()
                .anyMatch(m -> m.userObject() instanceof KafkaOptions), path + " mixes in KafkaOptions");
        for (final String option : List.of("--config", "--set", "--bootstrap-server")) {
            assertNotNull(command.getCommandSpec().findOption(option), path + " " + option);
        }
    }
}
