package io.oomstream.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.oomstream.syslog.LogLine;
import io.oomstream.syslog.SourceFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The program pre-filter on a name standing inside a record agrees with {@link KernelGrammar#mayMatter}. */
class ProgramPreFilterTest {

    private static boolean inRecord(final String program) {
        final String record = "Mar  1 12:00:00 host " + program + "[12]: message";
        final int from = record.indexOf(program);
        return KernelGrammar.programMayMatter(record, from, from + program.length());
    }

    /** The byte path's answer (a JSON record's program field), the name standing inside a longer record. */
    private static boolean inRecordBytes(final String program) {
        final byte[] record = ("{\"programname\":\"" + program + "\",\"msg\":\"message\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final int from = "{\"programname\":\"".length();
        return KernelGrammar.programMayMatter(record, from,
                from + program.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    private static boolean onLine(final String program) {
        return KernelGrammar.mayMatter(new LogLine("host", null, program, 12, "message", null, null,
                SourceFormat.RFC3164));
    }

    @Test
    void shouldAgreeWithTheLinePreFilterOnEveryKindOfName() {
        for (final String program : List.of("kernel", "KERNEL", "Kernel", "systemd", "init", "systemd-oomd", "earlyoom",
                "oomd", "sshd", "CRON", "kernel-x", "kerne", "systemd-logind", "nginx", "postfix/smtpd", "i", "EarlyOOM",
                "Init.Scope", "SYSTEMD-OOMD", "OOMD", "init.scopf", "systemd-oomx")) {
            assertEquals(onLine(program), inRecord(program), program);
            assertEquals(onLine(program), inRecordBytes(program), program + " (bytes)");
        }
    }

    /**
     * Every name one edit away from a relevant one (each char changed to another case, letter, digit or punctuation;
     * a char dropped or added at either end), on every path, against the definition: the name lower-cased is one of
     * the seven (programs' lines by name, src/main/java/io/oomstream/kernel/KernelGrammar.java).
     */
    @Test
    void shouldMatchTheSevenNamesExactlyIgnoringAsciiCaseAndNothingNextToThem() {
        final java.util.Set<String> relevant = java.util.Set.of("kernel", "systemd", "init", "systemd-oomd",
                "earlyoom", "oomd", "init.scope");
        final String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_/ ";
        final java.util.Set<String> names = new java.util.TreeSet<>();
        for (final String name : relevant) {
            names.add(name);
            for (int i = 0; i < name.length(); i++) {
                for (final char c : alphabet.toCharArray()) {
                    names.add(name.substring(0, i) + c + name.substring(i + 1));
                }
            }
            for (final char c : alphabet.toCharArray()) {
                names.add(c + name);
                names.add(name + c);
            }
            names.add(name.substring(1));
            names.add(name.substring(0, name.length() - 1));
        }
        int matched = 0;
        for (final String program : names) {
            final boolean expected = relevant.contains(program.toLowerCase(java.util.Locale.ROOT));
            matched += expected ? 1 : 0;
            assertEquals(expected, onLine(program), program);
            assertEquals(expected, inRecord(program), program + " (in a record)");
            assertEquals(expected, inRecordBytes(program), program + " (bytes)");
        }
        assertEquals(true, matched > relevant.size(), "upper-case variants matched too: " + matched);
    }

    @Test
    void shouldLetNonAsciiNamesThroughForTheFullDecodeToDecide() {
        // The Kelvin sign lower-cases to 'k': only the full decode's toLowerCase knows that this is "kernel".
        assertEquals(true, inRecord("\u212Aernel"));
        assertEquals(true, onLine("\u212Aernel"));
        assertEquals(true, inRecord("d\u00e9mon"));
        assertEquals(true, inRecordBytes("\u212Aernel"));
        assertEquals(true, inRecordBytes("d\u00e9mon"));
    }

    @Test
    void shouldRejectOrdinaryNames() {
        assertEquals(false, inRecord("sshd"));
        assertEquals(false, inRecord("systemd-logind"));
        assertEquals(false, inRecordBytes("sshd"));
        assertEquals(false, inRecordBytes("oomdx"));
        assertEquals(false, inRecordBytes(""));
    }
}
