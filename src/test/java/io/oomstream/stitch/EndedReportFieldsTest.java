package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link EndedReport} keeps the report fields of {@link HostState} by hand, both ways: a field added to the host's
 * report (one {@link HostState#clearReport()} resets) but forgotten in the ended report would come back from a rejoin
 * as its default, and the rejoined member's event would differ from the one it gets when it arrives in time. Every
 * field is set to a value of its own, so two fields of one type swapped show too.
 */
class EndedReportFieldsTest {

    /**
     * Report fields an ended report does not keep, because a report that can be kept has one value for them and
     * {@link EndedReport#restoreInto} sets it: it was emitted, it is no allocation failure, and it waits after its kill
     * line outside the task table.
     */
    private static final Map<String, Object> SET_ON_RESTORE = Map.of(
            "phase", Phase.KILLED,
            "allocFailure", false,
            "emittedBefore", true,
            "tableOpen", false);

    /** Host fields that are no part of one report: the host's name, a pending unit line, the ended report itself. */
    private static final Set<String> NOT_THE_REPORTS = Set.of("host", "pendingUnit", "pendingUnitFailed",
            "pendingUnitMillis", "pendingUnitActivity", "pendingUnitLine", "ended");

    private int next = 1;

    @Test
    void everyReportFieldComesBackFromTheEndedReport() throws Exception {
        final HostState full = everyFieldSet();
        final HostState restored = new HostState();
        EndedReport.of(full).restoreInto(restored);

        final List<String> lost = new ArrayList<>();
        for (final Field f : stateFields()) {
            if (NOT_THE_REPORTS.contains(f.getName())) {
                continue;
            }
            final Object expected = SET_ON_RESTORE.containsKey(f.getName()) ? SET_ON_RESTORE.get(f.getName())
                    : f.get(full);
            if (!expected.equals(f.get(restored))) {
                lost.add(f.getName() + " (" + expected + " came back as " + f.get(restored) + ")");
            }
        }
        assertEquals(List.of(), lost, "HostState fields an ended report loses; add them to EndedReport");
    }

    @Test
    void everyFieldTheReportClearsIsAReportField() throws Exception {
        final HostState cleared = everyFieldSet();
        final Map<String, Object> before = new java.util.HashMap<>();
        for (final Field f : stateFields()) {
            before.put(f.getName(), f.get(cleared));
        }
        cleared.clearReport();

        final Set<String> clearedFields = new TreeSet<>();
        for (final Field f : stateFields()) {
            if (!java.util.Objects.equals(before.get(f.getName()), f.get(cleared))) {
                clearedFields.add(f.getName());
            }
        }
        assertTrue(clearedFields.size() > 15, "clearReport resets the report: " + clearedFields);
        for (final String name : clearedFields) {
            assertTrue(!NOT_THE_REPORTS.contains(name), name + " is cleared with the report, so the ended report keeps it");
        }
        final Set<String> endedFields = new TreeSet<>();
        for (final Field f : EndedReport.class.getFields()) {
            endedFields.add(f.getName());
        }
        clearedFields.removeAll(SET_ON_RESTORE.keySet());
        clearedFields.removeAll(endedFields);
        assertEquals(Set.of(), clearedFields, "report fields with no place in EndedReport");
    }

    @Test
    void theEndedReportDoesNotShareTheHostsListOfVictims() throws Exception {
        final HostState full = everyFieldSet();
        final EndedReport ended = EndedReport.of(full);
        full.groupVictims.add(-1);
        assertNotEquals(full.groupVictims, ended.groupVictims, "the host's next report must not write into it");
    }

    private HostState everyFieldSet() throws Exception {
        next = 1;
        final HostState s = new HostState();
        for (final Field f : stateFields()) {
            f.set(s, valueOf(f));
        }
        return s;
    }

    private static List<Field> stateFields() {
        final List<Field> fields = new ArrayList<>();
        for (final Field f : HostState.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                fields.add(f);
            }
        }
        return fields;
    }

    private Object valueOf(final Field f) {
        final int n = next++;
        final Class<?> t = f.getType();
        if (t == int.class || t == Integer.class) {
            return 1000 + n;
        }
        if (t == long.class || t == Long.class) {
            return 1_000_000L + n;
        }
        if (t == boolean.class || t == Boolean.class) {
            return Boolean.TRUE;
        }
        if (t == String.class) {
            return f.getName() + "-" + n;
        }
        if (t == Phase.class) {
            return Phase.LINGERING;
        }
        if (t == List.class) {
            return new ArrayList<>(List.of(n, n + 1));
        }
        if (t == EndedReport.class) {
            return new EndedReport();
        }
        throw new AssertionError("no distinct value for " + f.getName() + " of " + t + ": teach this test its type");
    }
}
