package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.alert.AlertFixtures;
import io.oomstream.alert.IncidentAlert;
import io.oomstream.alert.LinkTemplate;
import io.oomstream.config.AlertmanagerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/alertmanager: alertmanager.yml with inhibit-rules.yml appended (as docs/alerting.md says) passes
 * {@code amtool check-config}, and its routing tree sends the labels oomstream really posts (built from incident
 * fixtures) where the comments say. amtool comes with Debian's prometheus-alertmanager; skipped without it.
 */
class AlertmanagerConfigTest {

    static final Path AMTOOL = Path.of("/usr/bin/amtool");
    private static final LinkTemplate LINK = new LinkTemplate(AlertmanagerSettings.DEFAULT_LINK_TEMPLATE);

    @TempDir
    Path work;
    private Path config;

    @BeforeEach
    void combine() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(AMTOOL),
                "skipped: " + AMTOOL + " is missing (apt-get install prometheus-alertmanager; .ci/run installs it)");
        final Path dir = Path.of("deploy", "alertmanager");
        config = work.resolve("alertmanager.yml");
        Files.writeString(config, Files.readString(dir.resolve("alertmanager.yml")) + "\n"
                + Files.readString(dir.resolve("inhibit-rules.yml")));
    }

    @Test
    void shouldPassAmtoolCheckConfigWithTheInhibitRules() throws Exception {
        final String out = PrometheusRulesTest.run(List.of(AMTOOL.toString(), "check-config", config.toString()));
        assertTrue(out.contains("3 inhibit rules"), out);
    }

    @Test
    void shouldRouteTheAlertsOomstreamPostsByTeamAndSeverity() throws Exception {
        final Map<String, String> cascade = labels(AlertFixtures.WEB_01_CASCADE);
        assertEquals("payments-pager", route(cascade), "payments, prod, high");

        final Map<String, String> firstKill = labels(AlertFixtures.WEB_01_FIRST_KILL);
        assertEquals("payments-chat", route(firstKill), "payments, low");

        assertEquals("oom-chat", route(labels(AlertFixtures.DB_07_NO_FLEET)), "no team known");
        assertEquals("oom-pager", route(labels(AlertFixtures.FLEET_TOMCAT)), "fleet-wide, high");

        final Map<String, String> critical = new java.util.TreeMap<>(firstKill);
        critical.put("severity", "critical");
        assertEquals("oom-pager", route(critical), "critical goes to the pager whatever the team");
    }

    private static Map<String, String> labels(final String fixture) {
        return IncidentAlert.of(AlertFixtures.record(fixture), LINK).labels();
    }

    private String route(final Map<String, String> labels) throws Exception {
        final List<String> cmd = new ArrayList<>(List.of(AMTOOL.toString(), "config", "routes", "test",
                "--config.file=" + config));
        labels.forEach((k, v) -> cmd.add(k + "=" + v));
        final String out = PrometheusRulesTest.run(cmd);
        // amtool prints the receivers, then a warning that the file overrides the (unset) Alertmanager URL.
        return out.lines().filter(l -> !l.startsWith("Warning:")).findFirst().orElse("").strip();
    }
}
