package io.oomstream.bench.jmh;

import io.oomstream.bench.GrokBaseline;
import io.oomstream.bench.Workloads;
import io.oomstream.loadgen.GeneratorConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH version of {@code oomstream bench}'s single-thread figures, on the same workloads
 * ({@link Workloads}, {@link GrokBaseline}): one operation is one line, so the scores are lines per second.
 * Forked JVMs, so it cross-checks the in-process figures of {@code bench}. Generated and run with
 * {@code -Pjmh}; the command is in BENCHMARKS.md. Parameters: fleet size and task-table size
 * (0 = realistic small tables; 10000 = every report carries a 10,000-task table).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SingleThreadBenchmark {

    /** Lines in the corpus; one benchmark invocation reads all of them. */
    public static final int LINES = 200_000;

    @Param({"500"})
    public int hosts;

    @Param({"0"})
    public int taskTableSize;

    private Workloads.Corpus corpus;

    @Setup(Level.Trial)
    public void generate() {
        corpus = Workloads.corpus(GeneratorConfig.defaults().withLines(LINES).withHosts(hosts)
                .withTaskTableSize(taskTableSize).withOomRate(taskTableSize > 0 ? 0.03 : GeneratorConfig.DEFAULT_OOM_RATE));
    }

    /** The limit: read and split into lines. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public long splitLimit() {
        return Workloads.split(corpus.bytes());
    }

    /** The product: decode and stitch, as {@code analyze} does. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public long decodeAndStitch() {
        return Workloads.stitch(corpus.bytes(), null);
    }

    /** The Logstash-style baseline. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public long grok() {
        return new GrokBaseline().run(corpus.bytes(), Long.MAX_VALUE);
    }
}
