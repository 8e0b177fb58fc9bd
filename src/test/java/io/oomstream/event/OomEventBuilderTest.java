package io.oomstream.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builder names every field of {@link OomEvent}: an event whose every field is set (each to a value of its
 * own, so two fields of one type swapped show) comes back whole through the setters and through
 * {@link OomEvent#toBuilder()}. A field added to the record but forgotten in the builder fails here.
 */
class OomEventBuilderTest {

    private int next = 1;

    @Test
    void theSettersReachEveryFieldInItsPlace() throws Exception {
        final OomEvent full = everyFieldSet();
        OomEvent.Builder b = OomEvent.builder();
        for (final RecordComponent c : OomEvent.class.getRecordComponents()) {
            b = (OomEvent.Builder) OomEvent.Builder.class.getMethod(c.getName(), c.getType())
                    .invoke(b, c.getAccessor().invoke(full));
        }
        assertEquals(full, b.build());
    }

    @Test
    void toBuilderCopiesEveryField() throws Exception {
        final OomEvent full = everyFieldSet();
        assertEquals(full, full.toBuilder().build());
    }

    @Test
    void theCopiesChangeOnlyTheirField() throws Exception {
        final OomEvent full = everyFieldSet();
        final OomEvent unit = full.withSystemdUnit("other.service");
        assertEquals("other.service", unit.systemdUnit());
        assertEquals(full, unit.withSystemdUnit(full.systemdUnit()));
        assertEquals(full, full.withReaped(!full.reaped()).withReaped(full.reaped()));
        assertEquals(full, full.withEventId("x").withEventId(full.eventId()));
        final OomEvent fewer = full.withTasks(List.of(), 99);
        assertEquals(List.of(), fewer.tasks());
        assertEquals(99, fewer.tasksOmitted());
        assertEquals(full, fewer.withTasks(full.tasks(), full.tasksOmitted()));
    }

    @Test
    void anUnsetFieldIsNull() {
        final OomEvent e = OomEvent.builder().eventId("e").build();
        assertEquals("e", e.eventId());
        assertEquals(null, e.victim());
        assertNotEquals(e, e.toBuilder().host("h").build());
    }

    private OomEvent everyFieldSet() throws Exception {
        return (OomEvent) value(OomEvent.class, OomEvent.class);
    }

    /** A value of {@code type}, never null and never the default, different from the values made before. */
    private Object value(final Class<?> type, final Type generic) throws Exception {
        final int n = next++;
        if (type == String.class) {
            return "s" + n;
        } else if (type == int.class || type == Integer.class) {
            return n;
        } else if (type == long.class || type == Long.class) {
            return (long) n;
        } else if (type == double.class || type == Double.class) {
            return n + 0.5;
        } else if (type == boolean.class || type == Boolean.class) {
            return Boolean.TRUE;
        } else if (type.isEnum()) {
            final Object[] constants = type.getEnumConstants();
            return constants[n % constants.length];
        } else if (type == List.class) {
            final Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            return List.of(value(raw(element), element));
        } else if (type == Map.class) {
            final Type[] kv = ((ParameterizedType) generic).getActualTypeArguments();
            return Map.of(value(raw(kv[0]), kv[0]), value(raw(kv[1]), kv[1]));
        } else if (type.isRecord()) {
            final RecordComponent[] components = type.getRecordComponents();
            final Class<?>[] types = new Class<?>[components.length];
            final Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = value(types[i], components[i].getGenericType());
            }
            final Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        }
        throw new AssertionError("no test value for " + generic);
    }

    private static Class<?> raw(final Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }
}
