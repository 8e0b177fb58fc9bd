package io.oomstream.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.oomstream.enrich.EnrichedEvent;
import io.oomstream.enrich.FleetHost;
import io.oomstream.enrich.FleetStatus;
import io.oomstream.enrich.HostNames;
import io.oomstream.enrich.Service;
import io.oomstream.event.Analysis;
import io.oomstream.event.Consumer;
import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import java.time.Instant;
import java.util.List;

/**
 * A kill as the incident machines consume it: its summary plus the host's fleet metadata at the time.
 * Much smaller than the event (no task table, zones or buddy lists), which is why the topology
 * repartitions this rather than the event.
 *
 * <p>A kernel OOM report that shows no kill travels the same way, marked {@code withoutKill}
 * ({@link #isReportWithoutKill}): incidents list it apart, and nothing counts it as a kill (kill counts, kill
 * counts of incidents, fleet-wide detection).
 *
 * @param seen        whether its event id was seen before (the kill ledger, {@code io.oomstream.count.KillLedger}): a
 *                    repeat is an earlier kill emitted again (with more detail, or from a replayed log), never a new
 *                    one; null until checked
 * @param withoutKill the report never reached a kill line: no victim, nothing killed that the log shows
 */
public record Kill(KillSummary summary, FleetStatus fleetStatus, FleetHost fleet, Seen seen, boolean withoutKill) {

    /** The kill ledger's verdict on a kill's event id (its JSON form, the constant's name, travels with the kill). */
    public enum Seen {
        /** Not seen before: count it. */
        FIRST,
        /** Its event id was counted already. */
        DUPLICATE,
        /** Older than the retention behind the ledger's horizon: not counted. */
        TOO_OLD
    }

    static final int TOP_CONSUMERS = 3;

    /**
     * Summarises an enriched kill.
     *
     * @param seenAt the kill's time when the event carries none (neither {@code time} nor {@code first_line_time})
     * @throws IllegalArgumentException for an allocation failure, which is neither a kill nor an OOM report
     */
    public static Kill of(final EnrichedEvent enriched, final Instant seenAt) {
        if (!enriched.isKill()) {
            throw new IllegalArgumentException("not a kill: " + enriched.event().kind().json());
        }
        final OomEvent e = enriched.event();
        Instant time = Times.parse(e.time());
        if (time == null) {
            time = Times.parse(e.firstLineTime());
        }
        final boolean timeNotInLog = time == null;
        if (timeNotInLog) {
            time = seenAt;
        }
        final Analysis a = e.analysis();
        final List<Consumer> top = a == null || a.topConsumers() == null ? List.of()
                : a.topConsumers().stream().limit(TOP_CONSUMERS).toList();
        final KillSummary summary = new KillSummary(e.eventId(), e.host(), Times.format(time), e.kind(),
                e.victim() == null ? null : e.victim().pid(), e.victim() == null ? null : e.victim().name(),
                enriched.service(), enriched.serviceRule(), critical(enriched.fleet(), enriched.service()),
                e.victim() == null ? null : e.victim().anonRssKb(), a == null ? null : a.swapExhausted(),
                a == null ? null : a.thrashing(), a == null ? null : a.reportSpanSeconds(), top, enriched.namespace(),
                enriched.workload() == null ? null : enriched.workloadKind() + "/" + enriched.workload(),
                enriched.container(), e.invocationId(), e.invocationRank(), enriched.podUid(), enriched.pod(),
                enriched.containerRole(), memcgLimit(e), EventComposition.dominantComposition(e),
                timeNotInLog ? Boolean.TRUE : null, e.oomScope());
        return new Kill(summary, enriched.fleetStatus(), enriched.fleet(), null, isReportWithoutKill(e));
    }

    /** The memory cgroup whose limit the kill was made for; null when the host ran out or a userspace killer killed. */
    static String memcgLimit(final OomEvent e) {
        if (e.kind() != EventKind.MEMCG_OOM_KILL && !"CONSTRAINT_MEMCG".equals(e.constraint())) {
            return null;
        }
        return e.oomMemcg() != null ? e.oomMemcg() : e.taskMemcg() != null ? e.taskMemcg() : "?";
    }

    /**
     * The key of the incidents this kill joins: the host's key, or for a kill in a Kubernetes pod the host's key and
     * the pod uid, so each pod's kills form incidents of their own ({@link IncidentKeys}).
     */
    @JsonIgnore
    public String incidentKey() {
        return IncidentKeys.of(hostKey(), summary.podUid());
    }

    /**
     * Whether {@code e} is a kernel OOM report that shows no kill: an {@code oom_kill} or {@code memcg_oom_kill}
     * event without a victim (a kill line read gives one, even when the line prints no pid: 2.4's {@code VM: killing
     * process x}). Decided from the event itself, whatever its {@code incomplete_reason} (a report cut by the idle
     * timeout, the end of input or a new report is just as victimless as one that ended in "no killable process").
     * systemd's and userspace killers' events name no pid either but are real kills.
     */
    public static boolean isReportWithoutKill(final OomEvent e) {
        return (e.kind() == EventKind.OOM_KILL || e.kind() == EventKind.MEMCG_OOM_KILL) && e.victim() == null;
    }

    /**
     * Whether the log shows a kill in {@code e}: a kill event ({@link io.oomstream.enrich.ServiceAttribution#isKill})
     * that is not a report without its kill. What the sink's {@code is_kill} column and the {@code kill_shown} label
     * of {@code oomstream_events_emitted_total} say.
     */
    public static boolean showsKill(final OomEvent e) {
        return io.oomstream.enrich.ServiceAttribution.isKill(e) && !isReportWithoutKill(e);
    }

    /** Whether {@code enriched} takes part in incidents: a kill, or a report without one (not an allocation failure). */
    public static boolean takesPart(final EnrichedEvent enriched) {
        return enriched.isKill();
    }

    /**
     * The key under which the kill ledger remembers this report: a report seen without its kill and later
     * emitted again with it is a new kill (first time counted), not a repeat.
     */
    @JsonIgnore
    public String dedupKey() {
        return withoutKill ? "without-kill|" + summary.eventId() : summary.eventId();
    }

    /** This kill with the deduplicator's verdict on its event id. */
    public Kill seen(final Seen verdict) {
        return new Kill(summary, fleetStatus, fleet, verdict, withoutKill);
    }

    /** Whether this is an earlier report emitted again: it must not count as a new one anywhere. */
    @JsonIgnore
    public boolean isRepeat() {
        return seen == Seen.DUPLICATE;
    }

    /** The kill's time (never null for kills made by {@link #of}). */
    @JsonIgnore
    public Instant time() {
        return Times.parse(summary.time());
    }

    /** The host's matching key ({@link HostNames#key}). */
    @JsonIgnore
    public String hostKey() {
        return HostNames.key(summary.host());
    }

    private static boolean critical(final FleetHost fleet, final String service) {
        if (fleet == null || service == null) {
            return false;
        }
        for (final Service s : fleet.services()) {
            if (s.critical() && s.name().equals(service)) {
                return true;
            }
        }
        return false;
    }
}
