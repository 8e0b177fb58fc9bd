package io.oomstream.app;

import org.apache.kafka.clients.producer.KafkaProducer;

/** Generated fleet traffic for the demo (placeholder until the load generator lands). */
final class DemoTraffic {

    private DemoTraffic() {
    }

    static long send(final KafkaProducer<byte[], byte[]> producer, final String topic, final int hosts,
                     final int lines, final long seed) {
        return 0;
    }
}
