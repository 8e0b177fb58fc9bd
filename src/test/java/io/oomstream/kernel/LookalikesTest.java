package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text that only looks like an OOM (src/test/resources/lookalikes, one file per tool, named
 * {@code <program>--<what>.log}): Android's lmkd and its in-kernel lowmemorykiller driver, the JVM's
 * OutOfMemoryError and hs_err "insufficient memory", V8's "allocation failure" scavenges and heap-limit abort,
 * {@code kubectl describe pod} with {@code Reason: OOMKilled}, and Facebook's oomd. None is the kernel's OOM killer
 * or a page-allocation failure, so none may become a kernel event: neither pasted bare into {@code analyze} (where
 * every line is read as a kernel line), nor logged under its own program name through syslog.
 */
class LookalikesTest {

    private static final Path DIR = Fixtures.RESOURCES.resolve("lookalikes");
    private static final Set<EventKind> KERNEL_KINDS = Set.of(EventKind.OOM_KILL, EventKind.MEMCG_OOM_KILL,
            EventKind.ALLOC_FAILURE);

    static Stream<Path> lookalikes() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            final List<Path> all = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
            assertTrue(all.size() >= 6, "the look-alike corpus is missing");
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void shouldYieldNoKernelEventFromTheBareText(final Path file) throws IOException {
        assertNoKernelEvent(file, Files.readString(file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void shouldYieldNoKernelEventWhenLoggedUnderItsOwnProgram(final Path file) throws IOException {
        final String program = programOf(file);
        final String tag = "kernel".equals(program) ? "kernel: [88211.400122] " : program + "[4211]: ";
        final StringBuilder sb = new StringBuilder();
        for (final String line : Files.readString(file).split("\n")) {
            sb.append("Mar  1 12:00:00 phone-7 ").append(tag).append(line).append('\n');
        }
        assertNoKernelEvent(file, sb.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void shouldReadNoLineAsAnOomReportLine(final Path file) throws IOException {
        final List<String> matched = new ArrayList<>();
        for (final String line : Files.readString(file).split("\n")) {
            for (final boolean fromKernel : new boolean[] {true, false}) {
                final Classified c = KernelGrammar.classify(line, fromKernel);
                if (c.kind() != LineKind.OTHER && c.kind() != LineKind.BLANK) {
                    matched.add(c.kind() + " (" + c.rule().id() + "): " + line);
                }
            }
            if (ReportLineLocator.locate(line) >= 0) {
                matched.add("report line found by the unknown-prefix locator: " + line);
            }
        }
        assertEquals(List.of(), matched, file.getFileName() + " has lines the grammar takes for an OOM report's");
    }

    private static void assertNoKernelEvent(final Path file, final String text) {
        final List<OomEvent> events = Fixtures.analyze(text);
        final List<String> kernel = events.stream().filter(e -> KERNEL_KINDS.contains(e.kind()))
                .map(e -> e.kind().json() + ": " + e.analysis().verdict()).toList();
        assertEquals(List.of(), kernel, file.getFileName() + " is not a kernel OOM report");
    }

    /** {@code node--v8-....log}: the program that prints the text. */
    private static String programOf(final Path file) {
        final String name = file.getFileName().toString();
        return name.substring(0, name.indexOf("--"));
    }
}
