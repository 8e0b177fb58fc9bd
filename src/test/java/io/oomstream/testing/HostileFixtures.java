package io.oomstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hostile-content fixtures under src/test/resources/hostile/ (kill lines of mm/oom_kill.c whose process names,
 * cgroup paths and host names hold quotes, backslashes, markup, SQL, control characters, invalid UTF-8 and
 * 10,000 characters), read as the raw bytes a shipper would put in Kafka records, and the names each must keep.
 */
public final class HostileFixtures {

    /** RFC 3164 lines (rsyslog's file format): raw ESC/BEL and invalid UTF-8 in the process name (comm, at most 15 bytes). */
    public static final String RFC3164 = "hostile/kill-lines-hostile-comm.rfc3164.log";
    /** rsyslog omkafka JSON records: NUL, CR, C1 and bidi controls in names, hostile and 10,000-char host names. */
    public static final String OMKAFKA_JSON = "hostile/kill-lines-hostile-host-and-comm.omkafka.json";

    /** A 10,000-character host name of quotes, backslashes, '<' and ';' (JSON records carry any length). */
    public static final String LONG_HOST = "h'\"<\\;".repeat(2000).substring(0, 10_000);
    /**
     * A 10,000-character host name of random letters, digits, dots and dashes (hostile/host-10000-random-chars.txt):
     * unlike {@link #LONG_HOST} it does not compress, so PostgreSQL cannot index it whole.
     */
    public static final String RANDOM_LONG_HOST = Fixtures.read("hostile/host-10000-random-chars.txt");
    /** The 4,016-character cgroup path of the long host's kill (the kernel prints up to PATH_MAX). */
    public static final String LONG_MEMCG = "/kubepods.slice/" + "pod-".repeat(1000) + ".scope";

    /** One kill of a fixture: the host, the victim's pid and name, and the task_memcg as the event must show them. */
    public record Kill(String host, int pid, String name, String taskMemcg) {
    }

    /** Every kill of both fixtures, as oomstream must report it. Invalid UTF-8 reads as U+FFFD, one per bad byte. */
    public static final List<Kill> KILLS = List.of(
            new Kill("web-quote", 4101, "say \"hi\" \\o/", "/system.slice/app.service"),
            new Kill("web-script", 4102, "<script>alert(1", "/system.slice/app.service"),
            new Kill("db-sql", 4103, "';DROP TABLE e;", "/system.slice/app.service"),
            new Kill("term-esc", 4104, "\u001b[2J\u001b]0;pwn\u0007x", "/system.slice/app.service"),
            new Kill("bad-utf8", 4105, "\uFFFD\uFFFD\uFFFD(bin", "/system.slice/app.service"),
            new Kill("cgroup-hostile", 4106, "worker", "/system.slice/x\"'<b>\\;--.service"),
            new Kill("web\"01' <script>alert('x')</script> \\\\srv", 4201, "node", "/system.slice/app.service"),
            new Kill("nul-cr-bel", 4202, "a\u0000b\rc\u0007d", "/system.slice/app.service"),
            new Kill("c1-bidi", 4203, "\u009b31m\u202eexe.sh", "/system.slice/app.service"),
            new Kill(LONG_HOST, 4204, "java", LONG_MEMCG),
            new Kill(RANDOM_LONG_HOST, 4205, "python3", "/system.slice/app.service"));

    private HostileFixtures() {
    }

    /** The records of a fixture as raw bytes: one per line, split at LF only (a CR inside a name stays). */
    public static List<byte[]> records(final String resource) {
        final byte[] all;
        try {
            all = Files.readAllBytes(Fixtures.RESOURCES.resolve(resource));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            out.add(Arrays.copyOfRange(all, start, all.length));
        }
        return out;
    }

    /** The records of both fixtures. */
    public static List<byte[]> allRecords() {
        final List<byte[]> out = new ArrayList<>(records(RFC3164));
        out.addAll(records(OMKAFKA_JSON));
        return out;
    }
}
