package dev.starling.cli;

import dev.starling.StarlingException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code starling} command line: a thin layer over {@link dev.starling.Workspace}. Exit status 0 = ok,
 * 1 = a model or test failed, 2 = bad usage or project, 3 = internal error.
 */
@Command(name = "starling", mixinStandardHelpOptions = true, version = "starling 0.1.0",
        description = "Declarative SQL models, sources and data tests, on DuckDB (embedded) or Redshift.",
        subcommands = {BuildCommand.class, RunCommand.class, TestCommand.class, CompileCommand.class,
                LsCommand.class, ShowCommand.class, DebugCommand.class, InfraCommand.class, GenerateCommand.class,
                SourceCommand.class, DocsCommand.class, RetryCommand.class, CleanCommand.class, InitCommand.class,
                SeedCommand.class, SnapshotCommand.class})
public final class Main implements Runnable {

    private static volatile Function<String, String> environment = System::getenv;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err, System::getenv));
    }

    /** Runs one command line with the given output streams and environment; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Function<String, String> env) {
        environment = env;
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getOut().flush();
            if (e instanceof StarlingException se) {
                err.println("Error: " + se.getMessage());
                if (debug) {
                    e.printStackTrace(err);
                }
                err.flush();
                return se.code().exitStatus;
            }
            err.println("Internal error: " + e + (debug ? "" : " (run again with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return StarlingException.Code.INTERNAL.exitStatus;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    static Function<String, String> environment() {
        return environment;
    }

}
