package io.oomstream.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds' production topology (everything after the ordinary-record filter: decode, stitch, enrich, incidents,
 * kill counts, sink rows, their serdes and RocksDB stores; {@link TopologyBenchWorker} says exactly what is in and
 * out) side by side in one JVM under TopologyTestDriver, over the same in-memory input (the bench's e2e input: JSON,
 * keyed by host, the records the filter would drop taken out), the two jars' runs alternating A B B A, then B A A B.
 * Figures: CPU ns of the thread per input record (of the whole input, the dropped records included, as the e2e
 * figure counts them) per jar, and the median of the per-round ratios new over old, with its spread and its median
 * in each order. Every round checks that both jars wrote the same output records (a digest of all of them).
 *
 * <p>TopologyTestDriver's own work is most of the CPU measured (for every record written it compiles a regex per
 * source topic, and it commits after every record), the same for both jars: a ratio here understates the change
 * of the topology's own CPU.
 *
 * <p>Run (after {@code mvn -o -q -DskipTests package test-compile}): {@code java -cp
 * target/test-classes:target/oomstream.jar io.oomstream.bench.SideBySideTopologyBench old.jar new.jar [rounds]
 * [lines]}. Each jar is loaded in its own class loader with Kafka's test-utils jar (from the local Maven repository)
 * and this directory's worker class; both jars must be whole ({@code target/oomstream.jar}); copy them, and the
 * classpath, elsewhere if you build while it runs.
 */
public final class SideBySideTopologyBench {

    private static final int WARM_UP_ROUNDS = 6;

    private SideBySideTopologyBench() {
    }

    public static void main(final String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: SideBySideTopologyBench old.jar new.jar [rounds] [lines]");
            System.exit(2);
        }
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        final long lines = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000;
        final Path testUtils = testUtilsJar();
        final URL workerDir = Path.of(TopologyBenchWorker.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toUri().toURL();
        final MethodHandle[] run = new MethodHandle[2];
        final ClassLoader[] loaders = new ClassLoader[2];
        Object[] input = null;
        for (int k = 0; k < 2; k++) {
            final ClassLoader loader = SideBySideJars.load(args[k], testUtils.toUri().toURL(), workerDir);
            loaders[k] = loader;
            final Class<?> worker = loader.loadClass(TopologyBenchWorker.class.getName());
            run[k] = MethodHandles.publicLookup().findStatic(worker, "run",
                    MethodType.methodType(long[].class, Object[].class, Path.class));
            if (k == 1) {
                Thread.currentThread().setContextClassLoader(loader);
                input = (Object[]) worker.getMethod("input", long.class, int.class, long.class)
                        .invoke(null, lines, 10_000, 42L);
            }
        }
        final long records = ((long[]) input[3])[0];
        System.out.printf(Locale.ROOT, "input: %,d records, %,d passed on by the filter%n", records,
                ((String[]) input[0]).length);
        final Path work = Files.createTempDirectory("topology-bench");
        final List<Double> newOverOld = new ArrayList<>();
        final List<Double> oldFirst = new ArrayList<>();
        final List<Double> newFirst = new ArrayList<>();
        final List<Double> oldNs = new ArrayList<>();
        final List<Double> newNs = new ArrayList<>();
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            final long[][] result = new long[2][];
            final long[] cpu = new long[2];
            // A B B A, then B A A B: a load that drifts within a round weighs on both jars alike.
            for (int j = 0; j < 4; j++) {
                final int k = ((round & 1) ^ (j == 1 || j == 2 ? 1 : 0)) == 0 ? 0 : 1;
                // Kafka's configs load classes named in settings (the exception handlers) by the context loader.
                Thread.currentThread().setContextClassLoader(loaders[k]);
                final long[] r = (long[]) run[k].invoke(input, work.resolve("r" + round + "-" + j));
                if (result[k] != null && (result[k][1] != r[1] || result[k][2] != r[2])) {
                    throw new IllegalStateException("a jar wrote different output in two runs");
                }
                result[k] = r;
                cpu[k] += r[0];
            }
            if (result[0][1] != result[1][1] || result[0][2] != result[1][2]) {
                throw new IllegalStateException("the two jars wrote different output: " + result[0][1] + " records ("
                        + Long.toHexString(result[0][2]) + ") and " + result[1][1] + " ("
                        + Long.toHexString(result[1][2]) + ")");
            }
            final double o = cpu[0] / 2.0 / records;
            final double n = cpu[1] / 2.0 / records;
            System.out.printf(Locale.ROOT, "round %2d%s: old %.0f, new %.0f CPU ns per input record (new/old %.3f); "
                    + "%,d output records%n", round + 1, round < 0 ? " (warm-up)" : "", o, n, n / o, result[1][1]);
            if (round < 0) {
                continue;
            }
            newOverOld.add(n / o);
            (round % 2 == 0 ? oldFirst : newFirst).add(n / o);
            oldNs.add(o);
            newNs.add(n);
        }
        System.out.printf(Locale.ROOT, "median CPU ns per input record: old %.0f, new %.0f; new/old median %.3f "
                + "(%.3f-%.3f), old first %.3f, new first %.3f (%d rounds, load %.2f)%n", SideBySideJars.median(oldNs),
                SideBySideJars.median(newNs), SideBySideJars.median(newOverOld), Collections.min(newOverOld), Collections.max(newOverOld),
                SideBySideJars.median(oldFirst), SideBySideJars.median(newFirst), rounds, BenchCommand.loadAverage());
    }

    private static Path testUtilsJar() {
        final String version = org.apache.kafka.common.utils.AppInfoParser.getVersion();
        final Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "kafka",
                "kafka-streams-test-utils", version, "kafka-streams-test-utils-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + " (mvn -o test-compile fetches it)");
        }
        return jar;
    }
}
