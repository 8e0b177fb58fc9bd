package io.oomstream.metamorphic;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One whole-report golden fixture as the transformations see it: its physical lines, and what each decodes to
 * (host, time, program, stamp, message), so a transformation can write the same lines in another layout.
 */
final class FixtureText {

    /** One physical line of the fixture and the lines it decodes to (none for prose and junk). */
    record Line(String raw, List<LogLine> decoded) {

        boolean isDecoded() {
            return !decoded.isEmpty();
        }
    }

    final String name;
    final List<Line> lines;
    final boolean json;
    final Set<String> hosts;
    final boolean hasStamps;
    final boolean hasWallTime;

    private FixtureText(final String name, final List<Line> lines) {
        this.name = name;
        this.lines = lines;
        this.json = lines.stream().anyMatch(l -> l.raw().startsWith("{"));
        final Set<String> h = new LinkedHashSet<>();
        boolean stamps = false;
        boolean wall = false;
        for (final Line l : lines) {
            for (final LogLine d : l.decoded()) {
                if (d.host() != null && KernelGrammar.mayMatter(d)) {
                    h.add(d.host());
                }
                stamps |= d.uptimeMicros() != null;
                wall |= d.time() != null;
            }
        }
        this.hosts = h;
        this.hasStamps = stamps;
        this.hasWallTime = wall;
    }

    /** Every fixture GoldenReportsTest reads: the sidecar and the log beside it. */
    static List<Path> expectedFiles() {
        final List<Path> all = new ArrayList<>();
        for (final String dir : List.of("kernel-logs", "seeds")) {
            try (Stream<Path> walk = Files.walk(Fixtures.RESOURCES.resolve(dir))) {
                walk.filter(p -> p.toString().endsWith(".expected.json")).sorted().forEach(all::add);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    static Path logFor(final Path expectedFile) {
        final String base = expectedFile.getFileName().toString().replace(".expected.json", "");
        for (final String suffix : List.of("", ".log", ".txt")) {
            final Path p = expectedFile.resolveSibling(base + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("no log beside " + expectedFile);
    }

    static FixtureText load(final Path log) {
        final String text;
        try {
            text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        final List<Line> lines = new ArrayList<>();
        for (final String raw : text.split("\n", -1)) {
            if (raw.isEmpty() && lines.size() > 0 && text.endsWith("\n")) {
                continue;
            }
            final Decoded d = decoder.decode(raw);
            final List<LogLine> kept = d.lines().stream().filter(l -> l.format() != SourceFormat.UNKNOWN_PREFIX).toList();
            lines.add(new Line(raw, kept));
        }
        return new FixtureText(log.getFileName().toString(), lines);
    }

    /** The part of {@code raw} in front of {@code message}, when the line ends with it (one-line text records). */
    static String prefixOf(final String raw, final LogLine line) {
        return raw.endsWith(line.message()) ? raw.substring(0, raw.length() - line.message().length()) : null;
    }
}
