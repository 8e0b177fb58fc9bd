package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.topology.TopicPlan;
import io.oomstream.config.AppConfig;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos soak: a generated fleet (2,000 hosts, every kernel era, cascades, memory.oom.group kills, verbatim
 * duplicates, truncated reports, systemd unit lines, three transports) flows through two or three {@code run}
 * instances (child JVMs, exactly_once_v2, static membership) on a real broker while a chaos loop SIGKILLs a random
 * instance every 10-30 s and restarts it on its state directory, bounces the broker twice (same log dir and port),
 * and adds a third instance and later removes it (rebalances). Then the {@link SoakLedger} reconciles the output,
 * read_committed, against the generator's ground truth and prints it (lines starting {@code SOAK}).
 *
 * <p>Short form by default (about 2 minutes of chaos, run by {@code mvn verify}); the long form sets
 * {@code -Doomstream.soak.minutes=30} (RELIABILITY.md, "Chaos soak"). Other knobs: {@code oomstream.soak.hosts},
 * {@code oomstream.soak.rate} (lines per second), {@code oomstream.soak.seed}.
 */
@Tag("broker")
@Timeout(value = 3, unit = TimeUnit.HOURS) // the short form ends in minutes; every wait below has its own bound
class ChaosSoakOnBrokerTest {

    private static final double MINUTES = Double.parseDouble(System.getProperty("oomstream.soak.minutes", "2"));
    private static final int HOSTS = Integer.getInteger("oomstream.soak.hosts", 2_000);
    private static final int RATE = Integer.getInteger("oomstream.soak.rate", 500);
    private static final long SEED = Long.getLong("oomstream.soak.seed", 13);
    private static final long WINDOW_MS = 10_000;
    private static final int PARTITIONS = 6;
    private static final String APP = "soak";

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    @TempDir
    Path work;

