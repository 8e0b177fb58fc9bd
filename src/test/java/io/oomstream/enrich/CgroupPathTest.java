package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Memory-cgroup paths of containers as kubelet (cgroupfs and systemd drivers), containerd, CRI-O, Docker and
 * Podman name them, and as a kernel line cut short leaves them: src/test/resources/cgroup-paths.
 */
class CgroupPathTest {

    static Stream<Arguments> paths() throws IOException {
        final List<String> lines = Files.readAllLines(
                Path.of("src/test/resources/cgroup-paths/kubernetes-and-container-memcg-paths.tsv"));
        assertTrue(lines.size() > 10);
        return lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> {
            final String[] f = l.split("\t", -1);
            return Arguments.of(f[0], f[1], blank(f[2]), blank(f[3]), blank(f[4]), blank(f[5]));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void shouldReadPodContainerAndQosClass(final String what, final String path, final String podUid,
                                           final String containerId, final String qos, final String prefix) {
        final CgroupPath p = CgroupPath.parse(path);
        assertEquals(podUid, p.podUid(), "pod uid of " + path);
        assertEquals(containerId, p.containerId(), "container id of " + path);
        assertEquals(qos, p.qosClass(), "QoS class of " + path);
        assertEquals(prefix, p.containerIdPrefix(), "container id prefix of " + path);
        if (podUid != null || containerId != null) {
            assertEquals(null, p.unit(), "a container's path names no unit");
        }
    }

    private static String blank(final String s) {
        return s.isEmpty() ? null : s;
    }
}
