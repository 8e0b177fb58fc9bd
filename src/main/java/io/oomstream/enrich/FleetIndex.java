package io.oomstream.enrich;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fleet metadata by host key ({@link HostNames#key}): the offline twin of the fleet GlobalKTable, and the
 * check a fleet file must pass before it is published.
 *
 * <p>Ambiguity is refused, never guessed: two entries with the same key (same short name in two domains,
 * or one host listed twice) and a process name or unit claimed by two services of one host are errors
 * naming both places, because either would make attribution depend on file order.
 */
public final class FleetIndex {

    private final Map<String, FleetHost> byKey;

    private FleetIndex(final Map<String, FleetHost> byKey) {
        this.byKey = byKey;
    }

    /**
     * Indexes checked entries.
     *
     * @throws FleetFileException listing every ambiguity
     */
    public static FleetIndex of(final List<FleetFile.Entry> entries) {
        final List<String> problems = ambiguities(entries);
        if (!problems.isEmpty()) {
            throw new FleetFileException(problems);
        }
        final Map<String, FleetHost> byKey = new LinkedHashMap<>();
        entries.forEach(e -> byKey.put(HostNames.key(e.host().host()), e.host()));
        return new FleetIndex(byKey);
    }

    /** The ambiguities among {@code entries}, each naming both places; empty when there is none. */
    static List<String> ambiguities(final List<FleetFile.Entry> entries) {
        final Map<String, String> where = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        for (final FleetFile.Entry e : entries) {
            final String key = HostNames.key(e.host().host());
            if (key.isEmpty()) {
                continue;
            }
            if (where.containsKey(key)) {
                problems.add(e.where() + ": host matches the same name '" + key + "' as " + where.get(key)
                        + "; hosts are matched by short name, case-insensitively, so short names must be unique");
                continue;
            }
            checkServices(e, problems);
            where.put(key, e.where());
        }
        return problems;
    }

    /** Indexes hosts without file positions (tests, programmatic use). */
    public static FleetIndex ofHosts(final Collection<FleetHost> hosts) {
        final List<FleetFile.Entry> entries = new ArrayList<>();
        int i = 0;
        for (final FleetHost h : hosts) {
            entries.add(new FleetFile.Entry(h, "#" + ++i + " (host " + h.host() + ")"));
        }
        return of(entries);
    }

    /** The metadata of {@code host}, matched by {@link HostNames#key}. */
    public Optional<FleetHost> find(final String host) {
        return Optional.ofNullable(byKey.get(HostNames.key(host)));
    }

    /** Every host with its key, in file order (what {@code fleet load} publishes). */
    public Map<String, FleetHost> byKey() {
        return java.util.Collections.unmodifiableMap(byKey);
    }

    public int size() {
        return byKey.size();
    }

    private static void checkServices(final FleetFile.Entry e, final List<String> problems) {
        final Map<String, String> owner = new LinkedHashMap<>();
        for (final Service s : e.host().services()) {
            for (final String p : s.processNames()) {
                claim(owner, "process " + ServiceAttribution.comm(p), s.name(), e, problems);
            }
            for (final String u : s.systemdUnits()) {
                claim(owner, "unit " + CgroupPath.unitName(u), s.name(), e, problems);
            }
        }
    }

    private static void claim(final Map<String, String> owner, final String what, final String service,
                              final FleetFile.Entry e, final List<String> problems) {
        final String previous = owner.putIfAbsent(what, service);
        if (previous != null && !previous.equals(service)) {
            problems.add(e.where() + ": " + what + " is claimed by services '" + previous + "' and '" + service + "'");
        }
    }
}
