package io.oomstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.oomstream.event.EventKind;
import io.oomstream.event.Json;
import io.oomstream.event.OomEvent;
import io.oomstream.loadgen.GroundTruth;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The reconciliation of a soak: the application's output, read_committed, against the generator's ground truth.
 * <ul>
 *   <li>events: each ground-truth kill is matched by host, victim pid and time (within {@link #SAME_KILL}) to the
 *       distinct {@code event_id}s on the events topic; none is lost (no id), doubled (two ids) or incomplete (its
 *       report was written whole; a memory.oom.group member's event also holds the report's shared part, its
 *       trigger), and no kill event exists that the truth does not hold (invented);</li>
 *   <li>incidents: the last record of each host incident; every kill's event id is listed in exactly one of them,
 *       once;</li>
 *   <li>kill counts: the last record per key, windows of count 0 left out, equal the truth's kills per service and
 *       window.</li>
 * </ul>
 * Re-emissions of one event (its reaper or systemd unit line came later) are one event: the figures count ids.
 */
final class SoakLedger {

    /** Two kills of one pid on one host further apart than this are different kills. */
    private static final long SAME_KILL = 30_000;

    private final GroundTruth truth;
    private final long windowMillis;
    private final long eventRecords;
    private final long killsOut;
    private final List<String> lost = new ArrayList<>();
    private final List<String> doubled = new ArrayList<>();
    private final List<String> incomplete = new ArrayList<>();
    private final List<String> invented = new ArrayList<>();
    private final List<String> incidentMismatches = new ArrayList<>();
    private final Map<String, Map<String, Long>> counted;
    private final Map<String, Map<String, Long>> expected;
    private final long countRecords;
    private final int incidents;

    private SoakLedger(final GroundTruth truth, final long windowMillis, final List<ConsumerRecord<byte[], byte[]>> events,
                       final List<ConsumerRecord<byte[], byte[]>> incidentRecords,
                       final List<ConsumerRecord<byte[], byte[]>> counts) {
        this.truth = truth;
        this.windowMillis = windowMillis;
        this.eventRecords = events.size();
        // Last record per event id: a later emission of the same event knows more (reaper, unit, completion).
        final Map<String, OomEvent> byId = new LinkedHashMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : events) {
            final OomEvent e = read(r.value(), OomEvent.class);
            byId.put(e.eventId(), e);
        }
        final Map<String, List<OomEvent>> killsByVictim = new HashMap<>();
        byId.values().stream().filter(SoakLedger::isKernelKill)
                .forEach(e -> killsByVictim.computeIfAbsent(e.host() + "/" + e.victim().pid(), k -> new ArrayList<>())
                        .add(e));
        final Map<String, GroundTruth.Kill> idToKill = new HashMap<>();
        for (final GroundTruth.Kill k : truth.everyKill()) {
            final List<OomEvent> same = killsByVictim.getOrDefault(k.host() + "/" + k.pid(), List.of()).stream()
                    .filter(e -> Math.abs(Instant.parse(e.time()).toEpochMilli() - k.timeMillis()) <= SAME_KILL).toList();
            if (same.isEmpty()) {
                lost.add(k.toString());
                continue;
            }
            if (same.size() > 1) {
                doubled.add(k + " -> " + same.stream().map(OomEvent::eventId).toList());
            }
            same.forEach(e -> idToKill.put(e.eventId(), k));
            if (!same.get(0).complete()) {
                incomplete.add(k + " -> " + same.get(0).eventId() + " " + same.get(0).incompleteReason());
            } else if (k.group() && same.get(0).trigger() == null) {
                // A memory.oom.group member cut off from its report comes out as a lone kill line, "complete".
                incomplete.add(k + " -> " + same.get(0).eventId() + " without the group report's shared part");
            }
        }
        byId.values().stream().filter(SoakLedger::isKernelKill).filter(e -> !idToKill.containsKey(e.eventId()))
                .forEach(e -> invented.add(e.eventId() + " " + e.host() + "/" + e.victim().pid() + " at " + e.time()));
        this.killsOut = idToKill.size();

        // Incidents: the last record per incident id, host scope; where each kill's id is listed.
        final Map<String, JsonNode> lastIncident = new LinkedHashMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : incidentRecords) {
            final JsonNode n = read(r.value(), JsonNode.class);
            if ("host".equals(n.path("scope").asText())) {
                lastIncident.put(n.path("incident_id").asText(), n);
            }
        }
        this.incidents = lastIncident.size();
        final Map<String, List<String>> listedIn = new HashMap<>();
        lastIncident.forEach((id, n) -> n.path("kills").forEach(
                k -> listedIn.computeIfAbsent(k.path("event_id").asText(), x -> new ArrayList<>()).add(id)));
        idToKill.keySet().forEach(id -> {
            final List<String> in = listedIn.getOrDefault(id, List.of());
            if (in.size() != 1) {
                incidentMismatches.add(id + " (" + idToKill.get(id) + ") listed " + in.size() + " times: " + in);
            }
        });

        // Kill counts: the last record per key; what an upserting consumer holds.
        this.countRecords = counts.size();
        final Map<String, JsonNode> lastCount = new LinkedHashMap<>();
        for (final ConsumerRecord<byte[], byte[]> r : counts) {
            lastCount.put(new String(r.key(), StandardCharsets.UTF_8), read(r.value(), JsonNode.class));
        }
        this.counted = new TreeMap<>();
        lastCount.values().stream().filter(n -> n.path("count").asLong() != 0).forEach(n -> counted
                .computeIfAbsent(n.path("service").asText(null), s -> new TreeMap<>())
                .put(n.path("window_start").asText(), n.path("count").asLong()));
        this.expected = new TreeMap<>();
        truth.killCounts(windowMillis).forEach((service, windows) -> windows.forEach((start, n) -> expected
                .computeIfAbsent(service, s -> new TreeMap<>()).put(Instant.ofEpochMilli(start).toString(), n)));
    }

    /** Reads the topics until they reconcile or {@code timeout} passes (the last windows close on ticks); the last reading. */
    static SoakLedger settle(final String bootstrap, final String app, final GroundTruth truth, final long windowMillis,
                             final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final SoakLedger ledger = new SoakLedger(truth, windowMillis,
                    TopicIO.readAll(bootstrap, app + ".events", Duration.ofSeconds(2)),
                    TopicIO.readAll(bootstrap, app + ".incidents", Duration.ofSeconds(2)),
                    TopicIO.readAll(bootstrap, app + ".kill-counts", Duration.ofSeconds(2)));
            if (ledger.reconciled() || System.nanoTime() > deadline) {
                return ledger;
            }
            TimeUnit.SECONDS.sleep(5);
        }
    }

    long killsSent() {
        return truth.everyKill().size();
    }

    long killsOut() {
        return killsOut;
    }

    /** Kills with more than one event id, plus kill events the truth does not hold. */
    long duplicates() {
        return doubled.size() + invented.size();
    }

    long lost() {
        return lost.size();
    }

    boolean reconciled() {
        return lost.isEmpty() && doubled.isEmpty() && invented.isEmpty() && incomplete.isEmpty()
                && incidentMismatches.isEmpty() && counted.equals(expected);
    }

    void print(final PrintStream out) {
        out.printf(Locale.ROOT, "SOAK ledger: kills sent %,d (in %,d reports, %,d duplicated), kills out %,d (event ids), "
                + "event records %,d%n", killsSent(), truth.reports().size(), truth.duplicates(), killsOut, eventRecords);
        out.printf(Locale.ROOT, "SOAK ledger: lost %d, doubled %d, invented %d, incomplete %d%n", lost.size(),
                doubled.size(), invented.size(), incomplete.size());
        out.printf(Locale.ROOT, "SOAK ledger: host incidents %,d; kills not listed exactly once %d%n", incidents,
                incidentMismatches.size());
        final long windows = expected.values().stream().mapToLong(Map::size).sum();
        out.printf(Locale.ROOT, "SOAK ledger: kill-count windows expected %,d (%d services, %d s windows), records %,d, "
                + "equal: %s%n", windows, expected.size(), windowMillis / 1000, countRecords, counted.equals(expected));
        sample(out, "lost", lost);
        sample(out, "doubled", doubled);
        sample(out, "invented", invented);
        sample(out, "incomplete", incomplete);
        sample(out, "incident", incidentMismatches);
        if (!counted.equals(expected)) {
            final List<String> diff = new ArrayList<>();
            expected.forEach((s, w) -> w.forEach((start, n) -> {
                final Long got = counted.getOrDefault(s, Map.of()).get(start);
                if (!Long.valueOf(n).equals(got)) {
                    diff.add(s + " " + start + " expected " + n + " got " + got);
                }
            }));
            counted.forEach((s, w) -> w.forEach((start, n) -> {
                if (!expected.getOrDefault(s, Map.of()).containsKey(start)) {
                    diff.add(s + " " + start + " expected none got " + n);
                }
            }));
            sample(out, "count", diff);
        }
    }

    void assertReconciled() {
        assertEquals(List.of(), lost, "ground-truth kills with no event");
        assertEquals(List.of(), doubled, "ground-truth kills with more than one event id");
        assertEquals(List.of(), invented, "kill events the ground truth does not hold");
        assertEquals(List.of(), incomplete, "kills of whole reports emitted incomplete");
        assertEquals(List.of(), incidentMismatches, "kills not listed exactly once in the host incidents");
        assertEquals(expected, counted, "kill counts per service and window (last record per key)");
        assertTrue(killsOut == killsSent());
    }

    private static void sample(final PrintStream out, final String what, final List<String> items) {
        items.stream().limit(10).forEach(i -> out.println("SOAK   " + what + ": " + i));
    }

    private static boolean isKernelKill(final OomEvent e) {
        return (e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL) && e.victim() != null
                && e.victim().pid() != null;
    }

    private static <T> T read(final byte[] value, final Class<T> type) {
        try {
            return Json.MAPPER.readValue(value, type);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
