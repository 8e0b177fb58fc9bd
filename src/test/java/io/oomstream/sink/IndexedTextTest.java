package io.oomstream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.testing.HostileFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Text in indexed sink columns stays indexable by PostgreSQL: long values bounded, the same way every time. */
class IndexedTextTest {

    @Test
    void shouldStoreARealHostNameAsItIs() {
        final String fqdn = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);

        assertEquals(fqdn, IndexedText.bounded("oom_events", "host", fqdn), "253 characters, the DNS maximum");
        assertEquals("進程'\"<\\;", IndexedText.bounded("oom_events", "host", "進程'\"<\\;"));
    }

    @Test
    void shouldBoundALongHostToAPrefixAndAHashOfTheWhole() {
        final String bounded = IndexedText.bounded("oom_events", "host", HostileFixtures.LONG_HOST);

        assertTrue(bounded.getBytes(StandardCharsets.UTF_8).length <= IndexedText.MAX_BYTES, bounded);
        assertTrue(bounded.matches("(?s)h'\"<\\\\;.*…[0-9a-f]{16}"), bounded);
        assertTrue(HostileFixtures.LONG_HOST.startsWith(bounded.substring(0, bounded.indexOf('…'))));
        assertEquals(bounded, IndexedText.bounded("oom_incidents", "host", HostileFixtures.LONG_HOST), "deterministic");
        assertNotEquals(bounded, IndexedText.bounded("oom_events", "host", HostileFixtures.LONG_HOST + "x"),
                "two hosts with the same first 500 bytes stay two keys");
        final String wide = "進".repeat(1000);
        final String boundedWide = IndexedText.bounded("oom_kill_counts", "team", wide);
        assertTrue(boundedWide.getBytes(StandardCharsets.UTF_8).length <= IndexedText.MAX_BYTES, "bytes, not chars");
        assertTrue(boundedWide.startsWith("進進進"));
    }

    @Test
    void shouldKeepUnindexedColumnsWhole() {
        assertEquals(HostileFixtures.LONG_MEMCG, IndexedText.bounded("oom_events", "task_memcg", HostileFixtures.LONG_MEMCG));
        assertEquals(HostileFixtures.LONG_HOST, IndexedText.bounded("oom_events", "victim_name", HostileFixtures.LONG_HOST));
    }

    @Test
    void shouldKnowEveryIndexedTextColumnOfSchemaSql() throws IOException {
        final String sql = Files.readString(Path.of("deploy", "sql", "schema.sql"));
        final Map<String, Set<String>> textColumns = new HashMap<>();
        final Map<String, Set<String>> indexed = new HashMap<>();
        final Matcher table = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+) \\((.*?)\\n\\);", Pattern.DOTALL).matcher(sql);
        while (table.find()) {
            final Set<String> text = new HashSet<>();
            final Matcher col = Pattern.compile("(?m)^\\s+(\\w+)\\s+text\\b(.*)$").matcher(table.group(2));
            while (col.find()) {
                text.add(col.group(1));
                if (col.group(2).contains("PRIMARY KEY")) {
                    indexed.computeIfAbsent(table.group(1), t -> new HashSet<>()).add(col.group(1));
                }
            }
            textColumns.put(table.group(1), text);
            final Matcher pk = Pattern.compile("PRIMARY KEY \\(([^)]*)\\)").matcher(table.group(2));
            while (pk.find()) {
                add(indexed, table.group(1), pk.group(1), text);
            }
        }
        final Matcher index = Pattern.compile("CREATE INDEX IF NOT EXISTS \\w+ ON (\\w+) \\(([^)]*)\\)(.*);").matcher(sql);
        while (index.find()) {
            add(indexed, index.group(1), index.group(2), textColumns.get(index.group(1)));
            add(indexed, index.group(1), index.group(3).replaceAll("[^a-z_ ]", " "), textColumns.get(index.group(1)));
        }

        assertEquals(indexed, IndexedText.INDEXED, "the text columns schema.sql indexes (keys, indexes, predicates)");
    }

    private static void add(final Map<String, Set<String>> indexed, final String table, final String columns,
                            final Set<String> text) {
        for (final String c : columns.split("[,\\s]+")) {
            if (text.contains(c.trim())) {
                indexed.computeIfAbsent(table, t -> new HashSet<>()).add(c.trim());
            }
        }
    }
}
