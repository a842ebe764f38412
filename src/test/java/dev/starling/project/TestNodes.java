package dev.starling.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Nodes made directly, for tests of the layers below loading (materializations, adapters). */
public final class TestNodes {

    private TestNodes() {
    }

    public static Node model(String name, Path path, String template, String materialized) {
        Node node = new Node(NodeKind.MODEL, Node.modelId(name), name, path, 1, template, null, null);
        node.config().put("materialized", materialized);
        return node;
    }

    /** A source table declared at models/staging/sources.yml:4 with the given columns (json: auto by default). */
    public static Node source(String sourceName, String tableName, List<Column> columns) {
        return source(sourceName, tableName, columns, false);
    }

    /** A source declared at models/staging/sources.yml line 4; {@code incremental}: loaded file by file. */
    public static Node source(String sourceName, String tableName, List<Column> columns, boolean incremental) {
        return source(sourceName, tableName, columns, incremental, "**/*.json");
    }

    /** A source whose files match {@code pattern}. */
    public static Node source(String sourceName, String tableName, List<Column> columns, boolean incremental,
                              String pattern) {
        SourceSpec spec = new SourceSpec(sourceName, tableName, "json", SourceSpec.LAYOUT_LINES, incremental, Map.of(),
                pattern, Map.of(), columns);
        Node node = new Node(NodeKind.SOURCE, Node.sourceId(sourceName, tableName), tableName,
                Path.of("models/staging/sources.yml"), 4, null, spec, null);
        node.columns().addAll(columns);
        return node;
    }

    /** Sets a config key as if read from {@code file} at {@code line}. */
    public static Node config(Node model, Path file, String key, Object value, int line) {
        model.propertiesFrom(file);
        model.config().put(key, value);
        model.configLine(key, line);
        return model;
    }
}
