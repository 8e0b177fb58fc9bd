package io.oomstream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze} for the person at the terminal: the stderr summary's counts say what they count and it lists the
 * incidents and events with their verdicts; {@code --format text} prints all of it instead of JSON.
 */
class AnalyzeTextReportTest {

    private static final String TWO_PODS = "incidents/k8s-node-two-pods-app-and-sidecar-kills.log";
    private static final String PODS = "incidents/kubectl-get-pods-checkout-default-container-search-native-sidecar.json";
    private String stdout;
    private String stderr;

    @Test
    void theSummarySaysWhatEachCountCountsAndGivesTheVerdicts() {
        assertEquals(0, run("analyze", "--pods", path(PODS), path(TWO_PODS)));
        assertTrue(stderr.startsWith("oomstream analyze: 74 records read (an input line, or a whole multi-line JSON document or journal entry, or a wrapped line joined again)\n"
                + "  74 log lines decoded, 0 of them ordinary (programs that write no OOM reports, passed over); "
                + "0 records undecodable (no syslog layout: prose, garbage)\n"
                + "  3 OOM events found (0 incomplete: part of the report missing): 3 cgroup-limit OOM kills\n"),
                stderr);
        assertTrue(stderr.contains("\nIncidents (2: 1 medium, 1 low), most severe first:\n"
                + "  medium    open    2 kills   2026-11-14 09:12:03  k8s-web-7 pod checkout-7d9f8c6b5-k2x4p\n"
                + "      k8s-web-7 pod shop/checkout-7d9f8c6b5-k2x4p: the OOM killer killed 2 processes (java, envoy)"),
                stderr);
        assertTrue(stderr.contains("\nEvents by host, in time order:\n  k8s-web-7\n"
                + "    2026-11-14 09:12:03  cgroup-limit OOM kill java (pid 21877)\n"), stderr);
        assertTrue(stdout.startsWith("{"), "JSON stays on stdout");
    }

    @Test
    void formatTextPrintsTheReportInsteadOfJson() {
        assertEquals(0, run("analyze", "--quiet", "--format", "text", path(TWO_PODS)));
        assertFalse(stdout.contains("{\""), stdout);
        assertTrue(stdout.contains("only sidecar") || stdout.contains("k8s-web-7 pod 5b0c8f2e"), stdout);
        assertTrue(stdout.contains("    2026-11-14 09:13:03  cgroup-limit OOM kill envoy (pid 23101)"), stdout);
        assertEquals("", stderr);
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertEquals(2, run("analyze", "--format", "yaml", path(TWO_PODS)));
        assertTrue(stderr.contains("--format is json or text"), stderr);
    }

    /**
     * A cgroup-v2 report whose kill lines are missing (the oom-kill line names the cgroup): no kill, and the verdict
     * says the log names no cgroup instead of printing the JSON's stand-in, "cgroup ?".
     */
    @Test
    void shouldSayTheLogNamesNoCgroupWhenTheReportDoesNot() {
        assertEquals(0, run("analyze", "--quiet", "--format", "text",
                path("incidents/cgroup-v2-report-without-kill-lines-names-no-cgroup.log")));
        final String text = stdout.replaceAll("\\s+", " "); // the verdict is wrapped at 100 columns
        assertTrue(text.contains("0 kills"), stdout);
        assertFalse(text.contains("cgroup ?"), stdout);
        assertTrue(text.contains("memory limit of a cgroup the log does not name that ran out"), stdout);
    }

    private static String path(final String resource) {
        return Fixtures.RESOURCES.resolve(resource).toString();
    }

    private int run(final String... args) {
        final CommandRun r = CommandRun.of(args);
        stdout = r.stdout();
        stderr = r.stderr();
        return r.exitCode();
    }
}
