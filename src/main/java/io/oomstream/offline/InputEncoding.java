package io.oomstream.offline;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The lines of an input in its encoding: UTF-8 (a log file, with or without a byte-order mark), or UTF-16 when the
 * input starts with its byte-order mark, as a log saved on Windows does (Notepad's "Unicode", PowerShell 5's
 * {@code Out-File} and {@code >} redirection). Read as UTF-8, every UTF-16 line was undecodable and the input gave
 * no event.
 */
public final class InputEncoding {

    private InputEncoding() {
    }

    /** The lines of {@code in}; undecodable bytes become U+FFFD, never an error. */
    public static BufferedReader lines(final InputStream input) throws IOException {
        final InputStream in = input.markSupported() ? input : new BufferedInputStream(input, 1 << 16);
        in.mark(2);
        final int b1 = in.read();
        final int b2 = in.read();
        in.reset();
        if (b1 == 0xFF && b2 == 0xFE || b1 == 0xFE && b2 == 0xFF) {
            // UTF-16 reads the mark, takes its byte order from it and drops it.
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_16), 1 << 16);
        }
        // The lines as a BufferedReader over a replacing UTF-8 decoder reads them, split on the bytes (less work).
        return new Utf8LineReader(in);
    }
}
