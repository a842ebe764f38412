package dev.starling.cli;

import dev.starling.plan.BuildPlan;
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
        try (Workspace workspace = Workspace.open(common.toOptions(), runsSql())) {
            workspace.project().warnings().forEach(w -> spec.commandLine().getErr().println("Warning: " + w));
            int status = run(workspace);
            if (common.debug) {
                StringBuilder line = new StringBuilder("Timings:");
                workspace.timings().forEach((phase, nanos) ->
                        line.append(String.format(java.util.Locale.ROOT, " %s %.3fs", phase, nanos / 1e9)));
                line.append(String.format(java.util.Locale.ROOT, "; JVM heap peak %.0f MB", heapPeak() / 1e6));
                spec.commandLine().getErr().println(line);
            }
            return status;
        }
    }

    abstract int run(Workspace workspace);

    /** Whether this command runs SQL on the target (the engine is then loaded while the project loads). */
    boolean runsSql() {
        return false;
    }

    /** The most heap this JVM used so far, over all heap pools (the engine's memory is outside it). */
    private static long heapPeak() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Prints the header and the plan of a dry run; exit 1 when a node could not be planned (the run would fail). */
    int dryRun(Workspace workspace, String verb, BuildPlan plan) {
        out().println("Starling: " + verb + " --dry-run " + workspace.project().config().name() + " on target "
                + workspace.target().name() + " (" + workspace.adapter().describe() + ")");
        plan.lines().forEach(out()::println);
        out().flush();
        return plan.nodes().stream().anyMatch(node -> node.failure() != null) ? 1 : 0;
    }

    /** Prints the header, then runs, then the summary line; returns the exit status. */
    int execute(Workspace workspace, String verb, SelectionOptions selection,
                java.util.function.Function<ConsoleListener, RunResults> action) {
        out().println("Starling: " + verb + " " + workspace.project().config().name() + " on target "
                + workspace.target().name() + " (" + workspace.adapter().describe() + "), "
                + workspace.threads() + " thread" + (workspace.threads() == 1 ? "" : "s"));
        out().flush();
        RunResults results = action.apply(new ConsoleListener(out()));
        if (results.results().isEmpty()) {
            out().println("Nothing selected: " + selection.describe() + " matched nothing to " + verb + ".");
            out().flush();
            return 0;
        }
        out().println(results.summary());
        out().flush();
        return results.exitStatus();
    }
}