    @Test
    void shouldCountEveryKillExactlyOnceThroughCrashesBrokerBouncesAndRebalances() throws Exception {
        final Duration chaos = Duration.ofSeconds(Math.round(MINUTES * 60));
        final long lines = chaos.toSeconds() * RATE;
        final GeneratorConfig generated = GeneratorConfig.defaults().withHosts(HOSTS).withLines(lines)
                .withFormat(OutputFormat.MIXED).withOomRate(5).withShares(0.15, 0.08, 0.06).withSeed(SEED)
                .withLinesPerSecond(RATE)
                // Log time in the past (the broker refuses records an hour ahead), ending before the soak does.
                .withStart(Instant.now().minus(chaos).minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
        final FleetLogGenerator generator = new FleetLogGenerator(generated);

        final Map<String, String> base = AppSettings.named(APP, work.resolve("unused"));
        base.put("bootstrap.servers", KAFKA.bootstrapServers());
        base.put(AppConfig.INPUT_KEYED_BY_HOST, "true");
        base.put(AppConfig.COMMIT_INTERVAL_MS, "200");
        base.put(AppConfig.KILL_COUNTS_WINDOW_MS, Long.toString(WINDOW_MS));
        base.put(AppConfig.KILL_COUNTS_GRACE_MS, "1000");
        // A SIGKILLed member is noticed after the session timeout; 10 s instead of 45 s keeps stalls short.
        base.put("consumer.session.timeout.ms", "10000");
        base.put("consumer.heartbeat.interval.ms", "2000");
        KAFKA.createTopics(TopicPlan.topics(AppConfig.load(null, Map.of(), base), PARTITIONS, (short) 1));

        final Fleet fleet = new Fleet(work, base);
        final ChaosLog log = new ChaosLog();
        final Random random = new Random(SEED);
        final long t0 = System.nanoTime();
        try (fleet) {
            fleet.start("a");
            fleet.start("b");
            final AtomicLong sent = new AtomicLong();
            final CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(generator, sent));
            final long end = System.nanoTime() + chaos.toNanos();
            final List<Double> bounces = new ArrayList<>(List.of(0.3, 0.65));
            boolean added = false;
            boolean removed = false;
            long nextKill = System.nanoTime() + seconds(10 + random.nextInt(21));
            long lastProgress = System.nanoTime();
            while (System.nanoTime() < end || !producing.isDone()) {
                final double progress = 1 - (end - System.nanoTime()) / (double) chaos.toNanos();
                if (!added && progress >= 0.2) {
                    fleet.start("c");
                    log.add(t0, "added instance c (rebalance)");
                    added = true;
                } else if (!bounces.isEmpty() && progress >= bounces.get(0)) {
                    bounces.remove(0);
                    final Duration down = KAFKA.restartBroker();
                    log.bounce(t0, down);
                } else if (added && !removed && progress >= 0.8) {
                    final int rc = fleet.stop("c");
                    log.add(t0, "removed instance c (SIGTERM, exit " + rc + "; rebalance)");
                    removed = true;
                } else if (System.nanoTime() >= nextKill && System.nanoTime() < end) {
                    final String victim = fleet.randomRunning(random);
                    fleet.kill(victim);
                    TimeUnit.MILLISECONDS.sleep(500 + random.nextInt(2_500));
                    fleet.start(victim);
                    log.kill(t0, victim);
                    nextKill = System.nanoTime() + seconds(10 + random.nextInt(21));
                }
                if (System.nanoTime() - lastProgress > seconds(15)) {
                    lastProgress = System.nanoTime();
                    log.note(t0, String.format(Locale.ROOT, "%,d of %,d records acknowledged", sent.get(), lines));
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            producing.get();
            log.add(t0, String.format(Locale.ROOT, "input done: %,d records sent", sent.get()));
            if (!removed) {
                fleet.stop("c");
            }

            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), APP, APP + ".in", Duration.ofMinutes(10));
            awaitRepartitionsConsumed(Duration.ofMinutes(5));
            log.add(t0, "input and repartition topics consumed");
            final SoakLedger ledger = SoakLedger.settle(KAFKA.bootstrapServers(), APP, generator.truth(), WINDOW_MS,
                    Duration.ofMinutes(3));
            final double minutes = (System.nanoTime() - t0) / 60e9;
            System.out.printf(Locale.ROOT, "SOAK fleet: %s%n", generator.truth().render());
            log.print();
            ledger.print(System.out);
            System.out.printf(Locale.ROOT, "SOAK figures: %.1f min, %d hosts, %,d lines, kills sent %,d, kills out %,d, "
                    + "duplicates %d, lost %d, instances killed %d, broker bounces %d, instances added/removed 1/1%n",
                    minutes, HOSTS, sent.get(), ledger.killsSent(), ledger.killsOut(), ledger.duplicates(),
                    ledger.lost(), log.kills, log.bounces);
            fleet.assertNoneFailed();

            assertTrue(log.kills >= Math.min(3, chaos.toSeconds() / 40), "instances killed: " + log.kills);
            assertEquals(2, log.bounces, "broker bounces");
            assertTrue(ledger.killsSent() > 50, "a soak worth the name: " + generator.truth().render());
            ledger.assertReconciled();
        }
    }

    // ---- load -------------------------------------------------------------------------------------------------

    /**
     * Sends the fleet at {@link #RATE} lines per second, keyed by host, riding out broker bounces: idempotent, one
     * request in flight (a request cut by a bounce is retried in order), each second's records acknowledged before
     * the next second's are sent, so a stalled producer shows at once instead of in a final flush.
     */
    private static void produce(final FleetLogGenerator generator, final AtomicLong sent) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        final long t0 = System.nanoTime();
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            final List<java.util.concurrent.Future<?>> chunk = new ArrayList<>();
            while (generator.hasNext()) {
                final FleetRecord r = generator.next();
                chunk.add(producer.send(new ProducerRecord<>(APP + ".in", r.host().getBytes(StandardCharsets.UTF_8),
                        r.value().getBytes(StandardCharsets.UTF_8))));
                n++;
                if (chunk.size() == RATE || !generator.hasNext()) {
                    for (final java.util.concurrent.Future<?> f : chunk) {
                        f.get(11, TimeUnit.MINUTES);
                    }
                    sent.addAndGet(chunk.size());
                    chunk.clear();
                    final long wait = t0 + n * 1_000_000_000L / RATE - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a generated record was not delivered after " + sent.get(), e);
        }
    }

