package dev.starling.cli;

import dev.starling.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Stage sources and build models in dependency order (tables are swapped in atomically).")
final class RunCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch and reload incremental"
            + " sources from all their files.")
    boolean fullRefresh;

    @Option(names = "--dry-run", description = "Print, node by node in execution order, every statement the command"
            + " would send, and send nothing that changes data (no connection: plans a first build).")
    boolean dryRun;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (dryRun) {
            return dryRun(workspace, "run", workspace.dryRun(false, selection.toSelection(), fullRefresh));
        }
        return execute(workspace, "run", selection, listener -> workspace.run(selection.toSelection(), fullRefresh, listener));
    }
}
