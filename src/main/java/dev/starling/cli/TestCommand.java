package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.execute.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run data tests (generic tests from YAML, singular tests from tests/*.sql); a test fails when its query returns rows.")
final class TestCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Mixin
    FailFastOption failFast;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        return execute(workspace, "test", selection, listener -> workspace.execute(Runner.Mode.TEST, selection.toSelection(), false,
                failFast.failFast, listener));
    }
}
