package dev.starling.cli;

import dev.starling.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Take the selected snapshots (snapshots/*.sql): close the rows that changed and open their new"
                + " versions, one transaction per snapshot. Snapshots are history: nothing rebuilds them.")
final class SnapshotCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--dry-run", description = "Print every statement each snapshot would send, and send nothing that"
            + " changes data.")
    boolean dryRun;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (dryRun) {
            return dryRun(workspace, "snapshot", workspace.dryRunSnapshots(selection.toSelection()));
        }
        return execute(workspace, "snapshot", selection, listener -> workspace.snapshot(selection.toSelection(), listener));
    }
}
