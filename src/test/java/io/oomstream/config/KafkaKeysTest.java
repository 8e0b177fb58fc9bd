package io.oomstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The "did you mean" of unknown keys: the edit distance cut off at the best so far gives the full one's answer. */
class KafkaKeysTest {

    @Test
    void distanceWithinIsTheEditDistanceWhenWithinTheLimitAndAboveTheLimitOtherwise() {
        final List<String> names = new ArrayList<>(ConsumerConfig.configDef().names());
        final Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            final String a = names.get(random.nextInt(names.size()));
            final String b = random.nextBoolean() ? names.get(random.nextInt(names.size())) : typo(a, random);
            final int full = levenshtein(a, b);
            for (final int limit : new int[] {0, 1, 2, 5, 10, 40}) {
                final int within = KafkaKeys.distanceWithin(a, b, limit);
                if (full <= limit) {
                    assertEquals(full, within, a + " / " + b + " limit " + limit);
                } else {
                    assertTrue(within > limit, a + " / " + b + " limit " + limit + ": " + within);
                }
            }
        }
    }

    @Test
    void closestIsTheFirstOfTheNearestCandidatesWithinAQuarterOfTheKey() {
        // "linger.mx" is one edit from both; the first listed wins, as before the cut-off.
        assertEquals(Optional.of("linger.ms"), KafkaKeys.closest("linger.mx", List.of("acks", "linger.ms", "linger.mz")));
        assertEquals(Optional.of("linger.mz"), KafkaKeys.closest("linger.mx", List.of("linger.mz", "linger.ms")));
        // A closer candidate later in the list still wins over an earlier one.
        assertEquals(Optional.of("max.poll.records"),
            KafkaKeys.closest("max.poll.record", List.of("max.poll.recs", "max.poll.records")));
        // Two edits on a nine-character key are max(2, 9/4): still a typo; three on ten are not.
        assertEquals(Optional.of("linger.ms"), KafkaKeys.closest("linger.ab", List.of("linger.ms", "acks")));
        assertEquals(Optional.empty(), KafkaKeys.closest("linger.abc", List.of("linger.ms", "acks")));
        assertEquals(Optional.empty(), KafkaKeys.closest("x".repeat(40), List.of("bootstrap.servers")));
    }

    @Test
    void suggestFindsTheKafkaKeyBehindAPrefixAndWithout() {
        assertEquals(Optional.of("bootstrap.servers"), KafkaKeys.suggest("bootstrap.server"));
        assertEquals(Optional.of("consumer.max.poll.records"), KafkaKeys.suggest("consumer.max.poll.record"));
        assertEquals(Optional.empty(), KafkaKeys.suggest("\u0000garbage-that-is-no-kafka-key-at-all\u00e9"));
    }

    private static String typo(final String s, final Random random) {
        final StringBuilder b = new StringBuilder(s);
        for (int edits = random.nextInt(6); edits > 0 && b.length() > 0; edits--) {
            final int at = random.nextInt(b.length());
            switch (random.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, (char) ('a' + random.nextInt(26)));
                default -> b.setCharAt(at, (char) ('a' + random.nextInt(26)));
            }
        }
        return b.toString();
    }

    /** The textbook full table, as the reference. */
    private static int levenshtein(final String a, final String b) {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
            }
        }
        return d[a.length()][b.length()];
    }
}
