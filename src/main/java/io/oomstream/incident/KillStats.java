package io.oomstream.incident;

import io.oomstream.event.Consumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a set of kills adds up to: the facts severity, culprit and verdict are computed from. Merging is
 * order-independent, so the kills an incident no longer lists ({@code omitted}) still count.
 *
 * @param kills            how many kills
 * @param reportsWithoutKill how many OOM reports showed no kill ({@link Kill#withoutKill()}): never kills; their
 *                         memory facts (swap, thrashing, holders) count, their names and services do not
 * @param services         services hit, in order of first hit (unattributed kills are left out)
 * @param criticalServices the ones the fleet metadata marks critical
 * @param victims          victim process names, in order of first kill
 * @param swapExhausted    some report showed swap exhausted
 * @param hangSuspected    some report showed the host thrashing (the stitcher's {@code thrashing}: its lines
 *                         took 10 s or more to reach the log), so the host may hang
 * @param maxReportSeconds the longest report span seen, seconds
 * @param topHolders       the largest memory holders across the reports: per name the biggest reading, largest first
 * @param sameInvocationKills kills that were not the first of their OOM-killer invocation (memory.oom.group's
 *                         further members): {@code kills - sameInvocationKills} is how many times the killer ran
 * @param memcgLimits      the memory cgroups whose limit ran out ({@code KillSummary#limitLabel}: {@code container app},
 *                         {@code pod x}, {@code cgroup /path}), in order of first kill
 * @param hostWide         some kill was the host running out of memory (no cgroup limit behind it)
 * @param appContainers    containers killed that their pod names as its app ({@code container_role}), in order
 * @param sidecarContainers containers killed that are sidecars, in order
 * @param compositions     the reports' dominant memory-composition sentences, in order of first kill
 */
public record KillStats(int kills, int reportsWithoutKill, List<String> services, List<String> criticalServices, List<String> victims,
                        boolean swapExhausted, boolean hangSuspected, Long maxReportSeconds, List<Consumer> topHolders,
                        int sameInvocationKills, List<String> memcgLimits, boolean hostWide,
                        List<String> appContainers, List<String> sidecarContainers, List<String> compositions) {

    static final KillStats NONE = new KillStats(0, 0, List.of(), List.of(), List.of(), false, false, null,
            List.of(), 0, List.of(), false, List.of(), List.of(), List.of());
    static final int MAX_NAMES = 50;
    static final int MAX_HOLDERS = 5;

    /** Null lists become empty. */
    public KillStats {
        services = services == null ? List.of() : List.copyOf(services);
        criticalServices = criticalServices == null ? List.of() : List.copyOf(criticalServices);
        victims = victims == null ? List.of() : List.copyOf(victims);
        topHolders = topHolders == null ? List.of() : List.copyOf(topHolders);
        memcgLimits = memcgLimits == null ? List.of() : List.copyOf(memcgLimits);
        appContainers = appContainers == null ? List.of() : List.copyOf(appContainers);
        sidecarContainers = sidecarContainers == null ? List.of() : List.copyOf(sidecarContainers);
        compositions = compositions == null ? List.of() : List.copyOf(compositions);
    }

    /** How many times the OOM killer ran to make these kills: a memory.oom.group invocation kills many at once. */
    int invocations() {
        return Math.max(kills - sameInvocationKills, kills == 0 ? 0 : 1);
    }

    static KillStats of(final Collection<KillSummary> kills) {
        KillStats s = NONE;
        for (final KillSummary k : kills) {
            s = s.plus(one(k));
        }
        return s;
    }

    /** What reports without a kill add up to: no kill, no victim, no service hit; their memory facts. */
    static KillStats withoutKill(final Collection<KillSummary> reports) {
        KillStats s = NONE;
        for (final KillSummary k : reports) {
            s = s.plus(new KillStats(0, 1, List.of(), List.of(), List.of(), Boolean.TRUE.equals(k.swapExhausted()),
                    Boolean.TRUE.equals(k.thrashing()), k.reportSpanSeconds(), k.topConsumers(), 0, listOf(k.limitLabel()),
                    k.hostWide(), List.of(), List.of(), listOf(k.composition())));
        }
        return s;
    }

    /** This and {@code other} together; {@code other} may be null. */
    KillStats plus(final KillStats other) {
        if (other == null) {
            return this;
        }
        final Long span = maxReportSeconds == null || other.maxReportSeconds == null
                ? (maxReportSeconds == null ? other.maxReportSeconds : maxReportSeconds)
                : Long.valueOf(Math.max(maxReportSeconds, other.maxReportSeconds));
        return new KillStats(kills + other.kills, reportsWithoutKill + other.reportsWithoutKill,
                union(services, other.services),
                union(criticalServices, other.criticalServices), union(victims, other.victims),
                swapExhausted || other.swapExhausted, hangSuspected || other.hangSuspected, span,
                holders(topHolders, other.topHolders), sameInvocationKills + other.sameInvocationKills,
                union(memcgLimits, other.memcgLimits), hostWide || other.hostWide,
                union(appContainers, other.appContainers), union(sidecarContainers, other.sidecarContainers),
                union(compositions, other.compositions));
    }

    private static KillStats one(final KillSummary k) {
        return new KillStats(1, 0, k.service() == null ? List.of() : List.of(k.service()),
                k.criticalService() && k.service() != null ? List.of(k.service()) : List.of(),
                k.victimName() == null ? List.of() : List.of(k.victimName()),
                Boolean.TRUE.equals(k.swapExhausted()), Boolean.TRUE.equals(k.thrashing()), k.reportSpanSeconds(),
                k.topConsumers(), k.followsInOwnInvocation() ? 1 : 0, listOf(k.limitLabel()), k.hostWide(),
                "app".equals(k.containerRole()) ? listOf(k.container()) : List.of(),
                "sidecar".equals(k.containerRole()) ? listOf(k.container()) : List.of(), listOf(k.composition()));
    }

    private static List<String> listOf(final String s) {
        return s == null ? List.of() : List.of(s);
    }

    private static List<String> union(final List<String> a, final List<String> b) {
        final List<String> out = new ArrayList<>(a);
        for (final String s : b) {
            if (!out.contains(s) && out.size() < MAX_NAMES) {
                out.add(s);
            }
        }
        return out;
    }

    /** Reports are snapshots of the same memory, so holdings are not summed: the biggest reading per name wins. */
    private static List<Consumer> holders(final List<Consumer> a, final List<Consumer> b) {
        final Map<String, Consumer> byName = new LinkedHashMap<>();
        for (final Consumer c : a) {
            byName.merge(c.name(), c, (x, y) -> x.rssKb() >= y.rssKb() ? x : y);
        }
        for (final Consumer c : b) {
            byName.merge(c.name(), c, (x, y) -> x.rssKb() >= y.rssKb() ? x : y);
        }
        return byName.values().stream()
                .sorted(Comparator.comparingLong(Consumer::rssKb).reversed())
                .limit(MAX_HOLDERS)
                .toList();
    }
}
