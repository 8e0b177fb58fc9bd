package io.oomstream.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.oomstream.event.Json;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecoderOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The read-ahead thread of {@code analyze}: the same lines, the same failures, the same events as reading inline. */
class ReadAheadReaderTest {

    private static List<String> lines(final BufferedReader r) throws IOException {
        final List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            out.add(line);
        }
        return out;
    }

    @Test
    void shouldGiveEveryLineInOrderAcrossBatchesAndLineEndings() throws IOException {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < ReadAheadReader.BATCH_LINES * 3 + 17; i++) {
            text.append("line ").append(i).append(i % 7 == 0 ? "\r\n" : i % 11 == 0 ? "\n\n" : "\n");
        }
        text.append("x".repeat(ReadAheadReader.BATCH_CHARS + 5)).append("\nlast line without a newline");

        final List<String> expected = lines(new BufferedReader(new StringReader(text.toString())));
        try (ReadAheadReader r = new ReadAheadReader(new BufferedReader(new StringReader(text.toString())))) {
            assertEquals(expected, lines(r));
            assertNull(r.readLine());
        }
    }

    @Test
    void shouldThrowTheSourcesFailureAfterTheLinesReadBeforeIt() throws IOException {
        final IOException failure = new IOException("disk on fire");
        final Reader failing = new Reader() {
            private final StringReader first = new StringReader("one\ntwo\n");

            @Override
            public int read(final char[] cbuf, final int off, final int len) throws IOException {
                final int n = first.read(cbuf, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        try (ReadAheadReader r = new ReadAheadReader(new BufferedReader(failing))) {
            assertEquals("one", r.readLine());
            assertEquals("two", r.readLine());
            assertSame(failure, assertThrows(IOException.class, r::readLine));
        }
    }

    @Test
    void shouldRefuseToReadOnceClosed() throws IOException {
        final ReadAheadReader r = new ReadAheadReader(new BufferedReader(new StringReader("a\nb\n")));
        r.close();
        assertThrows(IOException.class, r::readLine);
    }

    /** analyze's events over every fixture log are the same read ahead as read inline. */
    @Test
    void shouldLetAnalyzeWriteTheSameEventsAsReadingInline() throws IOException {
        final List<Path> logs;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/kernel-logs"))) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        for (final Path log : logs) {
            assertEquals(analyze(log, false), analyze(log, true), log.toString());
        }
    }

    private static List<String> analyze(final Path log, final boolean readAhead) throws IOException {
        final List<String> events = new ArrayList<>();
        final OfflineAnalysis a = new OfflineAnalysis(StitcherConfig.defaults(), new DecoderOptions(2024, ZoneOffset.UTC),
                e -> events.add(Json.write(e)));
        final BufferedReader inline = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(log),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)));
        try (BufferedReader r = readAhead ? new ReadAheadReader(inline) : inline) {
            a.read(r, ProgressListener.NONE);
        }
        a.finish();
        return events;
    }
}
