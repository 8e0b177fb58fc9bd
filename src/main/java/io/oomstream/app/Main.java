package io.oomstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code oomstream} command line: one subcommand per job. */
@Command(name = "oomstream", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Turns Linux OOM-killer kernel reports in fleet syslog into structured events.",
        subcommands = {AnalyzeCommand.class, RunCommand.class, DemoCommand.class, TopicsCommand.class, FleetCommand.class, PodsCommand.class,
        io.oomstream.loadgen.GenerateCommand.class, io.oomstream.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests execute it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
