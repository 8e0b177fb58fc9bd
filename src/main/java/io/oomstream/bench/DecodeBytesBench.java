package io.oomstream.bench;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.OrdinaryLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the stream's decode processor does per input record, on one thread without Kafka: decode the record's bytes
 * with a program filter, and classify the lines of a full decode as its pre-filter does. Records: the bench's
 * end-to-end input (rsyslog omkafka JSON from 10,000 hosts), or another format. Rounds alternate the filters, so a
 * shared machine's load falls on both; the figure is each filter's median ns per record.
 *
 * <p>Run: {@code java -cp target/oomstream.jar io.oomstream.bench.DecodeBytesBench [records] [rounds] [format]}. The
 * class uses only the decoder's public API, so the same class file also runs against an older jar
 * ({@code java -cp target/classes-of-this-class:old.jar ...}): a filter the older jar lacks is reported as such.
 */
public final class DecodeBytesBench {

    private DecodeBytesBench() {
    }

    public static void main(final String[] args) throws ReflectiveOperationException {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        final OutputFormat format = args.length > 2 ? OutputFormat.valueOf(args[2]) : OutputFormat.JSON;
        final List<byte[]> input = new ArrayList<>(records);
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withLines(records)
                .withHosts(10_000).withFormat(format).withSeed(1));
        while (g.hasNext()) {
            input.add(g.next().value().getBytes(StandardCharsets.UTF_8));
        }
        final List<String> names = new ArrayList<>();
        final List<ProgramFilter> filters = new ArrayList<>();
        for (final String name : List.of("OOM_RELEVANT", "OOM_REPORT_LINES")) {
            try {
                filters.add((ProgramFilter) ProgramFilter.class.getField(name).get(null));
                names.add(name);
            } catch (final NoSuchFieldException e) {
                System.out.printf("ProgramFilter.%s: not in this jar%n", name);
            }
        }
        final long reference = System.currentTimeMillis();
        for (int w = 0; w < 3; w++) {
            for (final ProgramFilter f : filters) {
                pass(input, f, reference, null);
            }
        }
        final List<List<Double>> ns = new ArrayList<>();
        filters.forEach(f -> ns.add(new ArrayList<>()));
        final long[] counts = new long[3];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < filters.size(); k++) {
                final int which = (k + r) % filters.size();
                final long t0 = System.nanoTime();
                pass(input, filters.get(which), reference, which == filters.size() - 1 ? counts : null);
                ns.get(which).add((System.nanoTime() - t0) / (double) input.size());
            }
        }
        System.out.printf(Locale.ROOT, "%,d %s records, %d rounds; last filter: %,d ordinary, %,d decoded lines "
                + "passed over, %,d lines kept (per pass)%n", input.size(), format, rounds, counts[0] / rounds,
                counts[1] / rounds, counts[2] / rounds);
        for (int k = 0; k < filters.size(); k++) {
            final List<Double> sorted = ns.get(k).stream().sorted().toList();
            System.out.printf(Locale.ROOT, "  %-17s median %6.1f ns/record (min %.1f, max %.1f)%n", names.get(k),
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
        }
    }

    /** One pass as DecodeProcessor.process: decode, then the pre-filter on the lines of a full decode. */
    private static long pass(final List<byte[]> input, final ProgramFilter filter, final long reference,
                             final long[] counts) {
        final SyslogDecoder decoder = new SyslogDecoder();
        long kept = 0;
        long ordinary = 0;
        long passedOver = 0;
        for (final byte[] record : input) {
            final DecodeResult result = decoder.decode(record, Instant.ofEpochMilli(reference), filter);
            if (result instanceof OrdinaryLine) {
                ordinary++;
                continue;
            }
            for (final LogLine line : ((Decoded) result).lines()) {
                if (KernelGrammar.reportLineClass(line) != null) {
                    kept++;
                } else {
                    passedOver++;
                }
            }
        }
        if (counts != null) {
            counts[0] += ordinary;
            counts[1] += passedOver;
            counts[2] += kept;
        }
        return kept;
    }
}
