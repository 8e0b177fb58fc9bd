package io.oomstream.bench;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.loadgen.FleetLogGenerator;
import io.oomstream.loadgen.FleetRecord;
import io.oomstream.loadgen.GeneratorConfig;
import io.oomstream.loadgen.OutputFormat;
import io.oomstream.reorder.InMemoryReorderStore;
import io.oomstream.reorder.ReorderBuffer;
import io.oomstream.reorder.ReorderConfig;
import io.oomstream.reorder.ReorderStats;
import io.oomstream.stitch.InMemoryStitchStore;
import io.oomstream.stitch.StitchStats;
import io.oomstream.stitch.Stitcher;
import io.oomstream.stitch.StitcherConfig;
import io.oomstream.syslog.DecodeResult;
import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.ProgramFilter;
import io.oomstream.syslog.SyslogDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reorder stage's cost (issue 15, point 4), single thread, in memory: the lines the stitch task receives (report
 * lines of a generated mixed-format fleet log, decoded and classified beforehand) through the stitcher alone, and
 * through the reorder buffer then the stitcher, in alternating rounds on the same lines; the figure is the ratio of
 * the medians, so a shared machine's load cancels out. Then the latency the stage adds to a report's last line on a
 * live input: the host goes quiet after its report, so the line leaves on the wall-clock tick after the window.
 *
 * <p>Run: {@code mvn -q -DskipTests package}, then
 * {@code java -cp target/oomstream.jar io.oomstream.bench.ReorderBench [rounds]}; the
 * broker and RocksDB costs are not in these figures (the stores are written through once per line held and once per
 * line released; with the stores' cache a line held and released within one commit interval writes nothing).
 */
public final class ReorderBench {

    private record Line(LogLine line, Classified classified) {
    }

    private ReorderBench() {
    }

    public static void main(final String[] args) {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        final List<Line> lines = reportLines();
        System.out.printf("%,d report lines of a 400,000-record fleet log (500 hosts, mixed formats)%n", lines.size());
        for (int w = 0; w < 3; w++) {
            stitchOnly(lines);
            reorderThenStitch(lines);
        }
        final List<Double> off = new ArrayList<>();
        final List<Double> on = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            final boolean offFirst = r % 2 == 0;
            final double a = offFirst ? timed(() -> stitchOnly(lines)) : timed(() -> reorderThenStitch(lines));
            final double b = offFirst ? timed(() -> reorderThenStitch(lines)) : timed(() -> stitchOnly(lines));
            off.add(lines.size() / (offFirst ? a : b));
            on.add(lines.size() / (offFirst ? b : a));
            System.out.printf("  round %d: stitch %,.0f lines/s, reorder+stitch %,.0f lines/s%n", r + 1,
                    off.get(r), on.get(r));
        }
        final double offMedian = Results.median(off);
        final double onMedian = Results.median(on);
        System.out.printf("stitch alone %,.0f lines/s; reorder + stitch %,.0f lines/s; ratio %.2f (%d rounds)%n",
                offMedian, onMedian, onMedian / offMedian, rounds);
        System.out.printf("latency added to a report's last line (live input, window %d ms, tick 100 ms): %d ms%n",
                ReorderConfig.DEFAULT_WINDOW.toMillis(), addedLatency());
    }

    /** The lines the stitch task receives: report lines, decoded and classified. */
    private static List<Line> reportLines() {
        final FleetLogGenerator g = new FleetLogGenerator(GeneratorConfig.defaults().withFormat(OutputFormat.MIXED)
                .withHosts(500).withLines(400_000).withOomRate(0.5).withSeed(15));
        final SyslogDecoder decoder = new SyslogDecoder(Workloads.OPTIONS);
        final List<Line> out = new ArrayList<>();
        final Instant reference = Instant.parse("2024-12-01T00:00:00Z");
        while (g.hasNext()) {
            final FleetRecord r = g.next();
            final DecodeResult d = decoder.decode(r.value(), reference, ProgramFilter.OOM_RELEVANT);
            if (d instanceof Decoded decoded) {
                for (final LogLine l : decoded.lines()) {
                    if (KernelGrammar.mayMatter(l)) {
                        final Classified c = KernelGrammar.classify(l);
                        if (c.kind() != LineKind.OTHER) {
                            out.add(new Line(l, c));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static long stitchOnly(final List<Line> lines) {
        final long[] events = {0};
        final Stitcher s = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), e -> events[0]++,
                new StitchStats());
        long now = Long.MIN_VALUE;
        for (final Line l : lines) {
            now = Math.max(now, l.line.time().toEpochMilli());
            s.accept(l.line, l.classified, now, null);
        }
        s.flushAll();
        return events[0];
    }

    /** Live pacing: each line arrives at its own log time on the wall clock; ticks every 100 ms. */
    private static long reorderThenStitch(final List<Line> lines) {
        final long[] events = {0};
        final Stitcher s = new Stitcher(StitcherConfig.defaults(), new InMemoryStitchStore(), e -> events[0]++,
                new StitchStats());
        final long[] now = {Long.MIN_VALUE};
        final ReorderBuffer b = new ReorderBuffer(ReorderConfig.defaults(), new InMemoryReorderStore(), r -> {
            now[0] = Math.max(now[0], r.line().time().toEpochMilli());
            s.accept(r.line(), r.classified(), now[0], null);
        }, new ReorderStats());
        long nextTick = Long.MIN_VALUE;
        for (final Line l : lines) {
            final long wall = l.line.time().toEpochMilli();
            if (wall >= nextTick) {
                b.tick(wall);
                nextTick = wall + 100;
            }
            b.accept(l.line, l.classified, wall);
        }
        b.flushAll();
        s.flushAll();
        return events[0];
    }

    /** Seconds of one call. */
    private static double timed(final Runnable r) {
        final long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double timed(final java.util.function.LongSupplier r) {
        return timed((Runnable) r::getAsLong);
    }

    /** Wall-clock ms from a report's last line to its release, ticks every 100 ms after it. */
    private static long addedLatency() {
        final List<LogLine> released = new ArrayList<>();
        final ReorderBuffer b = new ReorderBuffer(ReorderConfig.defaults(), new InMemoryReorderStore(),
                r -> released.add(r.line()), new ReorderStats());
        final long wall0 = 1_000_000L;
        final LogLine kill = new LogLine("web-1", Instant.ofEpochMilli(wall0), "kernel", null,
                "Out of memory: Killed process 4502 (java) total-vm:1520448kB, anon-rss:1204880kB, file-rss:0kB, "
                        + "shmem-rss:0kB, UID:998 pgtables:2400kB oom_score_adj:0", 5_000_000L, null, null);
        b.accept(kill, KernelGrammar.classify(kill), wall0 + 3);
        long wall = wall0 + 3;
        while (released.isEmpty()) {
            wall += 100;
            b.tick(wall);
        }
        return wall - (wall0 + 3);
    }
}
