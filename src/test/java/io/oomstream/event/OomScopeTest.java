package io.oomstream.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The scope a report shows, from each era's evidence; nothing where the report says nothing. */
class OomScopeTest {

    @Test
    void shouldReadTheConstraintWhereTheKernelPrintedIt() {
        assertEquals(OomScope.HOST, OomScope.of(false, "CONSTRAINT_NONE", "Out of memory"));
        assertEquals(OomScope.CPUSET, OomScope.of(false, "CONSTRAINT_CPUSET", "Out of memory"));
        assertEquals(OomScope.MEMORY_POLICY, OomScope.of(false, "CONSTRAINT_MEMORY_POLICY", null));
        assertEquals(OomScope.MEMCG, OomScope.of(false, "CONSTRAINT_MEMCG", null));
    }

    @Test
    void shouldTakeTheGlobalPathsKillMessageBeforeTheConstraintWasPrinted() {
        assertEquals(OomScope.HOST, OomScope.of(false, null, "Out of memory")); // 3.x-4.18: "Out of memory: Kill process"
        assertEquals(OomScope.HOST, OomScope.of(false, null, "Out of Memory")); // 2.6.18's capital M
    }

    @Test
    void shouldPutAMemoryCgroupsReportDownToItsLimitWhateverItsKillLineSays() {
        assertEquals(OomScope.MEMCG, OomScope.of(true, null, "Memory cgroup out of memory"));
        assertEquals(OomScope.MEMCG, OomScope.of(true, "CONSTRAINT_NONE", null));
    }

    @Test
    void shouldLeaveTheScopeUnknownWhereTheReportDoesNotShowIt() {
        assertNull(OomScope.of(false, null, null)); // "Killed process 123 (x), UID ..." alone
        assertNull(OomScope.of(false, null, "Memory cgroup out of memory")); // not a memcg report, yet its words: say nothing
        assertNull(OomScope.of(false, "CONSTRAINT_SOMETHING_NEW", "Out of memory"));
    }
}
