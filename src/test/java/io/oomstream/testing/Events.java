package io.oomstream.testing;

import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetHost;
import io.oomstream.event.Analysis;
import io.oomstream.event.Consumer;
import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.event.OomScope;
import io.oomstream.event.Victim;
import io.oomstream.incident.Kill;
import java.time.Instant;
import java.util.List;

/**
 * Hand-built OOM events for unit tests of the fleet, incident and count rules: only the fields those rules
 * read are set, the rest null. Events from real reports come from {@link Fixtures}.
 */
public final class Events {

    private String eventId;
    private EventKind kind = EventKind.OOM_KILL;
    private final String host;
    private final String time;
    private Integer pid;
    private String name;
    private Long anonRssKb;
    private String taskMemcg;
    private String oomMemcg;
    /** A kernel kill's report shows its scope unless a test says otherwise: the host's, or its cgroup's. */
    private String oomScope;
    private boolean oomScopeSet;
    private String systemdUnit;
    private Boolean swapExhausted;
    private Boolean thrashing;
    private Long spanSeconds;
    private List<Consumer> top = List.of();
    private IncompleteReason incompleteReason;

    private Events(final String host, final String time) {
        this.host = host;
        this.time = time;
    }

    /** A kernel kill of {@code name} (pid 100) on {@code host} at {@code time}; id derived from host and time. */
    public static Events kill(final String host, final String time, final String name) {
        final Events e = new Events(host, time);
        e.name = name;
        e.pid = 100;
        e.eventId = hexId(host + "|" + time + "|" + name);
        return e;
    }

    /** An allocation failure (not a kill). */
    public static Events allocFailure(final String host, final String time) {
        final Events e = new Events(host, time);
        e.kind = EventKind.ALLOC_FAILURE;
        e.eventId = hexId(host + "|" + time + "|alloc");
        return e;
    }

    /**
     * A kernel OOM report on {@code host} at {@code time} that never reached its kill line, emitted incomplete for
     * {@code reason}: no victim, no killer. Its id is the one {@link #kill} gives for the same host, time and name,
     * so {@code reportWithoutKill(h, t, n, r)} and {@code kill(h, t, n)} are two emissions of one report.
     */
    public static Events reportWithoutKill(final String host, final String time, final String name,
                                           final IncompleteReason reason) {
        final Events e = kill(host, time, name).noVictim();
        e.incompleteReason = reason;
        return e;
    }

    public Events id(final String hex20) {
        this.eventId = hex20;
        return this;
    }

    /** What the report shows ran out ({@link OomScope}); null: a report that does not show it. */
    public Events oomScope(final String scope) {
        this.oomScope = scope;
        this.oomScopeSet = true;
        return this;
    }

    public Events kind(final EventKind k) {
        this.kind = k;
        return this;
    }

    public Events pid(final int p) {
        this.pid = p;
        return this;
    }

    public Events noVictim() {
        this.name = null;
        this.pid = null;
        return this;
    }

    public Events anonRssKb(final long kb) {
        this.anonRssKb = kb;
        return this;
    }

    public Events taskMemcg(final String path) {
        this.taskMemcg = path;
        return this;
    }

    public Events oomMemcg(final String path) {
        this.oomMemcg = path;
        return this;
    }

    public Events unit(final String unit) {
        this.systemdUnit = unit;
        return this;
    }

    public Events swapExhausted() {
        this.swapExhausted = true;
        return this;
    }

    public Events thrashing(final long seconds) {
        this.thrashing = seconds >= 10;
        this.spanSeconds = seconds;
        return this;
    }

    public Events top(final Consumer... consumers) {
        this.top = List.of(consumers);
        return this;
    }

    public OomEvent build() {
        final Victim victim = name == null ? null
                : new Victim(pid, name, null, null, null, anonRssKb, null, null, null, null, null, null, null);
        final Analysis analysis = new Analysis(top, null, swapExhausted, null, spanSeconds, thrashing, "verdict");
        return OomEvent.builder()
                .eventId(eventId).kind(kind).host(host).time(time).firstLineTime(time)
                .complete(incompleteReason == null).incompleteReason(incompleteReason).lineCount(1)
                .killer(kind == EventKind.ALLOC_FAILURE || incompleteReason != null && name == null ? null : "kernel")
                .oomScope(oomScopeSet ? oomScope : kind == EventKind.OOM_KILL ? OomScope.HOST
                        : kind == EventKind.MEMCG_OOM_KILL ? OomScope.MEMCG : null)
                .oomMemcg(oomMemcg).taskMemcg(taskMemcg).systemdUnit(systemdUnit).victim(victim)
                .analysis(analysis)
                .build();
    }

    /** Enriched with {@code fleet} (null: unknown host). */
    public EnrichedEvent enriched(final FleetHost fleet) {
        return EnrichedEvent.of(build(), fleet);
    }

    /** As the incident machines see it. */
    public Kill kill(final FleetHost fleet) {
        return Kill.of(enriched(fleet), Instant.parse(time));
    }

    /** An unknown host's kill. */
    public Kill kill() {
        return kill(null);
    }

    /** A deterministic 20-hex-digit id (like the stitcher's). */
    public static String hexId(final String seed) {
        try {
            final byte[] d = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 20);
        } catch (final java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
