package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.execute.RunResults;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that opens the project: shared options, output, and the workspace's lifetime. */
abstract class ProjectCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public final Integer call() {
        try (Workspace workspace = Workspace.open(common.toOptions())) {
            int status = run(workspace);
            if (common.debug) {
                StringBuilder line = new StringBuilder("Timings:");
                workspace.timings().forEach((phase, nanos) ->
                        line.append(String.format(java.util.Locale.ROOT, " %s %.3fs", phase, nanos / 1e9)));
                spec.commandLine().getErr().println(line);
            }
            return status;
        }
    }

    abstract int run(Workspace workspace);

    /** Prints the header, then runs, then the summary line; returns the exit status. */
    int execute(Workspace workspace, String verb, java.util.function.Function<ConsoleListener, RunResults> action) {
        out().println("Starling: " + verb + " " + workspace.project().config().name() + " on target "
                + workspace.target().name() + " (" + workspace.adapter().describe() + "), "
                + workspace.threads() + " thread" + (workspace.threads() == 1 ? "" : "s"));
        out().flush();
        RunResults results = action.apply(new ConsoleListener(out()));
        out().println(results.summary());
        out().flush();
        return results.exitStatus();
    }
}
