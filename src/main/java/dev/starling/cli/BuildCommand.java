package dev.starling.cli;

import dev.starling.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Run and test in dependency order: each model's tests run right after it, and a failing"
                + " error-severity test skips everything downstream.")
final class BuildCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Override
    int run(Workspace workspace) {
        return execute(workspace, "build", listener -> workspace.build(selection.toSelection(), listener));
    }
}
