package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.oomstream.app.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/k8s's pods-load CronJob fits together: kubectl writes the listing where {@code oomstream pods load}
 * reads it, the command line parses, the service account it runs as may list pods and nothing more, and the
 * kustomization applies all four files.
 */
class PodsLoadCronJobTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path K8S = Path.of("deploy", "k8s");

    private static JsonNode read(final String file) throws IOException {
        return YAML.readTree(K8S.resolve(file).toFile());
    }

    @Test
    void shouldListPodsIntoTheFileThatPodsLoadReads() throws IOException {
        final List<String> resources = new ArrayList<>();
        read("kustomization.yaml").get("resources").forEach(r -> resources.add(r.asText()));
        assertTrue(resources.containsAll(List.of("pods-load-serviceaccount.yaml", "pods-load-clusterrole.yaml",
                "pods-load-clusterrolebinding.yaml", "pods-load-cronjob.yaml")), resources.toString());

        final JsonNode pod = read("pods-load-cronjob.yaml").at("/spec/jobTemplate/spec/template/spec");
        final JsonNode list = pod.get("initContainers").get(0);
        final JsonNode load = pod.get("containers").get(0);
        assertEquals("oomstream", load.get("image").asText(), "the image kustomization's `images` sets");
        final String shell = list.get("command").get(2).asText();
        assertTrue(shell.startsWith("kubectl get pods -A -o json > "), shell);
        final String file = shell.substring(shell.indexOf('>') + 1).trim();
        final List<String> args = new ArrayList<>();
        load.get("args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("pods", "load", file), args.subList(0, 3), "pods load reads what kubectl wrote");
        final String volume = list.get("volumeMounts").get(0).get("name").asText();
        assertEquals(list.get("volumeMounts").get(0).get("mountPath").asText(),
                load.get("volumeMounts").get(0).get("mountPath").asText());
        assertEquals(volume, load.get("volumeMounts").get(0).get("name").asText());
        assertTrue(pod.get("volumes").get(0).has("emptyDir"));
        assertFalse(pod.path("enableServiceLinks").asBoolean(true), "no KAFKA_* service-link variables");

        final CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
        assertEquals("load", parsed.subcommand().subcommand().commandSpec().name());
    }

    @Test
    void shouldLetTheJobListPodsAndNothingElse() throws IOException {
        final JsonNode account = read("pods-load-serviceaccount.yaml");
        final JsonNode role = read("pods-load-clusterrole.yaml");
        final JsonNode binding = read("pods-load-clusterrolebinding.yaml");
        final JsonNode job = read("pods-load-cronjob.yaml");
        assertEquals(account.at("/metadata/name").asText(),
                job.at("/spec/jobTemplate/spec/template/spec/serviceAccountName").asText());
        assertEquals(role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
        assertEquals(account.at("/metadata/name").asText(), binding.at("/subjects/0/name").asText());
        assertEquals(read("kustomization.yaml").get("namespace").asText(), binding.at("/subjects/0/namespace").asText(),
                "a ClusterRoleBinding's subject names its namespace itself");
        assertEquals(1, role.get("rules").size());
        assertEquals("[\"pods\"]", role.at("/rules/0/resources").toString());
        assertEquals("[\"get\",\"list\"]", role.at("/rules/0/verbs").toString());
    }
}
