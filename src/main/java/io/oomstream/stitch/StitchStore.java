package io.oomstream.stitch;

import io.oomstream.event.OomEvent;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where the stitcher keeps per-host state. In memory for {@code analyze}; Kafka Streams
 * key-value stores (persistent, changelogged) in the topology. Keys are normalised host keys.
 */
public interface StitchStore {

    HostState state(String hostKey);

    /**
     * True when the store keeps the very {@link HostState} objects it is given, serialising nothing (in memory):
     * rewriting an unchanged state then costs nothing, so the stitcher does not serialise each state before and
     * after every step to tell whether it changed.
     */
    default boolean holdsStateObjects() {
        return false;
    }

    void putState(String hostKey, HostState state);

    void removeState(String hostKey);

    /** Stores line number {@code index} (0-based) of the host's open report. */
    void appendLine(String hostKey, int index, ReportLine line);

    /** The first {@code count} lines of the host's open report, in order. */
    List<ReportLine> lines(String hostKey, int count);

    void removeLines(String hostKey, int count);

    /** Drops lines {@code keep..count-1} of the host's open report, keeping the first {@code keep}. */
    void truncateLines(String hostKey, int keep, int count);

    /** The host's most recently emitted events, newest last (for duplicates, late reaper and unit lines). */
    List<OomEvent> recent(String hostKey);

    void putRecent(String hostKey, List<OomEvent> events);

    /** A snapshot of the host keys that have state (end of input). */
    List<String> hostKeys();

    /**
     * Every host's state, read once when a stitcher starts (to rebuild its timer index); stores that can
     * scan keys and values together override this.
     */
    default void forEachState(final BiConsumer<String, HostState> action) {
        for (final String key : hostKeys()) {
            final HostState s = state(key);
            if (s != null) {
                action.accept(key, s);
            }
        }
    }
}
