package dev.starling.docs;

import dev.starling.StarlingException;
import dev.starling.Workspace;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.artifact.Artifacts;
import dev.starling.artifact.Json;
import dev.starling.graph.Dag;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.project.ProjectConfig;
import dev.starling.render.CompiledNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * {@code starling docs generate}: a static site in {@code target/docs/} that shows every node (its description,
 * columns, tests and their last status, SQL, file, tags, materialization) and the lineage graph. The page, its
 * script and style ship with Starling; the project's data is one script, {@code data.js}, that assigns a global, so
 * the site works from {@code file://} (browsers refuse fetch() of local files) and from any static host, with no
 * request leaving the machine. Descriptions are Markdown (CommonMark, rendered here with HTML escaped); docs blocks
 * come from {@code .md} files ({@link DocBlocks}). Columns and their types come from the target when its database
 * can be read, else from the YAML. Graph layout happens in the page, on demand (see app.js).
 */
public final class DocsSite {

    /** The files of the page, copied as they are from {@code starling/docs/} on the classpath. */
    static final List<String> ASSETS = List.of("index.html", "app.js", "style.css");

    /** What generate did, for the command's output. */
    public record Summary(Path folder, Map<String, Integer> counts, String columnsFrom, String runResults,
                          String freshness, long bytes) {
    }

    private final Workspace workspace;
    private final Parser markdown = Parser.builder().build();
    private final HtmlRenderer html = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private DocsSite(Workspace workspace) {
        this.workspace = workspace;
    }

    public static Path folder(Workspace workspace) {
        return workspace.project().config().targetDir().resolve("docs");
    }

    public static Summary generate(Workspace workspace) {
        return new DocsSite(workspace).generate();
    }

    private Summary generate() {
        ProjectConfig config = workspace.project().config();
        Dag dag = workspace.dag();
        List<String> mdFolders = new ArrayList<>(config.modelPaths());
        mdFolders.addAll(config.analysisPaths());
        mdFolders.addAll(config.testPaths());
        mdFolders.add("docs");
        DocBlocks docs = DocBlocks.read(config.dir(), mdFolders.stream().distinct().toList());
        Catalog catalog = catalog(dag);
        Map<String, Object> runResults = readJson(config.targetDir().resolve("run_results.json"));
        Map<String, Object> sources = readJson(config.targetDir().resolve("sources.json"));
        Map<String, Map<String, Object>> statuses = byId(runResults);
        Map<String, Map<String, Object>> freshness = byId(sources);

        // tests by the node they test (generic tests), or by every node they read (singular tests)
        Map<String, List<String>> testsOf = new LinkedHashMap<>();
        for (CompiledNode node : dag.nodes()) {
            if (node.node().kind() == NodeKind.TEST) {
                if (node.node().test() != null) {
                    testsOf.computeIfAbsent(node.node().test().attachedTo(), k -> new ArrayList<>()).add(node.id());
                } else {
                    node.dependsOn().forEach(p -> testsOf.computeIfAbsent(p, k -> new ArrayList<>()).add(node.id()));
                }
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        dag.nodes().forEach(node -> counts.merge(node.node().kind().label, 1, Integer::sum));
        // each node's entry (Markdown, SQL, lineage) is made in parallel; errors are reported in node order
        List<Object> nodes = dev.starling.Parallel.map(List.copyOf(dag.nodes()),
                compiled -> entry(compiled, dag, docs, catalog, statuses, freshness, testsOf));
        List<String> kinds = new ArrayList<>();
        for (NodeKind kind : NodeKind.values()) {
            kinds.add(kind.label);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("project", config.name());
        data.put("target", workspace.target().name() + " (" + workspace.target().type() + ")");
        data.put("generated_at", Instant.now().toString());
        data.put("columns_from", catalog.note());
        data.put("run_results", runResults == null ? null : runResults.get("generated_at"));
        data.put("run_command", runResults == null ? null : runResults.get("command"));
        data.put("freshness_at", sources == null ? null : sources.get("generated_at"));
        data.put("kinds", kinds);
        data.put("nodes", nodes);

        Path folder = folder(workspace);
        String script = "window.STARLING_DOCS = " + Json.writeCompact(data) + ";\n";
        Artifacts.write(folder.resolve("data.js"), script);
        long bytes = script.length();
        for (String asset : ASSETS) {
            bytes += copyAsset(asset, folder.resolve(asset));
        }
        return new Summary(folder, counts, catalog.note(),
                runResults == null ? "no target/run_results.json: test status unknown" : "test status from the "
                        + runResults.get("command") + " of " + runResults.get("generated_at"),
                sources == null ? "no target/sources.json: run 'starling source freshness' to show freshness"
                        : "freshness from " + sources.get("generated_at"), bytes);
    }

    /** One node's entry in data.js. */
    private Map<String, Object> entry(CompiledNode compiled, Dag dag, DocBlocks docs, Catalog catalog,
                                      Map<String, Map<String, Object>> statuses,
                                      Map<String, Map<String, Object>> freshness, Map<String, List<String>> testsOf) {
        Node node = compiled.node();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", node.id());
        out.put("kind", node.kind().label);
        out.put("name", node.displayName());
        out.put("folder", folder(node));
        out.put("file", slash(node.path()) + (node.line() > 1 ? ":" + node.line() : ""));
        if (node.propertiesFile() != null && !node.propertiesFile().equals(node.path())) {
            out.put("properties", slash(node.propertiesFile()));
        }
        Path yaml = node.propertiesFile() != null ? node.propertiesFile() : node.path();
        int yamlLine = node.kind() == NodeKind.SOURCE ? node.line() : 0; // a model's YAML entry has no line kept
        out.put("description", render(docs.resolve(node.description(), yaml, yamlLine,
                node.kind().label + " " + node.displayName())));
        out.put("tags", new ArrayList<>(node.tags()));
        if (node.kind() == NodeKind.MODEL) {
            out.put("materialized", node.materialized());
        }
        if (compiled.relation() != null) {
            out.put("relation", compiled.relation());
        }
        out.put("depends_on", new ArrayList<>(compiled.dependsOn()));
        out.put("sql", sql(compiled));
        if (node.kind() == NodeKind.TEST) {
            out.put("severity", node.severity());
            if (node.test() != null) {
                out.put("test", node.test().testName());
                out.put("tests_node", node.test().attachedTo());
                out.put("column", node.test().column());
            }
            Map<String, Object> status = statuses.get(node.id());
            if (status != null) {
                out.put("status", status.get("status"));
                out.put("status_message", status.get("message"));
            }
        } else {
            out.put("tests", testsOf.getOrDefault(node.id(), List.of()));
        }
        if (node.kind() == NodeKind.SOURCE && freshness.containsKey(node.id())) {
            out.put("freshness", freshness.get(node.id()));
        }
        if (compiled.relation() != null) { // every kind that builds a relation: sources, models (and seeds, snapshots)
            out.put("columns", columns(compiled, yaml, yamlLine, docs, catalog, node.kind() == NodeKind.MODEL
                    ? columnsOf(node.id(), dag, catalog) : List.of()));
        }
        if (node.kind() == NodeKind.MODEL) {
            ColumnLineage.Result lineage = traced.containsKey(node.id()) ? traced.get(node.id()) : lineage(compiled, dag, catalog);
            out.put("column_lineage", lineage.known() ? null : lineage.reason());
            if (lineage.known()) {
                List<Object> traced = new ArrayList<>();
                for (ColumnLineage.Traced t : lineage.columns()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("column", t.column());
                    entry.put("direct", t.direct());
                    entry.put("from", t.from().stream().map(u -> List.of(u.node(), u.column())).toList());
                    traced.add(entry);
                }
                out.put("column_sources", traced);
            }
        }
        return out;
    }

    private static String folder(Node node) {
        if (node.kind() == NodeKind.SOURCE) {
            return "sources/" + node.source().sourceName();
        }
        Path parent = node.path().getParent();
        return parent == null ? "." : slash(parent);
    }

    private static String slash(Path path) {
        return path.toString().replace('\\', '/');
    }

    private String render(String text) {
        return text == null || text.isBlank() ? "" : html.render(markdown.parse(text)).trim();
    }

    private String sql(CompiledNode compiled) {
        try {
            return workspace.compiledSql(compiled);
        } catch (RuntimeException e) {
            return "-- cannot render for this target: " + e.getMessage();
        }
    }

    /** @param traced the columns its select list gives, when known (listed with the YAML's when the target was not read) */
    private List<Object> columns(CompiledNode compiled, Path yaml, int yamlLine, DocBlocks docs, Catalog catalog,
                                 List<String> traced) {
        Node node = compiled.node();
        Map<String, String> fromTarget = catalog.columns.get(node.name().toLowerCase(Locale.ROOT));
        Map<String, Column> documented = new LinkedHashMap<>();
        node.columns().forEach(c -> documented.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c));
        List<Object> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (fromTarget != null) {
            names.addAll(fromTarget.keySet());
            documented.values().stream().map(Column::name)
                    .filter(n -> fromTarget.keySet().stream().noneMatch(t -> t.equalsIgnoreCase(n))).forEach(names::add);
        } else {
            traced.forEach(names::add);
            documented.values().stream().map(Column::name)
                    .filter(n -> traced.stream().noneMatch(t -> t.equalsIgnoreCase(n))).forEach(names::add);
        }
        for (String name : names) {
            Column column = documented.get(name.toLowerCase(Locale.ROOT));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            String type = null;
            if (fromTarget != null) {
                type = fromTarget.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                entry.put("type_from", type == null ? "yaml (not in the table)" : "target");
            }
            if (type == null && column != null) {
                type = column.type();
            }
            if (fromTarget == null) {
                entry.put("type_from", type != null ? "yaml" : "unknown (not in the YAML)");
            }
            entry.put("type", type);
            entry.put("description", column == null ? "" : render(docs.resolve(column.description(), yaml, yamlLine,
                    "column " + name + " of " + node.displayName())));
            out.add(entry);
        }
        return out;
    }

    private ColumnLineage.Result lineage(CompiledNode compiled, Dag dag, Catalog catalog) {
        Map<String, String> relations = new LinkedHashMap<>();
        for (String parent : compiled.dependsOn()) {
            CompiledNode p = dag.node(parent);
            if (p != null && p.relation() != null) {
                relations.put(parent, p.relation());
            }
        }
        ColumnLineage.Result result = ColumnLineage.trace(compiled.sql(), relations, id -> columnsOf(id, dag, catalog));
        traced.put(compiled.id(), result);
        return result;
    }

    /** Lineage already traced, by model id (a model's columns for the models that read it). */
    private final Map<String, ColumnLineage.Result> traced = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The columns of an upstream node: from the target when it was read, else (models) the columns its own select
     * list gives when that can be traced, else the YAML (which may list only some).
     */
    private List<String> columnsOf(String id, Dag dag, Catalog catalog) {
        CompiledNode p = dag.node(id);
        Map<String, String> known = catalog.columns.get(p.node().name().toLowerCase(Locale.ROOT));
        if (known != null) {
            return new ArrayList<>(known.keySet());
        }
        if (p.node().kind() == NodeKind.MODEL) {
            ColumnLineage.Result upstream = traced.get(id);
            if (upstream == null) {
                upstream = lineage(p, dag, catalog);
            }
            if (upstream.known()) {
                return upstream.columns().stream().map(ColumnLineage.Traced::column).distinct().toList();
            }
        }
        return p.node().columns().stream().map(Column::name).toList();
    }

    // ---- the target's catalog ---------------------------------------------------------------------------------

    /** Column names and types by relation name (lower case), and where they came from. */
    private record Catalog(Map<String, Map<String, String>> columns, String note) {
    }

    /**
     * Reads the columns of every model and source table from the target, when it can be read without building
     * anything: on DuckDB only when the database file exists (opening a missing file would create it).
     */
    private Catalog catalog(Dag dag) {
        var target = workspace.target();
        if (target.type().equals("duckdb")) {
            String path = target.setting("path", "target/" + target.name() + ".duckdb");
            if (path.equals(":memory:") || !Files.isRegularFile(workspace.project().dir().resolve(path))) {
                return new Catalog(Map.of(), "YAML (the database " + path + " does not exist yet: run 'starling build')");
            }
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (Session session = workspace.adapter().openSession()) {
            Map<String, RelationType> existing = new LinkedHashMap<>();
            session.relations(target.schema()).forEach((name, type) -> existing.put(name.toLowerCase(Locale.ROOT), type));
            for (CompiledNode node : dag.nodes()) {
                if (node.relation() != null && existing.containsKey(node.node().name().toLowerCase(Locale.ROOT))) {
                    out.put(node.node().name().toLowerCase(Locale.ROOT), session.columns(node.relation()));
                }
            }
            return new Catalog(out, "the target " + target.name() + " (" + workspace.adapter().describe() + "), read at"
                    + " generation; YAML for relations not built yet");
        } catch (Exception e) {
            String reason = e instanceof StarlingException || e.getMessage() != null ? e.getMessage() : e.toString();
            return new Catalog(Map.of(), "YAML (the target " + target.name() + " could not be read: "
                    + reason.lines().findFirst().orElse("") + ")");
        }
    }

    // ---- artifacts --------------------------------------------------------------------------------------------

    /** One of Starling's own JSON artifacts, or null when it is missing or unreadable. */
    static Map<String, Object> readJson(Path file) {
        return Json.read(file);
    }

    /** JSON as Starling writes it ({@link Json#readText}). */
    static Map<String, Object> readJsonText(String text) {
        return Json.readText(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byId(Map<String, Object> artifact) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (artifact != null && artifact.get("results") instanceof List<?> results) {
            for (Object result : results) {
                if (result instanceof Map<?, ?> map && map.get("unique_id") != null) {
                    out.put(String.valueOf(map.get("unique_id")), (Map<String, Object>) map);
                }
            }
        }
        return out;
    }

    private static long copyAsset(String name, Path to) {
        try (InputStream in = DocsSite.class.getClassLoader().getResourceAsStream("starling/docs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource starling/docs/" + name);
            }
            byte[] bytes = in.readAllBytes();
            Files.write(to, bytes);
            return bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to, e);
        }
    }
}
