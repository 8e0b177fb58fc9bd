package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oomstream.config.AlertmanagerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert's link (the default {@code oomstream.alertmanager.link.template} and the examples in
 * docs/alerting.md) lands on the provisioned dashboard with its variables set: the path names the dashboard's
 * uid, every {@code var-x} is one of its template variables, and the host variable filters the panels a host's
 * incident needs (a link that sets an unknown variable is silently ignored by Grafana, so only this test notices).
 */
class AlertLinkDashboardTest {

    private static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/oomstream.json");
    private static final Pattern LINK_IN_DOCS = Pattern.compile("https?://\\S+/d/[^\\s`]+");

    @Test
    void shouldLandOnTheProvisionedDashboardWithItsVariables() throws IOException {
        final JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        final Set<String> variables = new LinkedHashSet<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.get("name").asText()));
        final List<String> links = new ArrayList<>();
        links.add(AlertmanagerSettings.DEFAULT_LINK_TEMPLATE);
        final Matcher m = LINK_IN_DOCS.matcher(Files.readString(Path.of("docs/alerting.md")));
        while (m.find()) {
            links.add(m.group());
        }
        assertTrue(links.size() >= 2, "the default and docs/alerting.md's examples");
        for (final String link : links) {
            final URI uri = URI.create(link.replace("{", "%7B").replace("}", "%7D"));
            assertTrue(uri.getPath().startsWith("/d/" + dashboard.get("uid").asText() + "/"),
                    link + " names dashboard uid " + dashboard.get("uid"));
            final Set<String> set = new LinkedHashSet<>();
            for (final String param : uri.getRawQuery().split("&")) {
                if (param.startsWith("var-")) {
                    set.add(param.substring(4, param.indexOf('=')));
                }
            }
            assertTrue(variables.containsAll(set), link + " sets " + set + "; the dashboard has " + variables);
            assertTrue(set.contains("host"), link + " filters on the incident's host");
        }
    }

    @Test
    void shouldFilterEveryEventAndHostIncidentPanelOnTheHost() throws IOException {
        final JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        final List<String> unfiltered = new ArrayList<>();
        int checked = 0;
        for (final JsonNode p : dashboard.path("panels")) {
            for (final JsonNode t : p.path("targets")) {
                final String sql = t.path("rawSql").asText();
                if (sql.contains("FROM oom_events") || sql.contains("FROM oom_incidents")) {
                    checked++;
                    if (!sql.contains("host IN ($host)")) {
                        unfiltered.add(p.path("title").asText());
                    }
                }
            }
        }
        assertTrue(checked >= 10, "panels over events and incidents: " + checked);
        assertEquals(List.of(), unfiltered, "panels over events or incidents that ignore the Host variable");
    }
}
