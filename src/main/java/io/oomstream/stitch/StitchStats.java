package io.oomstream.stitch;

import io.oomstream.event.OomEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the stitcher did; read by metrics and by {@code analyze}'s summary. */
public final class StitchStats {

    private final Map<String, LongAdder> eventsByKind = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> incompleteByReason = new ConcurrentHashMap<>();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder reemitted = new LongAdder();
    private final LongAdder strayLines = new LongAdder();
    private final LongAdder truncatedReports = new LongAdder();
    private final LongAdder lateMembers = new LongAdder();

    void emitted(final OomEvent e, final boolean reemission) {
        eventsByKind.computeIfAbsent(e.kind().json(), k -> new LongAdder()).increment();
        if (!e.complete() && e.incompleteReason() != null) {
            incompleteByReason.computeIfAbsent(e.incompleteReason().json(), k -> new LongAdder()).increment();
        }
        if (reemission) {
            reemitted.increment();
        }
    }

    void duplicate() {
        duplicates.increment();
    }

    void stray() {
        strayLines.increment();
    }

    void truncated() {
        truncatedReports.increment();
    }

    void lateMemberRejoined() {
        lateMembers.increment();
    }

    /** Emissions per kind (re-emissions of one event included). */
    public Map<String, Long> eventsByKind() {
        return snapshot(eventsByKind);
    }

    public Map<String, Long> incompleteByReason() {
        return snapshot(incompleteByReason);
    }

    /** Events not emitted because an identical or richer version with the same id already went out. */
    public long duplicatesSuppressed() {
        return duplicates.sum();
    }

    /** Emissions that replaced an earlier version of the same event (completed, reaped, unit attributed). */
    public long reemissions() {
        return reemitted.sum();
    }

    /** Report-like lines that could not be placed in any report (e.g. a lone task row). */
    public long strayLines() {
        return strayLines.sum();
    }

    public long truncatedReports() {
        return truncatedReports.sum();
    }

    /** Lines that rejoined their ended kill report by kernel stamp (a group member delivered after a pause). */
    public long lateMembersRejoined() {
        return lateMembers.sum();
    }

    private static Map<String, Long> snapshot(final Map<String, LongAdder> m) {
        final Map<String, Long> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
