package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.oomstream.event.OomEvent;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A log saved on Windows in UTF-16 (with its byte-order mark, CRLF) gives the events of the UTF-8 original. */
class InputEncodingTest {

    private static final Path ORIGINAL = Fixtures.RESOURCES.resolve("kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log");

    @ParameterizedTest
    @ValueSource(strings = {"5.10-cgroup-v2-docker-memcg.windows-utf16le-bom-crlf.log",
            "5.10-cgroup-v2-docker-memcg.utf16be-bom.log"})
    void shouldReadUtf16BehindItsByteOrderMark(final String file) throws IOException {
        final List<OomEvent> original = analyze(ORIGINAL);
        final List<OomEvent> utf16 = analyze(Fixtures.RESOURCES.resolve("encodings").resolve(file));

        assertFalse(original.isEmpty());
        assertEquals(original, utf16);
    }

    private static List<OomEvent> analyze(final Path file) throws IOException {
        final List<OomEvent> events = new ArrayList<>();
        final OfflineAnalysis analysis = new OfflineAnalysis(StitcherConfig.defaults(), Fixtures.OPTIONS, events::add);
        try (InputStream in = Files.newInputStream(file); BufferedReader lines = InputEncoding.lines(in)) {
            analysis.read(lines, ProgressListener.NONE);
        }
        analysis.finish();
        return events;
    }
}
