package io.oomstream.metamorphic;

import io.oomstream.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DumpTransformedTest {
    @Test
    void dump() throws Exception {
        for (final Path e : FixtureText.expectedFiles()) {
            final FixtureText f = FixtureText.load(FixtureText.logFor(e));
            for (final Transformation t : Transformation.all()) {
                if (t.notFor().apply(f) != null) continue;
                final Path dir = Path.of("/tmp/x/meta", t.name().replaceAll("[^A-Za-z0-9]+", "_"));
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(f.name), t.apply().apply(f));
            }
        }
    }
}
