package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.syslog.Decoded;
import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import io.oomstream.testing.Fixtures;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReportReader#copy()} lists every field by hand (memory.oom.group kills share one reading of their report):
 * a field added to the reader and forgotten there would leave the group's later kills without it. Every field of
 * the copy must equal the original's, over reports that fill most of them.
 */
class ReportReaderCopyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "kernel-logs/e4-rhel7/rhel7-3.10.0-1062-memcg-v1-kubepods.log",
        "kernel-logs/e4-rhel7/rhel7-3.10.0-1062-global-reaper.log",
        "kernel-logs/e5-5.x/5.4-global-node-reaper.iso.log",
        "kernel-logs/e5-5.x/5.10-cgroup-v2-docker-memcg.log",
        "kernel-logs/e6-6.x/6.12-tainted-ollama-rss-split.log",
        "kernel-logs/e1-2.6.9/sles10-2.6.16-kill-children.log",
        "kernel-logs/alloc-failure/ubuntu-4.15-order3-gfp-names-nodemask.log"})
    void shouldCopyEveryFieldTheReaderFilled(final String resource) throws IllegalAccessException {
        final ReportReader original = EventAssembler.read(new ReportReader(), reportLines(resource));
        final ReportReader copy = original.copy();

        int filled = 0;
        for (final Field f : ReportReader.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            final Object want = f.get(original);
            assertTrue(deepEquals(want, f.get(copy)), "field " + f.getName() + " of the copy: " + f.get(copy)
                    + ", the original: " + want);
            if (want != null && !Boolean.FALSE.equals(want) && !(want instanceof List<?> l && l.isEmpty())) {
                filled++;
            }
        }
        assertTrue(filled >= 10, "the report fills too few fields to prove the copy: " + filled);
    }

    private static List<ReportLine> reportLines(final String resource) {
        final SyslogDecoder decoder = new SyslogDecoder(Fixtures.OPTIONS);
        final List<ReportLine> lines = new ArrayList<>();
        for (final String record : Fixtures.read(resource).split("\n")) {
            final Decoded d = decoder.decode(record);
            for (final LogLine line : d.lines()) {
                lines.add(ReportLine.of(line));
            }
        }
        assertEquals(false, lines.isEmpty(), resource);
        return lines;
    }

    /** Equality through lists, arrays and the reader's own draft classes (which have no equals of their own). */
    private static boolean deepEquals(final Object a, final Object b) throws IllegalAccessException {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!deepEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof long[] xa && b instanceof long[] xb) {
            return Arrays.equals(xa, xb);
        }
        if (a.getClass().getEnclosingClass() == ReportReader.class && !a.getClass().isRecord() && !a.getClass().isEnum()) {
            for (final Field f : a.getClass().getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    if (!deepEquals(f.get(a), f.get(b))) {
                        return false;
                    }
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
