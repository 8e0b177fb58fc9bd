package io.oomstream.enrich;

import java.util.List;

/**
 * What the fleet knows about one host: the value of the compacted fleet topic (key: {@link HostNames#key}),
 * also the {@code fleet} object of enriched events and incidents. schemas/fleet-host.schema.json.
 *
 * @param host        the host's name as the inventory spells it (FQDN or short)
 * @param datacenter  site or region, e.g. {@code dc1}
 * @param environment e.g. {@code prod}, {@code staging}
 * @param role        what the host is for, e.g. {@code web}; fleet-wide incidents group by it
 * @param team        the owning team
 * @param ramKb       installed memory, kB
 * @param kernel      running kernel release ({@code uname -r})
 * @param owner       how to reach the owner: an e-mail, a chat channel, a pager alias
 * @param services    what runs there; drives service attribution
 */
public record FleetHost(String host, String datacenter, String environment, String role, String team, Long ramKb,
                        String kernel, String owner, List<Service> services) {

    /** A null service list becomes empty. */
    public FleetHost {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