    private static void awaitRepartitionsConsumed(final Duration timeout) throws Exception {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        final List<String> internal;
        try (Admin admin = Admin.create(p)) {
            internal = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(APP + "-") && t.endsWith("-repartition")).toList();
        }
        for (final String topic : internal) {
            TopicIO.awaitConsumed(KAFKA.bootstrapServers(), APP, topic, timeout);
        }
    }

    private static long seconds(final int s) {
        return TimeUnit.SECONDS.toNanos(s);
    }

    // ---- the instances ------------------------------------------------------------------------------------------

    /** The {@code run} instances by name, each with its own state directory and static member id. */
    private static final class Fleet implements AutoCloseable {
        private final Path work;
        private final Map<String, String> base;
        private final Map<String, AppProcess> running = new HashMap<>();
        private final List<AppProcess> ended = new ArrayList<>();

        Fleet(final Path work, final Map<String, String> base) {
            this.work = work;
            this.base = base;
        }

        void start(final String name) throws Exception {
            final Map<String, String> s = new HashMap<>(base);
            s.put(AppConfig.STATE_DIR, work.resolve("state-" + name).toString());
            s.put(AppConfig.INSTANCE_ID, "soak-" + name);
            running.put(name, AppProcess.start(work, name, s));
        }

        void kill(final String name) throws InterruptedException {
            final AppProcess p = running.remove(name);
            p.kill();
            ended.add(p);
        }

        int stop(final String name) throws InterruptedException {
            final AppProcess p = running.remove(name);
            ended.add(p);
            return p.terminate();
        }

        String randomRunning(final Random random) {
            final List<String> names = new ArrayList<>(running.keySet());
            names.sort(null);
            return names.get(random.nextInt(names.size()));
        }

        /** An instance that died by itself (not by the chaos loop) is a failure, whatever the ledger says. */
        void assertNoneFailed() {
            running.forEach((name, p) -> assertTrue(p.isAlive(), "instance " + name + " died by itself:\n" + tail(p)));
        }

        private static String tail(final AppProcess p) {
            final String log = p.log();
            return log.substring(Math.max(0, log.length() - 4_000));
        }

        @Override
        public void close() throws InterruptedException {
            for (final AppProcess p : running.values()) {
                p.terminate();
            }
            running.clear();
        }
    }

    /** What the chaos loop did, with times since the start. */
    private static final class ChaosLog {
        private final List<String> entries = new ArrayList<>();
        int kills;
        int bounces;

        void kill(final long t0, final String instance) {
            kills++;
            add(t0, "SIGKILL instance " + instance + ", restarted on its state directory");
        }

        void bounce(final long t0, final Duration down) {
            bounces++;
            add(t0, "broker bounced (stopped and started on the same log dir and port in " + down.toMillis() + " ms)");
        }

        void add(final long t0, final String what) {
            final String line = String.format(Locale.ROOT, "SOAK %6.1f s %s", (System.nanoTime() - t0) / 1e9, what);
            entries.add(line);
            System.out.println(line);
        }

        /** Printed, not part of the chaos record. */
        void note(final long t0, final String what) {
            System.out.printf(Locale.ROOT, "SOAK %6.1f s   %s%n", (System.nanoTime() - t0) / 1e9, what);
        }

        void print() {
            System.out.printf(Locale.ROOT, "SOAK chaos: %d instance kills, %d broker bounces%n", kills, bounces);
        }
    }
}
