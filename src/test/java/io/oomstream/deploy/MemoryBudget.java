package io.oomstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory budget of one {@code run} instance as deploy/k8s/statefulset.yaml states it: the JVM options, the
 * environment beside them and the container's memory limit. Tests read it from there, so the budget they prove is
 * the one deployed.
 *
 * @param javaOpts     JAVA_OPTS, split on blanks
 * @param env          the container's literal environment values
 * @param limitBytes   {@code resources.limits.memory}
 */
public record MemoryBudget(List<String> javaOpts, Map<String, String> env, long limitBytes) {

    public static final Path STATEFULSET = Path.of("deploy/k8s/statefulset.yaml");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

    /** The budget of the oomstream container of deploy/k8s/statefulset.yaml. */
    public static MemoryBudget deployed() {
        try {
            final JsonNode container = new YAMLMapper().readTree(STATEFULSET.toFile())
                    .at("/spec/template/spec/containers/0");
            final Map<String, String> env = new HashMap<>();
            container.path("env").forEach(e -> {
                if (e.has("value")) {
                    env.put(e.get("name").asText(), e.get("value").asText());
                }
            });
            return new MemoryBudget(Arrays.asList(env.getOrDefault("JAVA_OPTS", "").trim().split("\\s+")), env,
                    quantity(container.at("/resources/limits/memory").asText()));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -Xmx}, in bytes. */
    public long heapBytes() {
        return jvmSize("-Xmx");
    }

    /** {@code oomstream.rocksdb.memory.bytes} as the container's environment sets it. */
    public long rocksdbBytes() {
        return Long.parseLong(env.get("OOMSTREAM_ROCKSDB_MEMORY_BYTES"));
    }

    /** The JVM's capped native areas: metaspace, code cache, direct buffers. */
    public long cappedNativeBytes() {
        return jvmSize("-XX:MaxMetaspaceSize=") + jvmSize("-XX:ReservedCodeCacheSize=")
                + jvmSize("-XX:MaxDirectMemorySize=");
    }

    /** The value of a JVM size option ({@code -Xmx512m}, {@code -XX:MaxMetaspaceSize=128m}) in bytes. */
    public long jvmSize(final String prefix) {
        return javaOpts.stream().filter(o -> o.startsWith(prefix)).map(o -> size(o.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new IllegalStateException(prefix + " missing from JAVA_OPTS " + javaOpts));
    }

    /** A Kubernetes memory quantity ({@code 1Gi}, {@code 1536Mi}) in bytes. */
    static long quantity(final String q) {
        final Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(q.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a memory quantity: " + q);
        }
        final long n = Long.parseLong(m.group(1));
        return m.group(2) == null ? n : switch (m.group(2)) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            default -> n << 30;
        };
    }

    /** A JVM or compose size ({@code 512m}, {@code 1g}) in bytes. */
    static long size(final String s) {
        final Matcher m = SIZE.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + s);
        }
        final long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }
}
