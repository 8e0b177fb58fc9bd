package io.oomstream.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds' ordinary-record filter (the stream thread's interceptor, {@link OrdinaryFilterBench}'s figure) side by
 * side in one JVM over the same input, the two passes alternating and their order flipped every round. Figure: the
 * median of the per-round ratios of the thread's CPU time, new over old, with their range; on a shared machine whose
 * load drifts, passes taken back to back see the same load.
 *
 * <p>Each jar is loaded in its own class loader, followed by the jar this bench runs from, so that {@link FilterPasses}
 * (absent from older jars) drives an older jar's filter too: both sides run the same harness.
 * Each side generates its own copy of the input (the same seed), and the two must keep the same number of records.
 *
 * <p>Run: {@code java -cp target/oomstream.jar io.oomstream.bench.SideBySideFilterBench old.jar new.jar [rounds]
 * [records]}. Both jars must be whole ({@code target/oomstream.jar}). Run it again with the jars swapped: a ratio
 * that does not invert is the harness's, not the jars'.
 */
public final class SideBySideFilterBench {

    private static final int WARM_UP_ROUNDS = 6;
    private static final int POLL = 10_000;

    private SideBySideFilterBench() {
    }

    public static void main(final String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: SideBySideFilterBench old.jar new.jar [rounds] [records]");
            System.exit(2);
        }
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        final int records = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        // Each jar followed by the one running this bench, for FilterPasses when the jar has none: both sides load
        // the same way whichever jar is given first (run it with the two swapped to see the order's own effect).
        final URL harness = SideBySideFilterBench.class.getProtectionDomain().getCodeSource().getLocation();
        final MethodHandle[] pass = new MethodHandle[2];
        final Object[] polls = new Object[2];
        for (int k = 0; k < 2; k++) {
            final ClassLoader loader = SideBySideJars.load(args[k], harness);
            final Class<?> passes = loader.loadClass("io.oomstream.bench.FilterPasses");
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            pass[k] = lookup.findStatic(passes, "pass", MethodType.methodType(long.class, List.class));
            polls[k] = passes.getMethod("polls", int.class, int.class).invoke(null, records, POLL);
        }
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final List<Double> newOverOld = new ArrayList<>();
        final List<Double> oldNs = new ArrayList<>();
        final List<Double> newNs = new ArrayList<>();
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            final double[] cpu = new double[2];
            final long[] kept = new long[2];
            for (int j = 0; j < 2; j++) {
                final int k = (round + j) % 2 == 0 ? 0 : 1;
                final long t = threads.getCurrentThreadCpuTime();
                kept[k] = (long) pass[k].invoke(polls[k]);
                cpu[k] = (threads.getCurrentThreadCpuTime() - t) / (double) records;
            }
            if (kept[0] != kept[1]) {
                throw new IllegalStateException("the two jars kept " + kept[0] + " and " + kept[1] + " records");
            }
            if (round < 0) {
                continue;
            }
            newOverOld.add(cpu[1] / cpu[0]);
            oldNs.add(cpu[0]);
            newNs.add(cpu[1]);
            System.out.printf(Locale.ROOT, "round %2d: old %.1f, new %.1f ns/record of CPU (new/old %.3f); %d kept%n",
                    round + 1, cpu[0], cpu[1], cpu[1] / cpu[0], kept[1]);
        }
        System.out.printf(Locale.ROOT, "median new/old CPU %.3f (%.3f-%.3f; quartiles %.3f-%.3f); old %.1f, new %.1f "
                + "ns/record (medians; %d rounds of %,d records, load %.2f)%n", SideBySideJars.median(newOverOld),
                Collections.min(newOverOld), Collections.max(newOverOld), SideBySideJars.quantile(newOverOld, 0.25),
                SideBySideJars.quantile(newOverOld, 0.75), SideBySideJars.median(oldNs), SideBySideJars.median(newNs), rounds, records, BenchCommand.loadAverage());
    }
}
