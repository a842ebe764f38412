package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.adapter.QueryResult;
import dev.starling.graph.Dag;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List nodes (sources, models, tests, analyses) with their type and dependencies.")
final class LsCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    @Override
    int run(Workspace workspace) {
        Dag dag = workspace.dag();
        List<List<String>> rows = new ArrayList<>();
        for (String id : workspace.select(selection.toSelection())) {
            CompiledNode node = dag.node(id);
            String type = switch (node.node().kind()) {
                case MODEL -> "model (" + node.node().materialized() + ")";
                case TEST -> "test (" + node.node().severity() + ")";
                default -> node.node().kind().label;
            };
            List<String> parents = node.dependsOn().stream().map(p -> dag.node(p).node().displayName()).toList();
            rows.add(List.of(type, node.node().displayName(), String.join(", ", parents), node.node().path().toString()));
        }
        QueryResult table = new QueryResult(List.of("type", "name", "depends on", "file"),
                List.of(false, false, false, false), rows, false);
        TablePrinter.lines(table).forEach(out()::println);
        return 0;
    }
}
