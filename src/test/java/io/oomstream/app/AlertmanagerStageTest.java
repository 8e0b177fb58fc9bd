package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.config.AppConfig;
import io.oomstream.metrics.Metrics;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The stage's Kafka consumer settings, and that it stays off unless asked for. */
class AlertmanagerStageTest {

    @Test
    void shouldNotStartWithoutAnAlertmanagerUrl() {
        assertNull(AlertmanagerStage.startIfEnabled(AppConfig.defaults(), new Metrics()));
    }

    @Test
    void shouldPassSecurityAndConsumerKeysButNotProducerOrStreamsOnes() {
        final AppConfig config = AppConfig.load(null, Map.of(), Map.of(
                "bootstrap.servers", "kafka-0:9093",
                "security.protocol", "SSL",
                "ssl.truststore.location", "/etc/kafka/trust.p12",
                "consumer.max.poll.records", "10",
                "producer.linger.ms", "5",
                "num.stream.threads", "4",
                AppConfig.APPLICATION_ID, "oomstream-eu"));

        final Properties p = AlertmanagerStage.consumerProperties(config);

        assertEquals("kafka-0:9093", p.get("bootstrap.servers"));
        assertEquals("SSL", p.get("security.protocol"));
        assertEquals("/etc/kafka/trust.p12", p.get("ssl.truststore.location"));
        assertEquals("10", p.get("max.poll.records"));
        assertEquals("oomstream-eu-alertmanager", p.get("group.id"));
        assertEquals("read_committed", p.get("isolation.level"));
        assertEquals("false", p.get("enable.auto.commit"));
        assertFalse(p.containsKey("linger.ms"));
        assertFalse(p.containsKey("num.stream.threads"));
        assertFalse(p.containsKey("producer.linger.ms"));
    }
}
