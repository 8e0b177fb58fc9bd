package io.oomstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.oomstream.config.AppConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One memory budget, stated in deploy/k8s/statefulset.yaml and docker-compose.yml alike, and adding up: heap plus
 * RocksDB plus the JVM's capped native areas fit in the container limit with headroom for threads, GC and malloc.
 * {@code BoundedMemoryOnBrokerTest} runs the application with these very options and measures it.
 */
class MemoryBudgetFilesTest {

    /** Threads (about 60 stacks touched a little each), GC structures, malloc arenas: what no JVM option caps. */
    private static final long UNCAPPED_HEADROOM = 96L << 20;

    @Test
    void shouldStateOneBudgetThatFitsItsContainerLimit() {
        final MemoryBudget budget = MemoryBudget.deployed();
        final long sum = budget.heapBytes() + budget.rocksdbBytes() + budget.cappedNativeBytes();
        assertTrue(sum + UNCAPPED_HEADROOM <= budget.limitBytes(), "heap + RocksDB + capped native " + (sum >> 20)
                + " MiB + headroom " + (UNCAPPED_HEADROOM >> 20) + " MiB over the limit " + (budget.limitBytes() >> 20));
        assertTrue(budget.javaOpts().contains("-XX:+ExitOnOutOfMemoryError"), "a heap OOM ends the process at once");
        assertEquals("2", budget.env().get("MALLOC_ARENA_MAX"));
        assertEquals(AppConfig.load(null, Map.of(), Map.of()).rocksdbMemoryBytes(), budget.rocksdbBytes(),
                "the deployed RocksDB budget is the documented default");
    }

    @Test
    void shouldRunComposeWithTheSameBudget() throws IOException {
        final MemoryBudget budget = MemoryBudget.deployed();
        final JsonNode app = new YAMLMapper().readTree(Path.of("docker-compose.yml").toFile()).at("/services/oomstream");
        assertEquals(String.join(" ", budget.javaOpts()), app.at("/environment/JAVA_OPTS").asText());
        assertEquals(budget.env().get("MALLOC_ARENA_MAX"), app.at("/environment/MALLOC_ARENA_MAX").asText());
        assertEquals(budget.env().get("OOMSTREAM_ROCKSDB_MEMORY_BYTES"),
                app.at("/environment/OOMSTREAM_ROCKSDB_MEMORY_BYTES").asText());
        assertEquals(budget.limitBytes(), MemoryBudget.size(app.path("mem_limit").asText()));
    }

    @Test
    void shouldReadSizesTheWayKubernetesAndTheJvmWriteThem() {
        assertEquals(1L << 30, MemoryBudget.quantity("1Gi"));
        assertEquals(1536L << 20, MemoryBudget.quantity("1536Mi"));
        assertEquals(512L << 20, MemoryBudget.size("512m"));
        assertEquals(1L << 30, MemoryBudget.size("1g"));
    }
}
