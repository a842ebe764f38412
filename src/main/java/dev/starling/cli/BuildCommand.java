package dev.starling.cli;

import dev.starling.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Run and test in dependency order: each model's tests run right after it, and a failing"
                + " error-severity test skips everything downstream.")
final class BuildCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch and reload incremental"
            + " sources from all their files.")
    boolean fullRefresh;

    @Option(names = "--dry-run", description = "Print, node by node in execution order, every statement the command"
            + " would send, and send nothing that changes data (no connection: plans a first build).")
    boolean dryRun;

    @Option(names = "--freshness", description = "Check the freshness of the sources the selection reads first (as"
            + " 'starling source freshness'); a source in error stops the build before anything runs (exit 1).")
    boolean freshness;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (dryRun) {
            return dryRun(workspace, "build", workspace.dryRun(true, selection.toSelection(), fullRefresh));
        }
        if (freshness && SourceCommand.check(workspace, selection.toSelection(), true, out()) != 0) {
            out().println("Not building: a source is in error (see above).");
            return 1;
        }
        return execute(workspace, "build", selection, listener -> workspace.build(selection.toSelection(), fullRefresh, listener));
    }
}
