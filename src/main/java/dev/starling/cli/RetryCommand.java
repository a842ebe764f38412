package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.artifact.LastRun;
import dev.starling.execute.Runner;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Re-run what failed or was skipped in the last run, build or test (from target/run_results.json),"
                + " with the same command.")
final class RetryCommand extends ProjectCommand {

    @Option(names = "--full-refresh", description = "Rebuild the retried incremental models and reload the retried"
            + " incremental sources from scratch.")
    boolean fullRefresh;

    @Option(names = {"-x", "--fail-fast"}, description = "Start no new node after the first failure; the rest are skipped.")
    boolean failFast;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        LastRun last = LastRun.read(workspace.project().dir(), workspace.project().config().targetDir());
        Set<String> wanted = new java.util.HashSet<>(last.notDone());
        List<String> ids = workspace.dag().topologicalOrder().stream().filter(wanted::contains).toList();
        if (last.notDone().isEmpty()) {
            out().println("Nothing to retry: every node of the last " + last.command() + " (" + last.generatedAt()
                    + ") succeeded.");
            return 0;
        }
        if (ids.isEmpty()) {
            out().println("Nothing to retry: the nodes the last " + last.command() + " did not finish are no longer in"
                    + " the project (" + String.join(", ", last.notDone()) + ").");
            return 0;
        }
        Runner.Mode mode = Runner.Mode.valueOf(last.command().toUpperCase(Locale.ROOT));
        out().println("Starling: retry " + last.command() + " of " + ids.size() + " node" + (ids.size() == 1 ? "" : "s")
                + " that failed or were skipped (" + last.generatedAt() + "), " + workspace.project().config().name()
                + " on target " + workspace.target().name() + " (" + workspace.adapter().describe() + ")");
        out().flush();
        var results = workspace.execute(mode, ids, fullRefresh, failFast, new ConsoleListener(out()));
        out().println(results.summary());
        out().flush();
        return results.exitStatus();
    }
}
