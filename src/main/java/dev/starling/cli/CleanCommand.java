package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.project.CleanTargets;
import dev.starling.project.ProjectLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Delete the folders project.yml lists under clean-targets (default: the target-path, target/),"
                + " and nothing else.")
final class CleanCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Workspace.Options options = common.toOptions();
        CleanTargets.clean(ProjectLoader.loadConfig(options.projectDir(), options.vars(), options.env()))
                .forEach(spec.commandLine().getOut()::println);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
