package io.oomstream.bench;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline for {@code analyze}: a Java program that merely reads a file's lines, with the same buffers
 * and UTF-8 decoding as {@code analyze} ({@code java -cp target/oomstream.jar io.oomstream.bench.ReadLines FILE}).
 */
public final class ReadLines {

    private ReadLines() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp oomstream.jar io.oomstream.bench.ReadLines FILE");
            System.exit(2);
        }
        final long t0 = System.nanoTime();
        final long n = count(Path.of(args[0]));
        final double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("%,d lines in %.2f s (%,.0f lines/s)%n", n, secs, n / secs);
    }

    /** Reads every line of a file; returns how many there were. */
    public static long count(final Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = open(file)) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    /** The reader {@code analyze} uses: 64 KiB buffers, UTF-8 with malformed input replaced. */
    static BufferedReader open(final Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16);
    }
}
