package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.IncompleteReason;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The four incident write-ups the product was born from (../shared/seeds, copied verbatim with
 * their prose into src/test/resources/seeds): field-by-field assertions on what an operator
 * must read out of them.
 */
class SeedReportsTest {

    @Test
    void shouldReportEachOfWww8321ujsThreeHttpdKillsOnceAlthoughTheTextShowsOneTwice() {
        final List<OomEvent> events = Fixtures.analyzeResource("seeds/000-centos6-httpd-workers-www8321uj.txt");

        assertEquals(List.of(22268, 9559, 13011), events.stream().map(e -> e.victim().pid()).toList());
        final OomEvent e = events.get(2);
        assertEquals(EventKind.OOM_KILL, e.kind());
        assertEquals("www8321uj", e.host());
        assertTrue(e.complete());
        assertEquals("e3", e.kernelEra());
        assertEquals("2.6.32-431.5.1.el6.x86_64", e.kernelVersion());
        assertEquals("2026-10-21T18:51:01Z", e.time());
        assertEquals("httpd", e.victim().name());
        assertEquals(16L, e.victim().score());
        assertEquals(48L, e.victim().uid());
        assertEquals(601480L, e.victim().totalVmKb());
        assertEquals(18504L, e.victim().anonRssKb());
        assertEquals(76L, e.victim().fileRssKb());
        assertEquals("httpd", e.trigger().process());
        assertEquals(21177, e.trigger().pid());
        assertEquals("0x200da", e.trigger().gfpMask());
        assertEquals(0, e.trigger().order());
        assertEquals(0L, e.swap().freeKb());
        assertEquals(2097144L, e.swap().totalKb());
        assertTrue(e.analysis().swapExhausted());
        assertEquals(524284L * 4, e.ramKb());
        // The paste elides rows ("(略)"): the table is not whole, so no count is claimed.
        assertNull(e.taskCount());
        assertEquals("httpd", e.analysis().topConsumers().get(0).name());
        assertTrue(e.analysis().topConsumers().get(0).processes() > 1);
        assertTrue(e.analysis().verdict().contains("httpd processes together held"), e.analysis().verdict());
        assertEquals(2, e.zones().size());
        assertEquals(List.of(0L, 2004L, 2004L, 2004L), e.zones().get(0).lowmemReserve());
        assertEquals(List.of(3018L, 2417L, 950L, 6L, 1L, 1L, 1L, 1L, 1L, 1L, 0L), e.buddy().get(1).freeBlocks());
        assertEquals(9, e.buddy().get(1).largestFreeOrder());

        final OomEvent first = events.get(0);
        assertEquals(12L, first.victim().score());
        assertEquals(478428L, first.victim().totalVmKb());
        assertNull(first.trigger(), "a bare kill pair names no trigger");
    }

    @Test
    void shouldSeeMailsCascadeAsFourKillsAndTheThrashingHost() {
        final List<OomEvent> events = Fixtures.analyzeResource("seeds/001-rhel4-cascade-mail.txt");

        assertEquals(List.of(22073, 23485, 23471, 23726), events.stream().map(e -> e.victim().pid()).toList());
        assertEquals(List.of("mysqld", "httpd", "httpd", "smtp"), events.stream().map(e -> e.victim().name()).toList());
        events.forEach(e -> assertEquals("mail", e.host()));
        events.forEach(e -> assertEquals("e1", e.kernelEra()));
        final OomEvent mysqld = events.get(0);
        assertTrue(mysqld.complete(), "the report spans 136 s with minute-long gaps but ends with its kill line");
        assertEquals("0x1d2", mysqld.trigger().gfpMask());
        assertNull(mysqld.trigger().process(), "the E1 header names no process");
        assertEquals(136L, mysqld.analysis().reportSpanSeconds());
        assertTrue(mysqld.analysis().thrashing());
        assertTrue(mysqld.analysis().swapExhausted());
        assertEquals(0L, mysqld.swap().freeKb());
        assertEquals(65536L * 4, mysqld.ramKb());
        assertEquals(12744L, mysqld.memInfo().get("free_pages_kb"));
        assertEquals(3, mysqld.zones().size());
        assertEquals("2026-11-02T14:11:02Z", mysqld.time());
        assertEquals("2026-11-02T14:08:46Z", mysqld.firstLineTime());
        assertEquals("2026-11-02T17:06:25Z", events.get(3).time());
    }

    @Test
    void shouldReadWv2f302sFragmentsKillAndFragmentationFailure() {
        final List<OomEvent> events = Fixtures.analyzeResource("seeds/002-centos65-kvm-fragmentation-wv2-f302.txt");

        assertEquals(3, events.size());
        final OomEvent memInfoFragment = events.get(0);
        assertFalse(memInfoFragment.complete());
        assertEquals(IncompleteReason.MISSING_HEADER, memInfoFragment.incompleteReason());
        assertEquals(4, memInfoFragment.buddy().size());
        assertEquals(0, memInfoFragment.buddy().get(2).largestFreeOrder(), "Node 0 Normal: all free memory in order 0");
        assertTrue(memInfoFragment.analysis().verdict().contains("badly fragmented"), memInfoFragment.analysis().verdict());

        final OomEvent kill = events.get(1);
        assertEquals(3878, kill.victim().pid());
        assertEquals("qemu_wl52", kill.victim().name());
        assertEquals(318L, kill.victim().score());
        assertEquals(0L, kill.victim().uid());
        assertEquals(126277476L, kill.victim().anonRssKb());
        assertEquals(128169596L, kill.victim().totalVmKb());
        assertNull(kill.taskCount(), "the table is elided ('...')");

        final OomEvent alloc = events.get(2);
        assertEquals(EventKind.ALLOC_FAILURE, alloc.kind());
        assertEquals("qemu_wl50", alloc.trigger().process());
        assertEquals(4444, alloc.trigger().pid());
        assertEquals(4, alloc.trigger().order());
        assertEquals("0x20", alloc.trigger().gfpMask());
        assertEquals(List.of("__GFP_HIGH"), alloc.trigger().gfpFlags());
        assertNull(alloc.victim());
        assertTrue(alloc.analysis().verdict().contains("fragmentation"), alloc.analysis().verdict());
        assertTrue(alloc.analysis().verdict().contains("atomic"), alloc.analysis().verdict());
    }

    @Test
    void shouldAttributeTheApache2UnitKillAndReadTheGluedBuddyLines() {
        final List<OomEvent> events = Fixtures.analyzeResource("seeds/003-debian-apache2-unit-kill.txt");

        assertEquals(2, events.size());
        final OomEvent buddy = events.get(0);
        assertEquals(IncompleteReason.MISSING_HEADER, buddy.incompleteReason());
        assertNull(buddy.host());
        assertEquals(2, buddy.buddy().size());
        assertEquals(4476L, buddy.buddy().get(0).totalKb());
        assertEquals(10, buddy.buddy().get(1).largestFreeOrder());

        final OomEvent unit = events.get(1);
        assertEquals(EventKind.UNIT_OOM_KILL, unit.kind());
        assertEquals("apache2.service", unit.systemdUnit());
        assertTrue(unit.analysis().verdict().contains("OOMPolicy"), unit.analysis().verdict());
    }
}
