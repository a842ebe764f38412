package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.render.CompiledNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Render every selected node to target/compiled/<path>.sql; with --select, also print it.")
final class CompileCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Override
    int run(Workspace workspace) {
        List<CompiledNode> compiled = workspace.compile(selection.toSelection());
        boolean print = !selection.select.isEmpty();
        for (CompiledNode node : compiled) {
            if (print) {
                out().println("-- " + node.node().kind().label + " " + node.node().displayName() + " ("
                        + node.node().path() + ")");
                out().println(workspace.compiledSql(node));
                out().println();
                if (node.incrementalSql() != null && !node.incrementalSql().equals(node.sql())) {
                    out().println("-- " + node.node().displayName() + " when is_incremental() (new rows for the existing table)");
                    out().println(node.incrementalSql());
                    out().println();
                }
            }
        }
        out().println("Compiled " + compiled.size() + " node" + (compiled.size() == 1 ? "" : "s") + " to "
                + workspace.project().dir().relativize(workspace.project().config().targetDir().resolve("compiled")));
        return 0;
    }
}
