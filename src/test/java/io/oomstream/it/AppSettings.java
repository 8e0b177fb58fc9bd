package io.oomstream.it;

import io.oomstream.config.AppConfig;
import io.oomstream.topology.TopicPlan;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings of one application under test on the shared broker: every topic named after {@code prefix}, created. */
final class AppSettings {

    private AppSettings() {
    }

    /**
     * The settings of an application {@code prefix} with its state in {@code stateDir}, {@code extra} on top; its
     * topics are created (4 partitions) before this returns.
     */
    static Map<String, String> of(final KafkaClusterExtension kafka, final String prefix, final Path stateDir,
                                  final Map<String, String> extra) {
        return of(kafka, prefix, stateDir, extra, 4);
    }

    /** {@link #of(KafkaClusterExtension, String, Path, Map)} with topics of {@code partitions} partitions. */
    static Map<String, String> of(final KafkaClusterExtension kafka, final String prefix, final Path stateDir,
                                  final Map<String, String> extra, final int partitions) {
        final Map<String, String> s = named(prefix, stateDir);
        s.put("bootstrap.servers", kafka.bootstrapServers());
        s.putAll(extra);
        kafka.createTopics(TopicPlan.topics(AppConfig.load(null, Map.of(), s), partitions, (short) 1));
        return s;
    }

    /**
     * The application id and every topic named after {@code prefix}, state in {@code stateDir}, no HTTP port, quick
     * commits, replication 1; no broker address (the caller's).
     */
    static Map<String, String> named(final String prefix, final Path stateDir) {
        final Map<String, String> s = new HashMap<>();
        s.put(AppConfig.APPLICATION_ID, prefix);
        s.put(AppConfig.INPUT_TOPIC, prefix + ".in");
        s.put(AppConfig.EVENTS_TOPIC, prefix + ".events");
        s.put(AppConfig.DEADLETTER_TOPIC, prefix + ".dead");
        s.put(AppConfig.INCIDENTS_TOPIC, prefix + ".incidents");
        s.put(AppConfig.KILL_COUNTS_TOPIC, prefix + ".kill-counts");
        s.put(AppConfig.FLEET_TOPIC, prefix + ".fleet");
        s.put(AppConfig.ENRICHED_TOPIC, prefix + ".enriched");
        s.put(AppConfig.STATE_DIR, stateDir.toString());
        s.put(AppConfig.HTTP_PORT, "-1");
        s.put(AppConfig.COMMIT_INTERVAL_MS, "100");
        s.put(AppConfig.REPLICATION_FACTOR, "1");
        return s;
    }
}
