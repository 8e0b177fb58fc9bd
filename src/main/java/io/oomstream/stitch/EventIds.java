package io.oomstream.stitch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Deterministic event ids: from the host and the report's first line (its kernel uptime stamp,
 * else its wall-clock second, and its text with whitespace collapsed), never from arrival
 * order or a counter, so a replay or a redelivered copy of a report gets the same id.
 */
public final class EventIds {

    /** Compiled once: String.replaceAll compiled it for every report a storm opened. */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private EventIds() {
    }

    public static String of(final String hostKey, final ReportLine first) {
        final String stamp;
        if (first.uptimeMicros() != null) {
            stamp = "u" + first.uptimeMicros();
        } else if (first.epochMillis() != null) {
            stamp = "t" + Math.floorDiv(first.epochMillis(), 1000L);
        } else {
            stamp = "-";
        }
        final String text = first.message() == null ? "" : WHITESPACE.matcher(first.message().strip()).replaceAll(" ");
        return digest(hostKey + '\n' + stamp + '\n' + text);
    }

    private static String digest(final String s) {
        try {
            final byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }
}
