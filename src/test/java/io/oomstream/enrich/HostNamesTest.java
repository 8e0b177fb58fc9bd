package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host matching: case and FQDN versus short name, in both directions. */
class HostNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // The syslog name and the inventory name meet on the lower-cased short name.
        "web-01, web-01",
        "WEB-01, web-01",
        "web-01.dc1.example.com, web-01",
        "Web-01.DC1.Example.COM., web-01",
        "' web-01 ', web-01",
        // IP addresses are not cut at their first dot.
        "10.1.2.3, 10.1.2.3",
        "FE80::1, fe80::1"})
    void shouldNormaliseHostNamesToTheirShortLowerCaseKey(final String host, final String key) {
        assertEquals(key, HostNames.key(host));
    }

    @Test
    void shouldGiveAnEmptyKeyToAMissingHost() {
        assertEquals("", HostNames.key(null));
        assertEquals("", HostNames.key("   "));
    }

    @Test
    void shouldMatchAnFqdnEntryFromAShortLogNameAndTheOtherWayRound() {
        final FleetIndex index = FleetIndex.ofHosts(List.of(host("web-01.dc1.example.com"), host("db-7")));

        assertEquals("web-01.dc1.example.com", index.find("web-01").orElseThrow().host());
        assertEquals("web-01.dc1.example.com", index.find("WEB-01.dc1.example.com").orElseThrow().host());
        assertEquals("db-7", index.find("db-7.dc2.example.com").orElseThrow().host());
        assertEquals("db-7", index.find("DB-7").orElseThrow().host());
        assertFalse(index.find("web-02").isPresent());
        assertFalse(index.find(null).isPresent());
    }

    @Test
    void shouldRefuseTwoEntriesWithOneShortNameNamingBoth() {
        final FleetFileException e = org.junit.jupiter.api.Assertions.assertThrows(FleetFileException.class,
                () -> FleetIndex.ofHosts(List.of(host("web-01.dc1.example.com"), host("WEB-01.dc2.example.com"))));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("web-01.dc1.example.com") && e.problems().get(0).contains("WEB-01.dc2"),
                e.problems().get(0));
    }

    private static FleetHost host(final String name) {
        return new FleetHost(name, null, null, null, null, null, null, null, List.of());
    }
}
