package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SyslogDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The grammar's shortcuts give the verdict trying every rule would: the needles looked for are only those of the
 * rules a line's start leaves ({@link RuleStarts.Gate#needles()}), and a report line's verdict is handed out again
 * when its event is assembled ({@link KernelGrammar#classifyAgain}). Over every line of every fixture log.
 */
class ClassificationShortcutsTest {

    private static List<String> fixtureMessages() throws IOException {
        final List<String> messages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (final Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                final SyslogDecoder decoder = new SyslogDecoder();
                for (final String record : new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n")) {
                    for (final LogLine line : decoder.decode(record).lines()) {
                        messages.add(line.message());
                    }
                }
            }
        }
        return messages;
    }

    /** Every rule's regex, in order, with no gate and no needle: the reference. */
    private static String firstMatchingRule(final String message) {
        final String text = message.strip();
        for (final LineRule rule : KernelGrammar.rules()) {
            if (rule.pattern().matcher(text).lookingAt()) {
                return rule.id();
            }
        }
        return null;
    }

    /** mm/oom_kill.c's kill line (5.x) for process {@code pid}, named {@code w<pid>}. */
    private static String killLine(final int pid) {
        return "Out of memory: Killed process " + pid + " (w" + pid + ") total-vm:9437184kB, anon-rss:8388608kB, "
                + "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:16500kB oom_score_adj:0";
    }

    @Test
    void shouldClassifyEveryFixtureLineAsTryingEveryRuleWould() throws IOException {
        int reportLines = 0;
        for (final String message : fixtureMessages()) {
            if (message.isBlank()) {
                continue;
            }
            final Classified c = KernelGrammar.classify(message, true);
            assertEquals(firstMatchingRule(message), c.rule() == null ? null : c.rule().id(), message);
            reportLines += c.kind() == LineKind.OTHER ? 0 : 1;
        }
        assertTrue(reportLines > 5_000, reportLines + " report lines");
    }

    @Test
    void shouldGiveAReportLineItsVerdictOnArrivalAgain() {
        final String kill = "Out of memory: Killed process 2381 (java) total-vm:9437184kB, anon-rss:8388608kB, "
                + "file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:16500kB oom_score_adj:0";
        final Classified onArrival = KernelGrammar.classify(kill, true);

        assertSame(onArrival, KernelGrammar.classifyAgain(kill, true));
        // The same text in another String (a line read back from a changelog-backed store) gets it too.
        assertSame(onArrival, KernelGrammar.classifyAgain(new String(kill.toCharArray()), true));
        assertEquals("2381", KernelGrammar.classifyAgain(kill, true).group("pid"));
    }

    @Test
    void shouldKeepTheTwoLatestReportLinesEvenWhenTheyShareTheirSlots() {
        // 20,000 kill lines of random pids in turn: some neighbours fall on the same pair of slots (about one in
        // 2,048), where the newer must move the older to the second slot, never drop it, whatever their hashes.
        final java.util.SplittableRandom random = new java.util.SplittableRandom(16);
        int previousPid = 1 + random.nextInt(9_999_999);
        Classified previous = KernelGrammar.classify(killLine(previousPid), true);
        for (int i = 0; i < 20_000; i++) {
            final int pid = 1 + random.nextInt(9_999_999);
            final Classified latest = KernelGrammar.classify(killLine(pid), true);
            assertSame(latest, KernelGrammar.classifyAgain(killLine(pid), true), killLine(pid));
            assertSame(previous, KernelGrammar.classifyAgain(killLine(previousPid), true), killLine(previousPid));
            previous = latest;
            previousPid = pid;
        }
    }

    @Test
    void shouldClassifyALineNotSeenBeforeOrFromAnotherSourceAnew() {
        final Classified again = KernelGrammar.classifyAgain(killLine(4242), true);

        assertEquals(LineKind.KILL, again.kind());
        assertEquals("4242", again.group("pid"));
        final String reaped = "oom_reaper: reaped process 4242 (never-seen-before), now anon-rss:0kB, file-rss:0kB, "
                + "shmem-rss:0kB";
        final Classified fromKernel = KernelGrammar.classify(reaped, true);
        // Not from the kernel, the same text is read by the userspace rules alone: not the kernel's verdict.
        assertEquals(LineKind.OTHER, KernelGrammar.classifyAgain(reaped, false).kind());
        assertSame(fromKernel, KernelGrammar.classifyAgain(reaped, true));
    }

    @Test
    void shouldKnowEveryNamedGroupOfEveryRuleAndNoneItLacks() {
        for (final LineRule rule : KernelGrammar.rules()) {
            // Every "(?<" of the regex that is no lookbehind opens a named group, each with a name of its own.
            final int opened = rule.pattern().pattern().split("\\(\\?<(?![=!])", -1).length - 1;
            assertEquals(opened, rule.groups().size(), rule.id() + " " + rule.groups());
        }
        final Classified kill = KernelGrammar.classify(killLine(77), true);
        assertTrue(kill.rule().groups().containsAll(java.util.Set.of("pid", "name")), kill.rule().groups().toString());
        assertEquals("77", kill.group("pid"));
        assertEquals(null, kill.group("oomadj"));
        assertEquals(null, kill.longGroup("no_such_group"));
    }

    @Test
    void shouldGiveEachLineOfManyInterleavedReportsItsOwnVerdict() {
        // More lines than the table holds: displaced verdicts are classified anew, never mixed up.
        for (int round = 0; round < 2; round++) {
            for (int pid = 1; pid <= 10_000; pid++) {
                final String kill = killLine(pid);
                final Classified c = round == 0 ? KernelGrammar.classify(kill, true) : KernelGrammar.classifyAgain(kill, true);
                assertEquals(String.valueOf(pid), c.group("pid"), kill);
                assertEquals("w" + pid, c.group("name"), kill);
            }
        }
    }
}
