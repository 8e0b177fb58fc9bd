package io.oomstream.stitch;

import io.oomstream.event.OomEvent;
import java.util.List;
import java.util.function.BiConsumer;

/** An in-memory store that counts what the stitcher reads and writes: each write is a changelog record in Kafka. */
final class CountingStitchStore implements StitchStore {

    private final InMemoryStitchStore inner = new InMemoryStitchStore();
    int stateReads;
    int statePuts;
    int stateRemoves;
    int lineAppends;
    int lineRemovals;
    int recentPuts;
    int fullScans;

    /** Records written (puts, appends and deletions of state, lines and recent events). */
    int writes() {
        return statePuts + stateRemoves + lineAppends + lineRemovals + recentPuts;
    }

    void reset() {
        stateReads = 0;
        statePuts = 0;
        stateRemoves = 0;
        lineAppends = 0;
        lineRemovals = 0;
        recentPuts = 0;
        fullScans = 0;
    }

    @Override
    public HostState state(final String hostKey) {
        stateReads++;
        return inner.state(hostKey);
    }

    @Override
    public void putState(final String hostKey, final HostState state) {
        statePuts++;
        inner.putState(hostKey, state);
    }

    @Override
    public void removeState(final String hostKey) {
        stateRemoves++;
        inner.removeState(hostKey);
    }

    @Override
    public void appendLine(final String hostKey, final int index, final ReportLine line) {
        lineAppends++;
        inner.appendLine(hostKey, index, line);
    }

    @Override
    public List<ReportLine> lines(final String hostKey, final int count) {
        return inner.lines(hostKey, count);
    }

    @Override
    public void removeLines(final String hostKey, final int count) {
        lineRemovals += count;
        inner.removeLines(hostKey, count);
    }

    @Override
    public void truncateLines(final String hostKey, final int keep, final int count) {
        lineRemovals += Math.max(0, count - keep);
        inner.truncateLines(hostKey, keep, count);
    }

    @Override
    public List<OomEvent> recent(final String hostKey) {
        return inner.recent(hostKey);
    }

    @Override
    public void putRecent(final String hostKey, final List<OomEvent> events) {
        recentPuts++;
        inner.putRecent(hostKey, events);
    }

    @Override
    public List<String> hostKeys() {
        fullScans++;
        return inner.hostKeys();
    }

    @Override
    public void forEachState(final BiConsumer<String, HostState> action) {
        fullScans++;
        inner.forEachState(action);
    }
}
