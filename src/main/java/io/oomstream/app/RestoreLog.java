package io.oomstream.app;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per task restored from its changelogs (after a crash, a lost state directory or a task moved
 * here), instead of Kafka Streams' per-store warnings and stack traces: which task, its stores, how many
 * records, how long. A changelog partition is its task's partition; the store names which subtopology.
 */
final class RestoreLog implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    /** One task's restoration in progress. */
    private static final class Restoring {
        final Set<String> started = new LinkedHashSet<>();
        final Set<String> ended = new LinkedHashSet<>();
        final long startNanos = System.nanoTime();
        long records;
    }

    private final Map<String, String> subtopologyOfStore = new HashMap<>();
    private final Map<String, Restoring> tasks = new HashMap<>();

    RestoreLog(final TopologyDescription topology) {
        for (final TopologyDescription.Subtopology s : topology.subtopologies()) {
            for (final TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    p.stores().forEach(store -> subtopologyOfStore.put(store, Integer.toString(s.id())));
                }
            }
        }
        for (final TopologyDescription.GlobalStore g : topology.globalStores()) {
            g.processor().stores().forEach(store -> subtopologyOfStore.put(store, "global"));
        }
    }

    /** The task id ({@code <subtopology>_<partition>}) a store's changelog partition belongs to. */
    String task(final String store, final TopicPartition changelog) {
        return subtopologyOfStore.getOrDefault(store, "?") + "_" + changelog.partition();
    }

    @Override
    public synchronized void onRestoreStart(final TopicPartition changelog, final String store, final long startOffset,
                                            final long endOffset) {
        tasks.computeIfAbsent(task(store, changelog), t -> new Restoring()).started.add(store);
    }

    @Override
    public synchronized void onBatchRestored(final TopicPartition changelog, final String store,
                                             final long batchEndOffset, final long numRestored) {
        final Restoring r = tasks.get(task(store, changelog));
        if (r != null) {
            r.records += numRestored;
        }
    }

    @Override
    public synchronized void onRestoreEnd(final TopicPartition changelog, final String store,
                                          final long totalRestored) {
        final String task = task(store, changelog);
        final Restoring r = tasks.get(task);
        if (r == null) {
            return;
        }
        r.ended.add(store);
        if (r.ended.containsAll(r.started)) {
            tasks.remove(task);
            // Every start checks every task's changelogs; only a task that had something to restore is news.
            final String what = "restored task {} from its changelogs: {} records of {} in {} ms";
            final Object[] args = {task, r.records, String.join(", ", r.started),
                    (System.nanoTime() - r.startNanos) / 1_000_000};
            if (r.records > 0) {
                LOG.info(what, args);
            } else {
                LOG.debug(what, args);
            }
        }
    }

    @Override
    public synchronized void onRestoreSuspended(final TopicPartition changelog, final String store,
                                                final long totalRestored) {
        // The task moved away mid-restore; its new owner logs its own line.
        tasks.remove(task(store, changelog));
    }
}
