package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.adapter.QueryResult;
import dev.starling.graph.Dag;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.starling.artifact.Json;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List nodes (sources, models, tests, analyses) with their type and dependencies.")
final class LsCommand extends ProjectCommand {

    @Mixin
    SelectionOptions selection;

    /** What each line is: the table (default), as dbt: json (one object per line), name, path. */
    enum Output { table, json, name, path }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table (default),"
            + " json (one object per node and line, as dbt ls), name or path (one per line).")
    Output output;

    @Override
    int run(Workspace workspace) {
        Dag dag = workspace.dag();
        List<List<String>> rows = new ArrayList<>();
        for (String id : workspace.select(selection.toSelection())) {
            CompiledNode node = dag.node(id);
            if (output != Output.table) {
                out().println(switch (output) {
                    case json -> Json.writeCompact(asJson(workspace, node));
                    case path -> node.node().path().toString().replace('\\', '/');
                    default -> node.node().displayName();
                });
                continue;
            }
            String type = switch (node.node().kind()) {
                case MODEL -> "model (" + node.node().materialized() + ")";
                case TEST -> "test (" + node.node().severity() + ")";
                default -> node.node().kind().label;
            };
            List<String> parents = node.dependsOn().stream().map(p -> dag.node(p).node().displayName()).toList();
            rows.add(List.of(type, node.node().displayName(), String.join(", ", parents), node.node().path().toString()));
        }
        if (output != Output.table) {
            out().flush();
            return 0;
        }
        QueryResult table = new QueryResult(List.of("type", "name", "depends on", "file"),
                List.of(false, false, false, false), rows, false);
        TablePrinter.lines(table).forEach(out()::println);
        return 0;
    }

    /** The keys dbt ls --output json prints that Starling has: name, resource_type, unique_id, ... */
    private static Map<String, Object> asJson(Workspace workspace, CompiledNode compiled) {
        Node node = compiled.node();
        Map<String, Object> config = new LinkedHashMap<>();
        if (node.kind() == NodeKind.MODEL) {
            config.put("materialized", node.materialized());
        } else if (node.kind() == NodeKind.TEST) {
            config.put("materialized", "test");
            config.put("severity", node.severity());
        }
        config.put("tags", List.copyOf(node.tags()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.kind() == NodeKind.SOURCE ? node.source().tableName() : node.name());
        out.put("resource_type", node.kind().label);
        out.put("package_name", workspace.project().config().name());
        out.put("original_file_path", node.path().toString().replace('\\', '/'));
        out.put("unique_id", node.id());
        if (node.kind() == NodeKind.SOURCE) {
            out.put("source_name", node.source().sourceName());
        }
        out.put("tags", List.copyOf(node.tags()));
        out.put("config", config);
        out.put("depends_on", Map.of("nodes", List.copyOf(compiled.dependsOn())));
        return out;
    }
}
