package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Kernel versions as stack headers print them, to eras; a version no int can hold is unreadable, not a crash. */
class KernelVersionsTest {

    @Test
    void readsTheEraOfPrintedVersions() {
        assertEquals(KernelEra.E5, KernelVersions.eraOf("5.15.0-91-generic"));
        assertEquals(KernelEra.E3, KernelVersions.eraOf("2.6.32-431.el6.x86_64"));
        assertEquals(KernelEra.E6, KernelVersions.eraOf("6.8.0-31-generic"));
    }

    @Test
    void aVersionPartTooLongForAnIntIsUnreadable() {
        // Found by OfflineAnalysisFuzzTest: a stack header's "Not tainted 3.10.7777...70-957.27.2.el7.x86_64"
        // threw NumberFormatException out of the stitcher.
        assertNull(KernelVersions.eraOf("3.10." + "7".repeat(127) + "0-957.27.2.el7.x86_64"));
        assertNull(KernelVersions.eraOf("7".repeat(127) + "0.1"));
        assertNull(KernelVersions.eraOf("5." + "9".repeat(10) + ".0"));
        assertNull(KernelVersions.eraOf("2.6." + "1".repeat(12)));
    }
}
