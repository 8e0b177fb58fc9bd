package io.oomstream.topology;

import io.oomstream.config.AppConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic oomstream reads or writes, with the settings it needs. One list serves the demo,
 * the tests, {@code oomstream topics create} and the deployment files, so they cannot drift.
 */
public final class TopicPlan {

    private TopicPlan() {
    }

    /**
     * @param partitions partitions of the keyed streams (input, events); compacted tables get the same
     * @param replication replication factor ({@code -1}: the broker's default)
     */
    public static List<NewTopic> topics(final AppConfig config, final int partitions, final short replication) {
        return List.of(
                // Shippers stamp records with the log line's own time; a broker refuses records more than an
                // hour in the future (clock skew, a wrongly inferred year), so the input takes the broker's time.
                topic(config.inputTopic(), partitions, replication,
                        Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")),
                topic(config.eventsTopic(), partitions, replication, Map.of()),
                topic(config.enrichedTopic(), partitions, replication, Map.of()),
                topic(config.deadletterTopic(), 1, replication, Map.of(TopicConfig.RETENTION_MS_CONFIG, "1209600000")),
                topic(config.incidentsTopic(), partitions, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                topic(config.killCountsTopic(), partitions, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                topic(config.fleetTopic(), 1, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                topic(config.podsTopic(), 1, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                // Rows for the JDBC sink (docs/sink.md), retained like the topics they mirror.
                topic(config.sinkEventsTopic(), partitions, replication, Map.of()),
                topic(config.sinkIncidentsTopic(), partitions, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                topic(config.sinkKillCountsTopic(), partitions, replication,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /** Names of the topics that must exist before the application starts. */
    public static List<String> names(final AppConfig config) {
        return topics(config, 1, (short) -1).stream().map(NewTopic::name).toList();
    }

    private static NewTopic topic(final String name, final int partitions, final short replication,
                                  final Map<String, String> configs) {
        return new NewTopic(name, partitions, replication).configs(configs);
    }
}
