package dev.starling.project;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A loaded project: its configuration and every node, keyed by id in a stable order (sources, models, tests,
 * analyses; each sorted by path). Nothing here has been rendered or touched a database.
 *
 * @param genericTests the project's own generic tests ({@code tests/generic/<name>.sql}), by test name
 * @param macroFiles   the project's FreeMarker macro files ({@code macros/*.ftl}), included in every template
 * @param warnings     what loading skipped, one line each with its file and line (e.g. a dbt-only section)
 */
public record Project(ProjectConfig config, Map<String, Node> nodes, Map<String, GenericTestTemplate> genericTests,
                      List<Path> macroFiles, List<String> warnings) {

    public Project(ProjectConfig config, Map<String, Node> nodes, Map<String, GenericTestTemplate> genericTests,
                   List<Path> macroFiles) {
        this(config, nodes, genericTests, macroFiles, List.of());
    }

    public Path dir() {
        return config.dir();
    }

    public Collection<Node> all() {
        return nodes.values();
    }

    public Node node(String id) {
        return nodes.get(id);
    }

    /** A project-defined generic test template. */
    public record GenericTestTemplate(String name, Path path, String template) {
    }
}
