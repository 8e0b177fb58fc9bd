package io.oomstream.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the command line in process, as a user would see it: its exit code and what it printed on each stream. */
record CommandRun(int exitCode, String stdout, String stderr) {

    /** Runs {@code oomstream ARGS} with System.out and System.err captured (restored afterwards, whatever happens). */
    static CommandRun of(final String... args) {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        final int code;
        try {
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CommandRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
