package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.execute.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Stage sources and build models in dependency order (tables are swapped in atomically).")
final class RunCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Mixin
    FailFastOption failFast;

    @Mixin
    BuildOptions options;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (options.dryRun) {
            return dryRun(workspace, "run", workspace.dryRun(false, selection.toSelection(), options.fullRefresh));
        }
        return execute(workspace, "run", selection, listener -> workspace.execute(Runner.Mode.RUN, selection.toSelection(), options.fullRefresh,
                failFast.failFast, listener));
    }
}
