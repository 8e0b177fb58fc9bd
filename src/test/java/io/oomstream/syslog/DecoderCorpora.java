package io.oomstream.syslog;

import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Inputs for comparing a decoder fast path with the full decode: generated fleet logs and every fixture log. */
final class DecoderCorpora {

    private DecoderCorpora() {
    }

    /** The records of a generated 20,000-line fleet log from 50 hosts. */
    static List<String> generated(final OutputFormat format, final long seed) {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(20_000).withHosts(50)
                .withFormat(format).withSeed(seed));
        final List<String> records = new ArrayList<>();
        while (g.hasNext()) {
            records.add(g.next().value());
        }
        return records;
    }

    /** The records of every {@code .log} under the test resources, one list per file (each is its own stream). */
    static List<List<String>> fixtures() throws IOException {
        final List<List<String>> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (final Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                inputs.add(List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n", -1)));
            }
        }
        return inputs;
    }
}
