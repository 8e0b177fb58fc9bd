package io.oomstream.testing;

import io.oomstream.event.OomEvent;
import io.oomstream.offline.OfflineAnalysis;
import io.oomstream.offline.ProgressListener;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Runs test inputs through the offline pipeline (the same stitcher as the topology) and checks every event's schema. */
public final class Fixtures {

    /** Seeds and fixtures are dated in 2026 unless their year is set: fixed, so tests do not depend on today. */
    public static final DecoderOptions OPTIONS = new DecoderOptions(2026, ZoneOffset.UTC);
    public static final Path RESOURCES = Path.of("src", "test", "resources");

    private Fixtures() {
    }

    public static String read(final String resource) {
        try {
            return Files.readString(RESOURCES.resolve(resource), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Analyses a resource file under src/test/resources. */
    public static List<OomEvent> analyzeResource(final String resource) {
        return analyze(read(resource), StitcherConfig.defaults());
    }

    public static List<OomEvent> analyze(final String text) {
        return analyze(text, StitcherConfig.defaults());
    }

    public static List<OomEvent> analyze(final String text, final StitcherConfig config) {
        final List<OomEvent> events = new ArrayList<>();
        final OfflineAnalysis analysis = new OfflineAnalysis(config, OPTIONS, events::add);
        try {
            analysis.read(new BufferedReader(new StringReader(text)), ProgressListener.NONE);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        analysis.finish();
        events.forEach(EventSchema::assertValidEvent);
        return events;
    }
}
