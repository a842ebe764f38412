package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.execute.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Load the seeds (CSV files under seeds/) into tables, each swapped in atomically.")
final class SeedCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Mixin
    BuildOptions options;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (options.dryRun) {
            return dryRun(workspace, "seed", workspace.dryRun(Runner.Mode.SEED, selection.toSelection(), false));
        }
        return execute(workspace, "seed", selection, listener -> workspace.seed(selection.toSelection(), listener));
    }
}
