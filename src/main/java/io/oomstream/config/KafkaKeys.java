package io.oomstream.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which Kafka client config keys oomstream accepts, and checks of their values against Kafka's own
 * {@link ConfigDef}s. Accepted: every Streams, consumer, producer and admin config name; the same names
 * behind Streams' client prefixes ({@code consumer.}, {@code main.consumer.}, {@code restore.consumer.},
 * {@code global.consumer.}, {@code producer.}, {@code admin.}); topic configs behind {@code topic.}; and,
 * with or without a prefix, any {@code ssl.*} / {@code sasl.*} key and {@code security.protocol} (TLS and
 * SASL settings pass through untouched, whatever the login module needs).
 */
final class KafkaKeys {

    private record Prefix(String prefix, ConfigDef def, Set<String> names) {
    }

    private static final ConfigDef STREAMS = StreamsConfig.configDef();
    private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
    private static final ConfigDef PRODUCER = ProducerConfig.configDef();
    private static final ConfigDef ADMIN = AdminClientConfig.configDef();
    private static final List<ConfigDef> UNPREFIXED = List.of(STREAMS, CONSUMER, PRODUCER, ADMIN);
    private static final Set<String> TOPIC_CONFIGS = topicConfigNames();
    private static final List<Prefix> PREFIXES = List.of(
        new Prefix(StreamsConfig.MAIN_CONSUMER_PREFIX, CONSUMER, CONSUMER.names()),
        new Prefix(StreamsConfig.RESTORE_CONSUMER_PREFIX, CONSUMER, CONSUMER.names()),
        new Prefix(StreamsConfig.GLOBAL_CONSUMER_PREFIX, CONSUMER, CONSUMER.names()),
        new Prefix(StreamsConfig.CONSUMER_PREFIX, CONSUMER, CONSUMER.names()),
        new Prefix(StreamsConfig.PRODUCER_PREFIX, PRODUCER, PRODUCER.names()),
        new Prefix(StreamsConfig.ADMIN_CLIENT_PREFIX, ADMIN, ADMIN.names()),
        new Prefix(StreamsConfig.TOPIC_PREFIX, null, TOPIC_CONFIGS));
    private static final Set<String> ALL_NAMES = allNames();

    private KafkaKeys() {
    }

    /** Whether {@code key} is a Kafka client key oomstream passes on. */
    static boolean isKnown(final String key) {
        if (isSecurity(key)) {
            return true;
        }
        for (final ConfigDef def : UNPREFIXED) {
            if (def.names().contains(key)) {
                return true;
            }
        }
        for (final Prefix p : PREFIXES) {
            if (key.startsWith(p.prefix())) {
                final String rest = key.substring(p.prefix().length());
                return p.names().contains(rest) || isSecurity(rest);
            }
        }
        return false;
    }

    /**
     * Checks the value of a known key with Kafka's own parser and validator, e.g. a non-numeric
     * {@code max.poll.records}; returns the problem, if any. Unknown keys are not checked here.
     */
    static Optional<String> checkValue(final String key, final String value) {
        ConfigDef def = null;
        String name = key;
        for (final ConfigDef candidate : UNPREFIXED) {
            if (candidate.names().contains(key)) {
                def = candidate;
                break;
            }
        }
        if (def == null) {
            for (final Prefix p : PREFIXES) {
                if (key.startsWith(p.prefix())) {
                    def = p.def();
                    name = key.substring(p.prefix().length());
                    break;
                }
            }
        }
        if (def == null || !def.configKeys().containsKey(name)) {
            return Optional.empty();
        }
        final ConfigDef.ConfigKey configKey = def.configKeys().get(name);
        try {
            final Object parsed = ConfigDef.parseType(name, value, configKey.type);
            if (configKey.validator != null) {
                configKey.validator.ensureValid(name, parsed);
            }
            return Optional.empty();
        } catch (final ConfigException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The closest accepted key to a mistyped one, if any is close enough to be a likely typo. */
    static Optional<String> suggest(final String key) {
        for (final Prefix p : PREFIXES) {
            if (key.startsWith(p.prefix())) {
                return closest(key.substring(p.prefix().length()), p.names()).map(s -> p.prefix() + s);
            }
        }
        return closest(key, ALL_NAMES);
    }

    /**
     * Closest candidate by edit distance, if at most max(2, length/4) edits away; the first of equally close ones.
     * Each candidate's distance is computed only up to the best found so far (a mistyped key is compared with every
     * Kafka config name, several hundred, and a long unknown key cost milliseconds compared in full).
     */
    static Optional<String> closest(final String key, final Collection<String> candidates) {
        String best = null;
        int limit = Math.max(2, key.length() / 4);
        for (final String candidate : candidates) {
            final int d = distanceWithin(key, candidate, limit);
            if (d <= limit) {
                best = candidate;
                // Only a strictly closer candidate can replace this one.
                limit = d - 1;
                if (limit < 0) {
                    break;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean isSecurity(final String key) {
        return key.startsWith("ssl.") || key.startsWith("sasl.") || "security.protocol".equals(key);
    }

    /**
     * The Levenshtein distance of {@code a} and {@code b} when it is at most {@code limit}, else some value above
     * {@code limit}: the length difference and the character counts' difference are lower bounds, and so is the
     * smallest entry of a row, which never shrinks from one row to the next.
     */
    static int distanceWithin(final String a, final String b, final int limit) {
        if (Math.abs(a.length() - b.length()) > limit || countDifference(a, b) > limit) {
            return limit + 1;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            final int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    /**
     * A lower bound of the edit distance in one pass: compare how often each character occurs (counted in 64 buckets,
     * which can only make the counts look closer). An insertion or deletion changes one count by one, a substitution
     * two counts by one each, so every edit shrinks the larger of the surplus on either side by at most one.
     */
    private static int countDifference(final String a, final String b) {
        final int[] counts = new int[64];
        for (int i = 0; i < a.length(); i++) {
            counts[a.charAt(i) & 63]++;
        }
        for (int i = 0; i < b.length(); i++) {
            counts[b.charAt(i) & 63]--;
        }
        int surplusA = 0;
        int surplusB = 0;
        for (final int c : counts) {
            if (c > 0) {
                surplusA += c;
            } else {
                surplusB -= c;
            }
        }
        return Math.max(surplusA, surplusB);
    }

    private static Set<String> allNames() {
        final Set<String> names = new TreeSet<>();
        UNPREFIXED.forEach(def -> names.addAll(def.names()));
        return names;
    }

    /** TopicConfig has no name list; its public String constants ending in _CONFIG are the names. */
    private static Set<String> topicConfigNames() {
        final Set<String> names = new TreeSet<>();
        for (final Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (final IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
