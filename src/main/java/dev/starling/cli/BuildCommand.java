package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.execute.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Run and test in dependency order: each model's tests run right after it, and a failing"
                + " error-severity test skips everything downstream.")
final class BuildCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Mixin
    FailFastOption failFast;

    @Mixin
    BuildOptions options;

    @Option(names = "--freshness", description = "Check the freshness of the sources the selection reads first (as"
            + " 'starling source freshness'); a source in error stops the build before anything runs (exit 1).")
    boolean freshness;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (options.dryRun) {
            return dryRun(workspace, "build", workspace.dryRun(true, selection.toSelection(), options.fullRefresh));
        }
        if (freshness && SourceCommand.check(workspace, selection.toSelection(), true, out()) != 0) {
            out().println("Not building: a source is in error (see above).");
            return 1;
        }
        return execute(workspace, "build", selection, listener -> workspace.execute(Runner.Mode.BUILD, selection.toSelection(),
                options.fullRefresh, failFast.failFast, listener));
    }
}
