package io.oomstream.bench;

import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds' decode of the stream's input, side by side in one JVM: each jar's {@code SyslogDecoder.decode(bytes,
 * time, ProgramFilter.OOM_REPORT_LINES)} (what {@code OrdinaryRecordFilter} runs per record) over the same generated
 * records (the end-to-end bench's: rsyslog omkafka JSON from 10,000 hosts), the two passes alternating round by round
 * and the order flipped every round. The figure is the median of the per-round ratios of the thread's CPU time, new
 * over old: on a shared machine whose load drifts, two passes taken back to back see the same load, which two
 * processes run one after the other do not.
 *
 * <p>Run: {@code java -cp target/oomstream.jar io.oomstream.bench.SideBySideDecodeBench old.jar new.jar [records]
 * [rounds] [program]}; with a program (as in the record: {@code "kernel"}, {@code "nginx"}) only its records are
 * decoded. Each jar is loaded in its own class loader (its own Jackson and grammar), so both must be whole
 * ({@code target/oomstream.jar}).
 */
public final class SideBySideDecodeBench {

    private static final Instant REFERENCE = Instant.parse("2024-03-01T00:00:00Z");
    private static final int WARM_UP_ROUNDS = 3;

    private SideBySideDecodeBench() {
    }

    /** One jar's decoder, reached by method handles (its classes are not this class loader's). */
    private static final class Build {
        private final MethodHandle newDecoder;
        private final MethodHandle decode;
        private final Object filter;
        private final Class<?> ordinaryLine;

        Build(final String jar) throws ReflectiveOperationException, java.net.MalformedURLException {
            final ClassLoader loader = SideBySideJars.load(jar);
            final Class<?> decoder = loader.loadClass("io.oomstream.syslog.SyslogDecoder");
            final Class<?> programFilter = loader.loadClass("io.oomstream.syslog.ProgramFilter");
            ordinaryLine = loader.loadClass("io.oomstream.syslog.OrdinaryLine");
            filter = programFilter.getField("OOM_REPORT_LINES").get(null);
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            newDecoder = lookup.findConstructor(decoder, MethodType.methodType(void.class));
            decode = lookup.findVirtual(decoder, "decode", MethodType.methodType(
                    loader.loadClass("io.oomstream.syslog.DecodeResult"), byte[].class, Instant.class, programFilter));
        }

        /** Decodes every record with a fresh decoder (one stream, in order); returns how many were ordinary. */
        long pass(final List<byte[]> records) throws Throwable {
            final Object decoder = newDecoder.invoke();
            long ordinary = 0;
            for (final byte[] record : records) {
                if (ordinaryLine.isInstance(decode.invoke(decoder, record, REFERENCE, filter))) {
                    ordinary++;
                }
            }
            return ordinary;
        }
    }

    public static void main(final String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: SideBySideDecodeBench old.jar new.jar [records] [rounds] [program]");
            System.exit(2);
        }
        final int count = args.length > 2 ? Integer.parseInt(args[2]) : 400_000;
        final int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 11;
        final String program = args.length > 4 ? "\"programname\":\"" + args[4] + "\"" : null;
        final List<byte[]> records = new ArrayList<>();
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(count)
                .withHosts(10_000).withFormat(OutputFormat.JSON).withSeed(1));
        while (g.hasNext()) {
            final String value = g.next().value();
            if (program == null || value.contains(program)) {
                records.add(value.getBytes(StandardCharsets.UTF_8));
            }
        }
        final Build[] builds = {new Build(args[0]), new Build(args[1])};
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final List<Double> ratios = new ArrayList<>();
        final List<Double> oldNs = new ArrayList<>();
        final List<Double> newNs = new ArrayList<>();
        final long[] ordinary = new long[2];
        for (int round = 0; round < rounds + WARM_UP_ROUNDS; round++) {
            final double[] ns = new double[2];
            for (int turn = 0; turn < 2; turn++) {
                final int b = round % 2 == 0 ? turn : 1 - turn;
                final long t0 = mx.getCurrentThreadCpuTime();
                ordinary[b] = builds[b].pass(records);
                ns[b] = (mx.getCurrentThreadCpuTime() - t0) / (double) records.size();
            }
            if (round >= WARM_UP_ROUNDS) {
                ratios.add(ns[1] / ns[0]);
                oldNs.add(ns[0]);
                newNs.add(ns[1]);
            }
        }
        Collections.sort(ratios);
        System.out.printf(Locale.ROOT, "%,d records%s, %,d / %,d ordinary (old / new): old %.0f ns, new %.0f ns of CPU "
                        + "per record (medians); new/old per round: median %.3f (%.3f-%.3f, %d rounds)%n",
                records.size(), program == null ? "" : " of " + args[4], ordinary[0], ordinary[1], SideBySideJars.median(oldNs),
                SideBySideJars.median(newNs), SideBySideJars.median(ratios), ratios.get(0), ratios.get(ratios.size() - 1),
                ratios.size());
    }
}
