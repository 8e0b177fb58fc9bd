package io.oomstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.oomstream.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the config loader (properties file, environment, {@code --set} overrides): any input is either a config or an
 * {@link AppConfig.InvalidConfigException} listing every problem; nothing else may escape.
 */
class ConfigLoaderFuzzTest {

    /** Keys the fuzzer may pick for env / overrides, so values reach the checks behind them. */
    private static final String[] KEYS = {
        "oomstream.http.port", "oomstream.idle.timeout.ms", "oomstream.input.topic", "oomstream.state.dir",
        "oomstream.processing.guarantee", "oomstream.replication.factor", "oomstream.kill.counts.window.ms",
        "oomstream.kill.counts.retention.ms", "oomstream.input.keyed.by.host", "oomstream.max.report.lines",
        "bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location",
        "acks", "linger.ms", "application.id", "num.stream.threads",
    };

    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("oomstream-fuzz-", ".properties");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void load(final FuzzedDataProvider data) {
        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> overrides = new LinkedHashMap<>();
        final int settings = data.consumeInt(0, 4);
        for (int i = 0; i < settings; i++) {
            final String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(40);
            final String value = data.consumeString(60);
            if (data.consumeBoolean()) {
                env.put("OOMSTREAM_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT), value);
            } else {
                overrides.put(key, value);
            }
        }
        final boolean useFile = data.consumeBoolean();
        if (useFile) {
            write(data.consumeRemainingAsString());
        }
        try {
            assertNotNull(AppConfig.load(useFile ? file : null, env, overrides));
        } catch (final AppConfig.InvalidConfigException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a rejected config must say why");
        }
    }

    private static void write(final String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
