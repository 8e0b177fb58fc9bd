package io.oomstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Without -Djazzer fuzz mode a {@code @FuzzTest} runs only the inputs of its corpus directory (plus an empty input):
 * a renamed test method or a moved directory would silently leave it with nothing to replay. This pins every target's
 * regression corpus to where Jazzer looks for it ({@code <TestClass>Inputs/<method>} next to the class).
 */
class FuzzCorpusTest {

    private static final Path ROOT = Path.of("src/test/resources/io/oomstream/fuzz");

    @ParameterizedTest
    @ValueSource(strings = {
        "SyslogDecoderFuzzTestInputs/decodeString", "SyslogDecoderFuzzTestInputs/decodeBytes",
        "KernelGrammarFuzzTestInputs/classify", "OfflineAnalysisFuzzTestInputs/analyze",
        "FleetFileFuzzTestInputs/load", "ConfigLoaderFuzzTestInputs/load"})
    void everyTargetHasARegressionCorpus(final String dir) throws IOException {
        final Path corpus = ROOT.resolve(dir);
        assertTrue(Files.isDirectory(corpus), corpus + " missing");
        try (Stream<Path> files = Files.list(corpus)) {
            assertTrue(files.anyMatch(Files::isRegularFile), corpus + " holds no input");
        }
    }
}
