package io.oomstream.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: the sample records under {@code src/test/resources/syslog/}. */
final class SyslogSamples {

    private SyslogSamples() {
    }

    /** The raw bytes of a sample. */
    static byte[] bytes(final String name) {
        try (InputStream in = SyslogSamples.class.getResourceAsStream("/syslog/" + name)) {
            assertNotNull(in, "missing test resource syslog/" + name);
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of a sample, one per line, exactly as written (no trimming). */
    static List<String> records(final String name) {
        final String text = new String(bytes(name), StandardCharsets.UTF_8);
        final List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Decodes every record of a sample in order with one decoder (one stream). */
    static List<Decoded> decodeAll(final SyslogDecoder decoder, final String name, final Instant reference) {
        final List<Decoded> results = new ArrayList<>();
        for (final String record : records(name)) {
            results.add(decoder.decode(record, reference));
        }
        return results;
    }

    /** The lines of a successful result; fails the test on an error. */
    static List<LogLine> ok(final Decoded decoded) {
        assertNull(decoded.error(), "unexpected error");
        return decoded.lines();
    }

    /** The one line of a successful single-line result. */
    static LogLine single(final Decoded decoded) {
        final List<LogLine> lines = ok(decoded);
        assertEquals(1, lines.size(), () -> "expected one line, got " + lines);
        return lines.get(0);
    }

    /** A rejected result's error; fails the test when lines were decoded. */
    static String error(final Decoded decoded) {
        assertEquals(List.of(), decoded.lines(), "expected no lines");
        assertNotNull(decoded.error(), "expected an error");
        return decoded.error();
    }

    static Instant at(final String iso) {
        return Instant.parse(iso);
    }
}
