package io.oomstream.sink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Text columns of the sink tables that deploy/sql/schema.sql indexes (primary keys, the host and dimension
 * indexes), bounded so that PostgreSQL can index them. A B-tree index entry must fit in a third of a page (about
 * 2.7 kB); a longer one fails the insert ("index row requires 10016 bytes, maximum size is 8191"), and the JDBC
 * sink, with {@code errors.tolerance=none}, stops its task: one host name of 10,000 characters in a JSON record
 * would stop every row of the sink. A value of at most {@value #MAX_BYTES} UTF-8 bytes is stored as it is (real
 * host names are at most 253); a longer one as its longest prefix that fits, {@code "…"} and the first 16 hex
 * digits of the SHA-256 of the whole value, so the same value always gives the same key and two values stay two.
 * Every other column keeps its whole text; the whole value is always on the Kafka topics.
 */
public final class IndexedText {

    /** Per indexed text value: four of them (the kill-count key) plus a timestamp stay under 2.7 kB. */
    static final int MAX_BYTES = 512;
    private static final String ELLIPSIS = "…";
    private static final int HASH_HEX = 16;

    /** The indexed text columns of each table of deploy/sql/schema.sql. */
    static final Map<String, Set<String>> INDEXED = Map.of(
            "oom_events", Set.of("event_id", "host", "environment", "datacenter", "team", "kind"),
            "oom_incidents", Set.of("incident_id", "host", "status", "scope"),
            "oom_kill_counts", Set.of("service", "environment", "datacenter", "team", "namespace", "workload"));

    private IndexedText() {
    }

    /** {@code value} as column {@code column} of {@code table} stores it. */
    public static String bounded(final String table, final String column, final String value) {
        if (value.length() * 3 <= MAX_BYTES || !INDEXED.getOrDefault(table, Set.of()).contains(column)) {
            return value;
        }
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return value;
        }
        final int room = MAX_BYTES - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length - HASH_HEX;
        int end = 0;
        int bytes = 0;
        while (end < value.length()) {
            final int cp = value.codePointAt(end);
            final int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > room) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return value.substring(0, end) + ELLIPSIS + HexFormat.of().formatHex(sha256(utf8)).substring(0, HASH_HEX);
    }

    private static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
