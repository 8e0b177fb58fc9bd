package io.oomstream.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code kubectl get pods -A -o json} prints (a {@code List} of pods, or one {@code Pod}) into
 * {@link PodMetadata}: the uid memory-cgroup paths use, the owning workload (a ReplicaSet named after its
 * pod-template-hash resolves to its Deployment; a mirror pod is a {@code StaticPod}), and each container's
 * current id plus the id of its previous run ({@code lastState.terminated.containerID}), so a kill of the
 * container that was just restarted still resolves.
 */
public final class KubectlPods {

    /** Labels kept when the caller names none: the well-known application labels. */
    public static final Set<String> DEFAULT_LABELS = Set.of("app", "app.kubernetes.io/name",
            "app.kubernetes.io/instance", "app.kubernetes.io/component", "app.kubernetes.io/part-of");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern CONTAINER_ID = Pattern.compile("^[a-z0-9-]+://([0-9a-fA-F]{64})$");
    private static final Pattern CONFIG_HASH = Pattern.compile("[0-9a-fA-F]{32}");

    private KubectlPods() {
    }

    /** The pods of {@code json}, seen at {@code seen}, keeping the labels named in {@code keepLabels}. */
    public static List<PodMetadata> read(final String json, final Instant seen, final Set<String> keepLabels) {
        final JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (expected the output of kubectl get pods -A -o json): "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object: a List of pods or a Pod (kubectl get pods -A -o json)");
        }
        final String kind = root.path("kind").asText("");
        final List<JsonNode> items = new ArrayList<>();
        if (kind.equals("Pod")) {
            items.add(root);
        } else if (kind.equals("List") || kind.equals("PodList") || root.has("items")) {
            root.path("items").forEach(items::add);
        } else {
            throw new IllegalArgumentException("expected kind List or Pod, got " + (kind.isEmpty() ? "no kind" : kind));
        }
        final List<PodMetadata> pods = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            final JsonNode pod = items.get(i);
            if (!"Pod".equals(pod.path("kind").asText("Pod"))) {
                continue; // a List may hold other kinds (kubectl get all): not pods, nothing to index
            }
            final String uid = cgroupUid(pod);
            if (uid == null) {
                throw new IllegalArgumentException("item " + i + " (" + pod.path("metadata").path("name").asText("?")
                        + "): no metadata.uid");
            }
            pods.add(pod(pod, uid, seen, keepLabels));
        }
        return pods;
    }

    /** The uid cgroup paths use: a mirror pod's config hash, else the API uid (lower case). */
    static String cgroupUid(final JsonNode pod) {
        final String mirror = pod.path("metadata").path("annotations").path("kubernetes.io/config.mirror").asText("");
        if (CONFIG_HASH.matcher(mirror).matches()) {
            return mirror.toLowerCase(Locale.ROOT);
        }
        final String uid = pod.path("metadata").path("uid").asText("");
        return uid.isBlank() ? null : uid.toLowerCase(Locale.ROOT);
    }

    private static PodMetadata pod(final JsonNode pod, final String uid, final Instant seen,
                                   final Set<String> keepLabels) {
        final JsonNode meta = pod.path("metadata");
        final String name = meta.path("name").asText(null);
        final String node = text(pod.path("spec").path("nodeName"));
        final String[] owner = workload(meta, name, node);
        final Map<String, String> labels = new LinkedHashMap<>();
        meta.path("labels").fields().forEachRemaining(e -> {
            if (keepLabels.contains(e.getKey())) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        final List<PodContainer> containers = new ArrayList<>();
        final JsonNode status = pod.path("status");
        final Map<String, String> roles = ContainerRoles.of(pod);
        containers(status.path("initContainerStatuses"), "init", roles, containers);
        containers(status.path("containerStatuses"), "container", roles, containers);
        containers(status.path("ephemeralContainerStatuses"), "ephemeral", Map.of(), containers);
        final String qos = text(status.path("qosClass"));
        final String created = text(meta.path("creationTimestamp"));
        return new PodMetadata(uid, text(meta.path("namespace")), name, owner[0], owner[1], node,
                qos == null ? null : qos.toLowerCase(Locale.ROOT), containers, labels,
                created != null ? created : seen.toString(), seen.toString());
    }

    /** {kind, name} of what owns the pod. */
    private static String[] workload(final JsonNode meta, final String name, final String node) {
        JsonNode controller = null;
        for (final JsonNode ref : meta.path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false) || controller == null) {
                controller = ref;
            }
        }
        if (controller == null) {
            return new String[] {"Pod", name};
        }
        final String kind = controller.path("kind").asText();
        final String ownerName = controller.path("name").asText();
        final String hash = meta.path("labels").path("pod-template-hash").asText("");
        if (kind.equals("ReplicaSet") && !hash.isEmpty() && ownerName.endsWith("-" + hash)) {
            return new String[] {"Deployment", ownerName.substring(0, ownerName.length() - hash.length() - 1)};
        }
        if (kind.equals("Node")) { // a mirror pod: the kubelet names it <manifest name>-<node>
            final String workload = node != null && name != null && name.endsWith("-" + node)
                    ? name.substring(0, name.length() - node.length() - 1) : name;
            return new String[] {"StaticPod", workload};
        }
        return new String[] {kind, ownerName};
    }

    private static void containers(final JsonNode statuses, final String kind, final Map<String, String> roles,
                                   final List<PodContainer> out) {
        for (final JsonNode s : statuses) {
            final List<String> ids = new ArrayList<>();
            addId(s.path("containerID"), ids);
            addId(s.path("lastState").path("terminated").path("containerID"), ids);
            final String name = s.path("name").asText();
            out.add(new PodContainer(name, kind, ids, roles.get(name)));
        }
    }

    private static void addId(final JsonNode field, final List<String> ids) {
        final Matcher m = CONTAINER_ID.matcher(field.asText(""));
        if (m.matches()) {
            final String id = m.group(1).toLowerCase(Locale.ROOT);
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
    }

    private static String text(final JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }
}
