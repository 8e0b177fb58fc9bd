package io.oomstream.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap and RSS high-water marks of this process while it is armed.
 * <ul>
 *   <li>heap after GC: the heap still in use after each collection, the best in-process proxy of the live set
 *       (an upper bound: a young collection leaves old garbage in place). Independent of {@code -Xmx}.</li>
 *   <li>heap used: sampled every 100 ms; includes garbage not yet collected, so it grows with {@code -Xmx}.</li>
 *   <li>RSS: {@code VmRSS} sampled from /proc/self/status, and the kernel's own {@code VmHWM} peak.</li>
 * </ul>
 * Measures the whole process: in {@code bench} that is the embedded broker, the producers and the Streams
 * application together. Linux only for RSS (0 elsewhere).
 */
final class MemorySampler implements AutoCloseable {

    private final AtomicLong heapAfterGcPeak = new AtomicLong();
    private final AtomicLong heapUsedPeak = new AtomicLong();
    private final AtomicLong rssPeak = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();
    private final Thread thread;
    private volatile boolean armed;
    private volatile boolean stop;

    MemorySampler() {
        final NotificationListener listener = this::onGc;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (final ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
        thread = new Thread(this::loop, "bench-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts recording high-water marks (from zero). */
    void arm() {
        heapAfterGcPeak.set(0);
        heapUsedPeak.set(0);
        rssPeak.set(0);
        armed = true;
    }

    /** Stops recording; the marks keep their values. */
    void disarm() {
        armed = false;
    }

    /** Highest heap occupancy after a GC while armed, bytes. */
    long heapAfterGcPeak() {
        return heapAfterGcPeak.get();
    }

    /** Highest sampled heap use while armed, bytes. */
    long heapUsedPeak() {
        return heapUsedPeak.get();
    }

    /** Highest sampled RSS while armed, bytes. */
    long rssPeak() {
        return rssPeak.get();
    }

    /** The kernel's RSS high-water mark of the whole process lifetime ({@code VmHWM}), bytes. */
    static long vmHwm() {
        return procStatus("VmHWM:");
    }

    static long vmRss() {
        return procStatus("VmRSS:");
    }

    /** Full collections that {@code System.gc()} asked for, as their notifications came in. */
    private final AtomicLong explicitCollections = new AtomicLong();
    /** Heap in use at the end of the latest of them (its own notification's figure), bytes. */
    private volatile long explicitAfterGc;
    /** {@code System.gc()} calls that collected nothing (see {@link #liveHeapNow()}). */
    private final AtomicLong skippedCollections = new AtomicLong();

    /**
     * Heap in use right after a full collection that {@code System.gc()} asked for: the live set now, bytes; -1 when
     * no such collection happened in five tries.
     *
     * <p>Read from the collection's own notification, not from the heap's use afterwards: on this JDK (17, G1) a
     * {@code System.gc()} made while any thread is inside a JNI critical region (GCLocker; the JDK's zip code, and so
     * class loading from the jar, holds one) returns at once without collecting, and the heap's use then counts all
     * the garbage since the last collection: a "live heap" of 845 MiB in one full run was the used heap, garbage and
     * all. A standalone probe (a thread deflating in a loop) saw 37 of 40 {@code System.gc()} calls collect nothing.
     * The heap's use read after a collection also counted what other threads allocated in between.
     */
    long liveHeapNow() throws InterruptedException {
        long live = -1;
        int collected = 0;
        for (int attempt = 0; attempt < 5 && collected < 2; attempt++) {
            final long before = explicitCollections.get();
            System.gc();
            // Notifications come from the JVM's service thread, a little after the collection.
            final long deadline = System.nanoTime() + 2_000_000_000L;
            while (explicitCollections.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (explicitCollections.get() == before) {
                skippedCollections.incrementAndGet();
                continue;
            }
            // Twice, as before: what the first one's finalizers and cleaners free, the second one collects.
            live = explicitAfterGc;
            collected++;
        }
        return collected > 0 ? live : -1;
    }

    /** {@code System.gc()} calls of {@link #liveHeapNow()} that collected nothing, so far. */
    long skippedCollections() {
        return skippedCollections.get();
    }

    /** Bytes of all files under {@code dir} (0 when missing). */
    static long directoryBytes(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (final IOException e) {
                    return 0; // deleted while walking (RocksDB compaction)
                }
            }).sum();
        } catch (final IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private void loop() {
        while (!stop) {
            if (armed) {
                heapUsedPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        Math::max);
                rssPeak.accumulateAndGet(vmRss(), Math::max);
            }
            try {
                Thread.sleep(100);
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(final Notification n, final Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        final GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (final Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        if (EXPLICIT_CAUSE.equals(info.getGcCause())) {
            explicitAfterGc = used;
            explicitCollections.incrementAndGet();
        }
        if (armed) {
            heapAfterGcPeak.accumulateAndGet(used, Math::max);
        }
    }

    /** The cause a collection asked for by {@code System.gc()} reports. */
    private static final String EXPLICIT_CAUSE = "System.gc()";

    /** Heap pools of the usual collectors (G1, Parallel, Serial, ZGC, Shenandoah); not Metaspace or code cache. */
    private static boolean isHeapPool(final String name) {
        final String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("eden") || n.contains("survivor") || n.contains("old") || n.contains("tenured")
                || n.contains("zheap") || n.contains("shenandoah") || n.contains("z old") || n.contains("z young");
    }

    private static long procStatus(final String key) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    final String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024L;
                }
            }
        } catch (final IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        unregister.forEach(Runnable::run);
    }
}
