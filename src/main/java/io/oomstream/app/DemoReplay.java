package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.enrich.FleetFile;
import io.oomstream.enrich.FleetIndex;
import io.oomstream.enrich.HostNames;
import io.oomstream.event.Json;
import io.oomstream.loadgen.CheckedSends;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.SyslogDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Feeds the demo's input topic and tells when the application has processed all of it. */
final class DemoReplay {

    /** The incident write-ups the product was born from, packaged into the jar from the test fixtures. */
    static final List<String> SEEDS = List.of(
            "000-centos6-httpd-workers-www8321uj.txt",
            "001-rhel4-cascade-mail.txt",
            "002-centos65-kvm-fragmentation-wv2-f302.txt",
            "003-debian-apache2-unit-kill.txt");

    record Sent(long total, long seedLines, long generatedLines) {
    }

    private DemoReplay() {
    }

    /** The example fleet metadata of deploy/fleet (packaged into the jar): the seed hosts and a few more. */
    private static void publishFleet(final KafkaProducer<byte[], byte[]> producer, final String topic) throws IOException {
        try (InputStream in = DemoReplay.class.getResourceAsStream("/demo/fleet/fleet-example.yaml")) {
            if (in == null) {
                throw new IOException("fleet-example.yaml is missing from the jar");
            }
            final FleetIndex fleet = FleetFile.index(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "fleet-example.yaml");
            final CheckedSends sends = new CheckedSends();
            fleet.byKey().forEach((key, host) -> producer.send(new ProducerRecord<>(topic,
                    key.getBytes(StandardCharsets.UTF_8), Json.write(host).getBytes(StandardCharsets.UTF_8)), sends));
            producer.flush();
            sends.throwIfFailed(topic);
        }
    }

    private static byte[] hostKey(final Decoded decoded) {
        final String host = decoded.lines().isEmpty() ? null : decoded.lines().get(0).host();
        return host == null ? null : host.getBytes(StandardCharsets.UTF_8);
    }

    /** The seed write-ups' host keys ({@link HostNames#key}), as their lines name them. */
    static Set<String> seedHosts() throws IOException {
        final Set<String> hosts = new HashSet<>();
        forEachSeedLine((line, decoded) -> {
            final byte[] host = hostKey(decoded);
            if (host != null) {
                hosts.add(HostNames.key(new String(host, StandardCharsets.UTF_8)));
            }
        });
        return hosts;
    }

    /** What to do with one line of a seed write-up, given as read and as decoded. */
    @FunctionalInterface
    private interface SeedLine {
        void accept(String line, Decoded decoded);
    }

    /** Reads every seed write-up bundled in the jar, line by line, each file with a decoder of its own. */
    private static void forEachSeedLine(final SeedLine action) throws IOException {
        for (final String seedFile : SEEDS) {
            try (InputStream in = DemoReplay.class.getResourceAsStream("/demo/seeds/" + seedFile)) {
                if (in == null) {
                    throw new IOException("seed " + seedFile + " is missing from the jar");
                }
                final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                final SyslogDecoder decoder = new SyslogDecoder();
                String line;
                while ((line = r.readLine()) != null) {
                    action.accept(line, decoder.decode(line));
                }
            }
        }
    }

    static Sent produce(final AppConfig config, final int hosts, final int lines, final long seed) throws IOException {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long seedLines = 0;
        long generated = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            publishFleet(producer, config.fleetTopic());
            final AtomicLong sent = new AtomicLong();
            final CheckedSends sends = new CheckedSends();
            // Keyed by host, as the shipped rsyslog configuration does: a host's lines stay on one partition, in
            // order. (Unkeyed input spread over partitions loses that order.)
            forEachSeedLine((line, decoded) -> {
                producer.send(new ProducerRecord<>(config.inputTopic(), hostKey(decoded),
                        line.getBytes(StandardCharsets.UTF_8)), sends);
                sent.incrementAndGet();
            });
            producer.flush();
            sends.throwIfFailed(config.inputTopic());
            seedLines = sent.get();
            generated = DemoTraffic.send(producer, config.inputTopic(), hosts, lines, seed);
            producer.flush();
        }
        return new Sent(seedLines + generated, seedLines, generated);
    }

    /**
     * Waits until the application's consumer group has committed the end of the input topic and
     * no event has arrived for a quiet period longer than the idle timeout plus the reaper grace
     * (so reports that never end have been emitted, marked incomplete).
     */
    static void awaitProcessed(final AppConfig config, final Sent sent, final AtomicLong lastEventNanos,
                               final Duration timeout) throws Exception {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        final long quietNanos = config.idleTimeout().plus(config.reaperGrace()).plusSeconds(2).toNanos();
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            final List<TopicPartition> partitions = admin.describeTopics(List.of(config.inputTopic())).allTopicNames()
                    .get().get(config.inputTopic()).partitions().stream()
                    .map(i -> new TopicPartition(config.inputTopic(), i.partition())).toList();
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            final Map<TopicPartition, Long> end = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            boolean consumed = false;
            while (System.nanoTime() < deadline) {
                if (!consumed) {
                    final Map<TopicPartition, OffsetAndMetadata> committed = admin
                            .listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get();
                    consumed = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                            || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                    if (consumed) {
                        lastEventNanos.set(Math.max(lastEventNanos.get(), System.nanoTime()));
                    }
                } else if (System.nanoTime() - lastEventNanos.get() > quietNanos) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            System.err.println("oomstream demo: gave up waiting after " + timeout.toSeconds() + " s");
        }
    }

}
