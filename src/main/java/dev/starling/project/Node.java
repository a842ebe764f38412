package dev.starling.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a project as loaded from its files, before rendering: a source, a model, a data test or an
 * analysis. Ids are {@code model.song}, {@code source.sparkify.event_staging}, {@code test.unique_song_song_id},
 * {@code analysis.top_songs}.
 */
public final class Node {

    public static final String SEVERITY_ERROR = "error";
    public static final String SEVERITY_WARN = "warn";

    private final String id;
    private final NodeKind kind;
    private final String name;
    private final Path path;
    private final int line;
    private final String template;
    private final SourceSpec source;
    private final TestSpec test;
    private String description = "";
    private final Set<String> tags = new LinkedHashSet<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Integer> configLines = new LinkedHashMap<>();
    private final Map<String, Path> configFiles = new LinkedHashMap<>();
    private final List<Column> columns = new ArrayList<>();
    private Path propertiesFile;
    private String severity = SEVERITY_ERROR;

    Node(NodeKind kind, String id, String name, Path path, int line, String template, SourceSpec source, TestSpec test) {
        this.kind = kind;
        this.id = id;
        this.name = name;
        this.path = path;
        this.line = line;
        this.template = template;
        this.source = source;
        this.test = test;
    }

    /** SQL that is not a project file (show --inline, or a .sql file outside the project's folders). */
    public static Node adHoc(String name, Path path, String template) {
        return new Node(NodeKind.ANALYSIS, "analysis." + name, name, path, 1, template, null, null);
    }

    public static String modelId(String name) {
        return "model." + name;
    }

    public static String seedId(String name) {
        return "seed." + name;
    }

    /** A seed's column types set in YAML ({@code config: {column_types: {col: type}}}), by column name. */
    public Map<String, String> columnTypes() {
        Map<String, String> out = new LinkedHashMap<>();
        if (config.get("column_types") instanceof Map<?, ?> types) {
            types.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    /** A seed's field delimiter ({@code config: {delimiter: ";"}}), a comma by default. */
    public char delimiter() {
        Object value = config.get("delimiter");
        return value == null || value.toString().isEmpty() ? ',' : value.toString().charAt(0);
    }

    public static String sourceId(String sourceName, String tableName) {
        return "source." + sourceName + "." + tableName;
    }

    public String id() {
        return id;
    }

    public NodeKind kind() {
        return kind;
    }

    /** The relation name for models and sources, the test or analysis name otherwise. */
    public String name() {
        return name;
    }

    /** A short name for output: {@code sparkify.event_staging} for sources, the name otherwise. */
    public String displayName() {
        return source != null ? source.sourceName() + "." + source.tableName() : name;
    }

    /** The file that defines the node, relative to the project folder (YAML file for sources and generic tests). */
    public Path path() {
        return path;
    }

    /** The line of the definition in {@link #path()} (1 for SQL files). */
    public int line() {
        return line;
    }

    /** The FreeMarker SQL template, or null for sources and generic tests. */
    public String template() {
        return template;
    }

    public SourceSpec source() {
        return source;
    }

    public TestSpec test() {
        return test;
    }

    public String description() {
        return description;
    }

    public Set<String> tags() {
        return tags;
    }

    /** Materialization and physical options (materialized, dist, sort, ...), from the properties YAML. */
    public Map<String, Object> config() {
        return config;
    }

    /** The line of a {@link #config()} key in {@link #configFile(String)}, or 0 when not known. */
    public int configLine(String key) {
        return configLines.getOrDefault(key, 0);
    }

    /**
     * The file that set a {@link #config()} key: project.yml (by folder), the properties YAML, or the node's own
     * file ({@code <@config .../>}); the properties file, else the node's file, when not known.
     */
    public Path configFile(String key) {
        Path file = configFiles.get(key);
        return file != null ? file : propertiesFile != null ? propertiesFile : path;
    }

    void configLine(String key, int line) {
        configLines.put(key, line);
    }

    void configFrom(String key, Path file, int line) {
        configFiles.put(key, file);
        configLines.put(key, line);
    }

    public static String snapshotId(String name) {
        return "snapshot." + name;
    }

    /** The custom schema of a model or snapshot ({@code schema:} config), or null for the target's. */
    public String customSchema() {
        Object value = config.get("schema");
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    public String materialized() {
        Object value = config.get("materialized");
        return value == null ? "table" : value.toString();
    }

    /** An incremental model's key columns ({@code unique_key}: one name or a list), empty when it has none. */
    public List<String> uniqueKey() {
        Object value = config.get("unique_key");
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    /** {@code incremental_strategy}: append, delete+insert or merge (default delete+insert with a key, else append). */
    public String incrementalStrategy() {
        Object value = config.get("incremental_strategy");
        if (value != null) {
            return value.toString();
        }
        return uniqueKey().isEmpty() ? "append" : "delete+insert";
    }

    public List<Column> columns() {
        return columns;
    }

    /** The YAML file that describes this node, if any. */
    public Path propertiesFile() {
        return propertiesFile;
    }

    public String severity() {
        return severity;
    }

    void describe(String text) {
        this.description = text == null ? "" : text;
    }

    void propertiesFrom(Path file) {
        this.propertiesFile = file;
    }

    void severity(String value) {
        this.severity = value;
    }

    @Override
    public String toString() {
        return id;
    }
}
