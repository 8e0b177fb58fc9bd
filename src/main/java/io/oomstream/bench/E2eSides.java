package io.oomstream.bench;

import io.oomstream.config.AppConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Where the two sides of the end-to-end pairs run: each in a worker JVM of its own ({@link Forked}, the default;
 * see {@link E2eWorker} for why), or both in the bench's own process beside the broker ({@link InProcess},
 * {@code bench --e2e-in-process}: the method of the sessions before the thirteenth, kept to compare the two).
 * Both read the same input topic of the bench's broker, with the same settings.
 */
interface E2eSides extends AutoCloseable {

    /** The identity topology's run to the end of the input, under application id {@code appId}. */
    StreamsBench.Run identity(String appId, String name, Path jfr) throws Exception;

    /** The real application's run to the end of the input, kept running {@code settle} longer (timers flush). */
    StreamsBench.Run oomstream(String appId, String name, Duration settle, Path jfr) throws Exception;

    /** The memory high-water marks of oomstream's runs (in a worker: its JVM alone; in process: the whole bench). */
    MemoryMarks marks();

    @Override
    void close();

    /** Runs {@code run} with a JFR profile recording dumped to {@code file} (none when file is null). */
    private static StreamsBench.Run recorded(final Path file, final Callable<StreamsBench.Run> run) throws Exception {
        if (file == null) {
            return run.call();
        }
        final Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("oomstream-bench-e2e");
        recording.start();
        try {
            return run.call();
        } finally {
            recording.stop();
            recording.dump(file);
            recording.close();
        }
    }

    /** One worker JVM per side, each started once and kept for all its runs. */
    final class Forked implements E2eSides {
        private final StreamsBench bench;
        private final PrintStream log;
        private ForkedSide identity;
        private ForkedSide oomstream;
        private final MemoryMarks marks = new MemoryMarks();

        Forked(final StreamsBench bench, final PrintStream log) {
            this.bench = bench;
            this.log = log;
        }

        @Override
        public StreamsBench.Run identity(final String appId, final String name, final Path jfr) throws IOException {
            if (identity == null) {
                identity = ForkedSide.start("identity", bench, log);
            }
            return identity.run(appId, name, Duration.ZERO, jfr).run();
        }

        @Override
        public StreamsBench.Run oomstream(final String appId, final String name, final Duration settle,
                                          final Path jfr) throws IOException {
            if (oomstream == null) {
                oomstream = ForkedSide.start("oomstream", bench, log);
            }
            final E2eWorker.Answer a = oomstream.run(appId, name, settle, jfr);
            marks.take(a.heapAfterGcPeak(), a.heapUsedPeak(), a.rssPeak());
            return a.run();
        }

        @Override
        public MemoryMarks marks() {
            return marks;
        }

        @Override
        public void close() {
            if (identity != null) {
                identity.close();
            }
            if (oomstream != null) {
                oomstream.close();
            }
        }
    }

    /** Both sides in this process, beside the broker and the producers. */
    final class InProcess implements E2eSides {
        private final StreamsBench bench;
        private final MemorySampler memory;
        private final MemoryMarks marks = new MemoryMarks();

        InProcess(final StreamsBench bench, final MemorySampler memory) {
            this.bench = bench;
            this.memory = memory;
        }

        @Override
        public StreamsBench.Run identity(final String appId, final String name, final Path jfr) throws Exception {
            final AppConfig config = bench.config(appId, StreamsBench.E2E_PREFIX, true);
            return recorded(jfr, () -> bench.runToEnd(name, StreamsBench.identity(config.inputTopic(),
                    StreamsBench.IDENTITY_OUT), config, Duration.ZERO, null));
        }

        @Override
        public StreamsBench.Run oomstream(final String appId, final String name, final Duration settle,
                                          final Path jfr) throws Exception {
            final StreamsBench.Run run = recorded(jfr, () -> bench.runOomToEnd(bench.config(appId, StreamsBench.E2E_PREFIX, true),
                    settle, memory, name));
            // runOomToEnd arms the sampler from zero each run: the marks of all runs are their maximum.
            marks.take(memory.heapAfterGcPeak(), memory.heapUsedPeak(), memory.rssPeak());
            return run;
        }

        @Override
        public MemoryMarks marks() {
            return marks;
        }

        @Override
        public void close() {
        }
    }

    /** The highest of each memory figure over the runs since the last reset, bytes. */
    final class MemoryMarks {
        private long heapAfterGc;
        private long heapUsed;
        private long rss;

        void take(final long heapAfterGcPeak, final long heapUsedPeak, final long rssPeak) {
            heapAfterGc = Math.max(heapAfterGc, heapAfterGcPeak);
            heapUsed = Math.max(heapUsed, heapUsedPeak);
            rss = Math.max(rss, rssPeak);
        }

        /** Forgets the marks so far (the warm-up runs'). */
        void reset() {
            heapAfterGc = 0;
            heapUsed = 0;
            rss = 0;
        }

        long heapAfterGcPeak() {
            return heapAfterGc;
        }

        long heapUsedPeak() {
            return heapUsed;
        }

        long rssPeak() {
            return rss;
        }
    }
}
