package io.oomstream.stitch;

import io.oomstream.event.OomEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stitcher's state in plain maps: for offline analysis and unit tests. Not thread-safe. */
public final class InMemoryStitchStore implements StitchStore {

    private final Map<String, HostState> states = new HashMap<>();
    private final Map<String, List<ReportLine>> lines = new HashMap<>();
    private final Map<String, List<OomEvent>> recent = new HashMap<>();

    @Override
    public HostState state(final String hostKey) {
        return states.get(hostKey);
    }

    @Override
    public boolean holdsStateObjects() {
        return true;
    }

    @Override
    public void putState(final String hostKey, final HostState state) {
        states.put(hostKey, state);
    }

    @Override
    public void removeState(final String hostKey) {
        states.remove(hostKey);
    }

    @Override
    public void appendLine(final String hostKey, final int index, final ReportLine line) {
        final List<ReportLine> list = lines.computeIfAbsent(hostKey, k -> new ArrayList<>());
        while (list.size() > index) {
            list.remove(list.size() - 1);
        }
        list.add(line);
    }

    @Override
    public List<ReportLine> lines(final String hostKey, final int count) {
        final List<ReportLine> list = lines.getOrDefault(hostKey, List.of());
        return List.copyOf(list.subList(0, Math.min(count, list.size())));
    }

    @Override
    public void removeLines(final String hostKey, final int count) {
        lines.remove(hostKey);
    }

    @Override
    public void truncateLines(final String hostKey, final int keep, final int count) {
        final List<ReportLine> list = lines.get(hostKey);
        if (list != null && list.size() > keep) {
            list.subList(keep, list.size()).clear();
        }
    }

    @Override
    public List<OomEvent> recent(final String hostKey) {
        return recent.getOrDefault(hostKey, List.of());
    }

    @Override
    public void putRecent(final String hostKey, final List<OomEvent> events) {
        recent.put(hostKey, List.copyOf(events));
    }

    @Override
    public List<String> hostKeys() {
        return new ArrayList<>(states.keySet());
    }

    /** Open reports right now (for the reports-open gauge). */
    public int openReports() {
        return (int) states.values().stream().filter(HostState::hasReport).count();
    }
}
