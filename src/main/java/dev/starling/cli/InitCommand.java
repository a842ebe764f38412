package dev.starling.cli;

import dev.starling.project.NewProject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a new project folder NAME: project.yml on an embedded DuckDB, two models, their tests"
                + " and a README; then cd NAME && starling build.")
final class InitCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "The project's name and folder.")
    String name;

    @Option(names = "--project-dir", paramLabel = "DIR", description = "Where to create the folder (default: the"
            + " current folder).")
    Path parent = Path.of(".");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (Path file : NewProject.create(parent, name)) {
            out.println("created " + name + "/" + file.toString().replace('\\', '/'));
        }
        out.println("Next: cd " + name + " && starling build");
        out.flush();
        return 0;
    }
}
