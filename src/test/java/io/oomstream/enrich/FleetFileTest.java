package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.Json;
import io.oomstream.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fleet files in YAML, JSON and CSV: the same hosts from each, and every problem reported as file:line. */
class FleetFileTest {

    private static final Path EXAMPLES = Path.of("deploy", "fleet");

    @Test
    void shouldReadTheSameHostsFromTheYamlAndCsvExamples() {
        final FleetIndex yaml = FleetFile.load(EXAMPLES.resolve("fleet-example.yaml"));
        final FleetIndex csv = FleetFile.load(EXAMPLES.resolve("fleet-example.csv"));

        assertEquals(List.of("web-01", "web-02", "www8321uj", "mail", "wv2-f302"), List.copyOf(yaml.byKey().keySet()));
        assertEquals(yaml.byKey(), csv.byKey());
        final FleetHost web = yaml.find("web-01").orElseThrow();
        assertEquals(new Service("tomcat", List.of("java"), List.of("tomcat9.service"), true), web.services().get(0));
        assertEquals(16318412L, web.ramKb());
        assertEquals("#web-platform-oncall", web.owner());
        yaml.byKey().forEach((key, host) -> {
            EventSchema.assertValid("fleet-key.schema.json", Json.MAPPER.valueToTree(key));
            EventSchema.assertValid("fleet-host.schema.json", host);
        });
    }

    @Test
    void shouldReadJsonAsAListOrUnderHosts() {
        final String list = "[{\"host\": \"a1\", \"team\": \"t\", \"services\": [{\"name\": \"s\", \"process_names\": \"p\"}]}]";
        final String object = "{\"hosts\": " + list + "}";

        final FleetHost fromList = FleetFile.index(list, "f.json").find("a1").orElseThrow();
        assertEquals(fromList, FleetFile.index(object, "f.json").find("A1").orElseThrow());
        assertEquals(List.of(new Service("s", List.of("p"), List.of(), false)), fromList.services(),
                "a single process name is accepted as a list of one");
    }

    @Test
    void shouldReportEveryYamlProblemWithItsLine() {
        final String yaml = String.join("\n",
                "hosts:",
                "  - host: web-01",
                "    ram_kb: lots",
                "  - host: web-02",
                "    proces_names: [java]",
                "  - datacenter: dc3",
                "  - host: db-1",
                "    ram_kb: -5",
                "    services:",
                "      - name: a",
                "        process_names: [java]",
                "      - name: b",
                "        process_names: [java]",
                "      - name: a",
                "");

        final FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFile.index(yaml, "fleet.yaml"));

        assertEquals(List.of(
                "fleet.yaml:2 (host web-01): ram_kb: Cannot deserialize value of type `java.lang.Long` from String "
                        + "\"lots\": not a valid `java.lang.Long` value",
                "fleet.yaml:4 (host web-02): unknown field 'proces_names'",
                "fleet.yaml:6: host is missing",
                "fleet.yaml:7 (host db-1): ram_kb must be >= 0, got -5",
                "fleet.yaml:7 (host db-1): service 'a' is listed twice",
                "fleet.yaml:7 (host db-1): process java is claimed by services 'a' and 'b'"), e.problems());
    }

    @Test
    void shouldReportASyntaxErrorWithItsLine() {
        final FleetFileException e = assertThrows(FleetFileException.class,
                () -> FleetFile.index("hosts:\n  - host: a\n  - host: [b\n", "fleet.yml"));

        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).startsWith("fleet.yml:3: not valid YAML"), e.problems().get(0));
    }

    @Test
    void shouldReportCsvProblemsWithTheirLinesAfterComments() {
        final String csv = String.join("\n",
                "# comment",
                "host,team,ram_kb,services",
                "a,t,12,x: y / z.service",
                "",
                "b,t,zz,",
                "# another comment",
                "c,t,1,: nope",
                "");

        final FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFile.index(csv, "hosts.csv"));

        assertEquals(List.of("hosts.csv:5 (host b): ram_kb must be a whole number of kB, got 'zz'",
                "hosts.csv:7 (host c): services entry ': nope' must start with one service name "
                        + "(NAME[!] [: PROCESS ...] [/ UNIT ...])"), e.problems());
    }

    @Test
    void shouldRejectUnknownCsvColumnsAndAMissingHostColumn() {
        final FleetFileException e = assertThrows(FleetFileException.class,
                () -> FleetFile.index("name,teem\na,b\n", "hosts.csv"));

        assertEquals(List.of(
                "hosts.csv:1: the header row must name a 'host' column (columns: "
                        + "host,datacenter,environment,role,team,ram_kb,kernel,owner,services)",
                "hosts.csv:1: unknown column 'name' (columns: host,datacenter,environment,role,team,ram_kb,kernel,owner,services)",
                "hosts.csv:1: unknown column 'teem' (columns: host,datacenter,environment,role,team,ram_kb,kernel,owner,services)"),
                e.problems());
    }

    @Test
    void shouldRejectAnUnknownExtension() {
        final FleetFileException e = assertThrows(FleetFileException.class, () -> FleetFile.index("x", "hosts.txt"));

        assertEquals(List.of("hosts.txt: unknown format; name the file .yaml, .yml, .json or .csv"), e.problems());
    }

    @Test
    void shouldParseTheCompactServicesColumnAndWriteItBack() {
        final List<Service> services = ServicesColumn.parse(
                " tomcat!: java jsvc / tomcat9.service ; nginx: nginx / nginx.service; sshd ; db / postgresql@14-main.service");

        assertEquals(List.of(
                new Service("tomcat", List.of("java", "jsvc"), List.of("tomcat9.service"), true),
                new Service("nginx", List.of("nginx"), List.of("nginx.service"), false),
                new Service("sshd", List.of(), List.of(), false),
                new Service("db", List.of(), List.of("postgresql@14-main.service"), false)), services);
        assertEquals(services, ServicesColumn.parse(ServicesColumn.format(services)));
        assertEquals(List.of(), ServicesColumn.parse(null));
    }

    @Test
    void shouldPublishEveryHostUnderItsMatchingKey() {
        final FleetIndex index = FleetFile.index("host,team\nWeb-09.Example.COM,t\n10.0.0.5,t\n", "h.csv");

        assertEquals(Map.of("web-09", "Web-09.Example.COM", "10.0.0.5", "10.0.0.5"),
                Map.of("web-09", index.byKey().get("web-09").host(), "10.0.0.5", index.byKey().get("10.0.0.5").host()));
        assertEquals(2, index.size());
    }
}
