package dev.starling;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.Session;
import dev.starling.adapter.SqlErrors;
import dev.starling.artifact.Artifacts;
import dev.starling.artifact.LastRun;
import dev.starling.artifact.PreviousRun;
import dev.starling.execute.DryRun;
import dev.starling.execute.Materializations;
import dev.starling.execute.PlanContext;
import dev.starling.execute.RunListener;
import dev.starling.freshness.SourceFreshness;
import dev.starling.execute.RunResults;
import dev.starling.execute.Runner;
import dev.starling.graph.Dag;
import dev.starling.graph.Selector;
import dev.starling.plan.BuildPlan;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.project.Project;
import dev.starling.project.ProjectConfig;
import dev.starling.project.ProjectLoader;
import dev.starling.project.TargetConfig;
import dev.starling.render.CompiledNode;
import dev.starling.render.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The library facade: a project opened on one target. The CLI is a thin layer over these methods, and tests
 * call them directly. Loading and rendering happen on open; the engine is touched only by run, test, build
 * and show.
 */
public final class Workspace implements AutoCloseable {

    /**
     * How to open a project.
     *
     * @param target  target name, or null for the project's default
     * @param vars    values that override {@code vars:} in project.yml
     * @param threads worker count, or null for the target's {@code threads}
     * @param env     environment lookup (System::getenv in the CLI)
     */
    public record Options(Path projectDir, String target, Map<String, Object> vars, Integer threads,
                          Function<String, String> env) {

        public static Options of(Path projectDir) {
            return new Options(projectDir, null, Map.of(), null, System::getenv);
        }

        public Options withVars(Map<String, Object> overrides) {
            return new Options(projectDir, target, overrides, threads, env);
        }

        public Options withThreads(Integer count) {
            return new Options(projectDir, target, vars, count, env);
        }

        public Options withTarget(String name) {
            return new Options(projectDir, name, vars, threads, env);
        }
    }

    /** Node selection: {@code --select} and {@code --exclude} expressions. */
    public record Selection(List<String> select, List<String> exclude) {
        public static final Selection ALL = new Selection(List.of(), List.of());
    }

    private final Project project;
    private final TargetConfig target;
    private final Adapter adapter;
    private final Renderer renderer;
    private final int threads;
    private final Map<String, Long> timings;
    private Dag dag;

    private Workspace(Project project, TargetConfig target, Adapter adapter, Renderer renderer, int threads,
                      Map<String, Long> timings) {
        this.project = project;
        this.target = target;
        this.adapter = adapter;
        this.renderer = renderer;
        this.threads = threads;
        this.timings = timings;
    }

    public static Workspace open(Options options) {
        return open(options, false);
    }

    /**
     * @param warmEngine start loading the engine in the background while the project loads and renders (for
     *                   commands that will run SQL: the engine's start-up then costs no wall time of its own)
     */
    public static Workspace open(Options options, boolean warmEngine) {
        long start = System.nanoTime();
        Materializations.load(); // models may name those found on the class path
        ProjectConfig config = ProjectLoader.loadConfig(options.projectDir(), options.vars(), options.env());
        TargetConfig target = config.target(options.target());
        Adapter adapter = AdapterProvider.forTarget(target, config.dir());
        try {
            if (warmEngine) {
                adapter.warmUp();
            }
            Project project = ProjectLoader.load(config);
            if (project.all().stream().noneMatch(n -> n.kind() == NodeKind.MODEL || n.kind() == NodeKind.SOURCE
                    || n.kind() == NodeKind.SEED)) {
                throw StarlingException.project("the project has no models and no sources: add a .sql file under "
                        + String.join(", ", config.modelPaths()) + " (its name is the model's name), e.g. "
                        + config.modelPaths().get(0) + "/my_model.sql with: select 1 as id");
            }
            Renderer renderer = new Renderer(project, target, adapter, options.env());
            int threads = options.threads() != null ? options.threads() : target.threads();
            Map<String, Long> timings = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
            timings.put("load", System.nanoTime() - start);
            return new Workspace(project, target, adapter, renderer, threads, timings);
        } catch (RuntimeException e) {
            adapter.close();
            throw e;
        }
    }

    /** Wall time of each phase so far (load, render, select, write), in nanoseconds, for {@code --debug}. */
    public Map<String, Long> timings() {
        synchronized (timings) {
            return new LinkedHashMap<>(timings);
        }
    }

    private void timed(String phase, long start) {
        timings.merge(phase, System.nanoTime() - start, Long::sum);
    }

    /**
     * Checks a target ({@code starling debug}): its settings, a connection, a query, the schema, and creating and
     * dropping a table. Project errors are thrown (exit 2); target problems are reported as failed checks.
     */
    public static Diagnosis debug(Options options) {
        Project project = ProjectLoader.load(options.projectDir(), options.vars(), options.env());
        return Diagnosis.of(project, options.target());
    }

    public Project project() {
        return project;
    }

    public TargetConfig target() {
        return target;
    }

    public Adapter adapter() {
        return adapter;
    }

    public int threads() {
        return threads;
    }

    /** Every node rendered, in a dependency graph (cycles are reported here). */
    public synchronized Dag dag() {
        if (dag == null) {
            long start = System.nanoTime();
            dag = Dag.of(Parallel.map(List.copyOf(project.all()), renderer::compile));
            timed("render", start);
        }
        return dag;
    }

    /** Selected node ids in dependency order; tests that read any selected node come along. */
    public List<String> select(Selection selection) {
        return select(selection, Selector.Tests.EAGER);
    }

    private List<String> select(Selection selection, Selector.Tests tests) {
        Dag graph = dag();
        long start = System.nanoTime();
        List<String> selected = Selector.select(graph, selection.select(), selection.exclude(), tests);
        timed("select", start);
        return selected;
    }

    /** Renders the selected nodes to {@code target/compiled/} and writes the manifest; returns them in order. */
    public List<CompiledNode> compile(Selection selection) {
        return compile(select(selection));
    }

    private List<CompiledNode> compile(List<String> ids) {
        Dag graph = dag();
        long start = System.nanoTime();
        List<CompiledNode> out = ids.stream().map(graph::node).toList();
        PlanContext checkOnly = new PlanContext(adapter, target.schema(), null, Map.of(), false, true, line -> { });
        Map<Path, String> files = new LinkedHashMap<>();
        for (CompiledNode node : out) {
            if (node.node().kind() == NodeKind.MODEL) {
                // physical options (dist, sort) are checked where they are written (a view has none)
                Materializations.of(node).check(checkOnly, node);
            }
            files.put(compiledPath(node), compiledSql(node) + "\n");
            if (node.incrementalSql() != null && !node.incrementalSql().equals(node.sql())) {
                files.put(incrementalPath(compiledPath(node)), node.incrementalSql() + "\n");
            }
        }
        // the manifest (mostly CPU) is made while the compiled files (mostly the file system) are written
        long writeStart = start;
        timings.putIfAbsent("write", 0L); // in this order in --debug's line, whichever finishes first
        timings.putIfAbsent("manifest", 0L);
        Parallel.both(() -> {
            long manifestStart = System.nanoTime();
            Artifacts.writeManifest(project.config().targetDir(), project.config().name(), target.name(), graph);
            timed("manifest", manifestStart);
        }, () -> {
            Artifacts.writeAll(files);
            timed("write", writeStart);
        });
        return out;
    }

    /** The SQL that compile writes for a node: a source's staging statements, any other node's query. */
    public String compiledSql(CompiledNode node) {
        if (node.node().kind() == NodeKind.SOURCE) {
            return String.join(";\n\n", adapter.sourceLoader().compile(node.relation(), node)) + ";";
        }
        if (node.node().kind() == NodeKind.SEED) {
            return Materializations.compiledSeed(adapter, target.schema(), node);
        }
        return node.sql();
    }

    /** Where compile writes an incremental model's is_incremental() SQL, when it differs: {@code songplay.incremental.sql}. */
    public static Path incrementalPath(Path compiled) {
        return compiled.resolveSibling(compiled.getFileName().toString().replaceAll("\\.sql$", "") + ".incremental.sql");
    }

    /** {@code target/compiled/<file>}: a model's own path, or the YAML path plus the node name. */
    public Path compiledPath(CompiledNode node) {
        Path base = project.config().targetDir().resolve("compiled");
        Node n = node.node();
        if (n.template() != null) {
            return base.resolve(n.path());
        }
        if (n.kind() == NodeKind.SEED) {
            return base.resolve(n.path()).resolveSibling(n.name() + ".sql");
        }
        return base.resolve(n.path()).resolve(n.displayName() + ".sql");
    }

    public RunResults run(Selection selection, RunListener listener) {
        return run(selection, false, listener);
    }

    /** @param fullRefresh rebuild incremental models and reload incremental sources from all their files */
    public RunResults run(Selection selection, boolean fullRefresh, RunListener listener) {
        return execute("run", Runner.Mode.RUN, selection, fullRefresh, listener);
    }

    /** {@code starling seed}: loads the selected seeds (their CSV files) into tables. */
    public RunResults seed(Selection selection, RunListener listener) {
        return execute("seed", Runner.Mode.SEED, selection, false, listener);
    }

    public RunResults test(Selection selection, RunListener listener) {
        return execute("test", Runner.Mode.TEST, selection, false, listener);
    }

    public RunResults build(Selection selection, RunListener listener) {
        return build(selection, false, listener);
    }

    /** @param fullRefresh rebuild incremental models and reload incremental sources from all their files */
    public RunResults build(Selection selection, boolean fullRefresh, RunListener listener) {
        return execute("build", Runner.Mode.BUILD, selection, fullRefresh, listener);
    }

    /** {@code starling snapshot}: the selected snapshots, in DAG order. */
    public RunResults snapshot(Selection selection, RunListener listener) {
        return execute("snapshot", Runner.Mode.SNAPSHOT, selection, false, listener);
    }

    /** What {@code snapshot} would send ({@code snapshot --dry-run}). */
    public BuildPlan dryRunSnapshots(Selection selection) {
        List<String> selected = select(selection, Selector.Tests.EAGER);
        compile(selected);
        return DryRun.plan(adapter, target.schema(), Runner.Mode.SNAPSHOT, dag(), selected, false);
    }

    private RunResults execute(String command, Runner.Mode mode, Selection selection, boolean fullRefresh,
                               RunListener listener) {
        return execute(mode, selection, fullRefresh, false, listener);
    }

    /** {@code run}, {@code test} or {@code build} by mode; {@code failFast} starts no node after the first failure. */
    public RunResults execute(Runner.Mode mode, Selection selection, boolean fullRefresh, boolean failFast,
                              RunListener listener) {
        return execute(mode, select(selection, mode == Runner.Mode.BUILD ? Selector.Tests.BUILDABLE
                : Selector.Tests.EAGER), fullRefresh, failFast, listener);
    }

    /** Runs exactly these node ids (in dependency order), e.g. what {@code retry} takes from the last run. */
    public RunResults execute(Runner.Mode mode, List<String> selected, boolean fullRefresh, boolean failFast,
                              RunListener listener) {
        String command = mode.name().toLowerCase(java.util.Locale.ROOT);
        compile(selected);
        long start = System.nanoTime();
        RunResults results = new Runner(adapter, target.schema(), threads, fullRefresh, listener).failFast(failFast)
                .history(PreviousRun.in(project.config().targetDir())).execute(command, mode, dag(), selected);
        timed("execute", start);
        Artifacts.writeRunResults(project.config().targetDir(), target.name(), results);
        return results;
    }

    /**
     * What {@code run} ({@code build} with {@code build}) would send, node by node, without sending anything that
     * changes data ({@code --dry-run}); compiled files and the manifest are written as by {@code compile}.
     */
    public BuildPlan dryRun(boolean build, Selection selection, boolean fullRefresh) {
        return dryRun(build ? Runner.Mode.BUILD : Runner.Mode.RUN, selection, fullRefresh);
    }

    /** What {@code mode}'s command would send ({@code seed --dry-run} too), as {@link #dryRun(boolean, Selection, boolean)}. */
    public BuildPlan dryRun(Runner.Mode mode, Selection selection, boolean fullRefresh) {
        boolean build = mode == Runner.Mode.BUILD;
        List<String> selected = select(selection, build ? Selector.Tests.BUILDABLE : Selector.Tests.EAGER);
        compile(selected);
        long start = System.nanoTime();
        BuildPlan plan = DryRun.plan(adapter, target.schema(), mode, dag(), selected, fullRefresh);
        timed("plan", start);
        return plan;
    }

    /**
     * How old each selected source's newest data is against its {@code freshness:} rule; also written to
     * {@code target/sources.json}. {@code clock} is "now" (tests pass a fixed one).
     */
    public List<SourceFreshness.Result> freshness(Selection selection, java.time.Clock clock) {
        return freshness(selection, false, clock);
    }

    /** @param upstream also the sources the selected nodes read ({@code build --select x --freshness}) */
    public List<SourceFreshness.Result> freshness(Selection selection, boolean upstream, java.time.Clock clock) {
        Dag graph = dag();
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(select(selection));
        if (upstream) {
            List.copyOf(ids).forEach(id -> ids.addAll(graph.ancestors(id)));
        }
        List<CompiledNode> sources = graph.nodes().stream().filter(node -> ids.contains(node.id())
                && node.node().kind() == NodeKind.SOURCE).toList();
        List<SourceFreshness.Result> results = SourceFreshness.check(sources, adapter, target, project.dir(), clock);
        SourceFreshness.write(project.config().targetDir(), target.name(), clock.instant(), results);
        return results;
    }

    /**
     * Renders and runs one query ({@code show}): a .sql file (an analysis, a model, or any file; refs allowed)
     * or inline SQL, and returns its first {@code limit} rows.
     */
    public QueryResult show(Path file, String inlineSql, int limit) {
        return show(showNode(file, inlineSql), file != null ? file.toString() : "--inline", limit);
    }

    /** The first {@code limit} rows of a built model or a loaded source ({@code show MODEL}), read-only. */
    public QueryResult showRelation(String name, int limit) {
        for (Node node : project.all()) {
            if (node.kind() == NodeKind.MODEL && node.name().equals(name)) {
                return show(Node.adHoc(name, node.path(), "select * from ${ref('" + name + "')}"), node.path()
                        + " (model " + name + ")", limit);
            }
            if (node.kind() == NodeKind.SOURCE && node.displayName().equals(name)) {
                return show(Node.adHoc(name, node.path(), "select * from ${source('" + node.source().sourceName()
                        + "', '" + node.source().tableName() + "')}"), "source " + name, limit);
            }
        }
        List<String> names = project.all().stream().filter(n -> n.kind() == NodeKind.MODEL
                || n.kind() == NodeKind.SOURCE).map(Node::displayName).toList();
        throw StarlingException.usage("no model or source named '" + name + "'." + dev.starling.project.Suggest
                .didYouMean(name, names) + " Give a model's name, a .sql file, or --inline \"SQL\".");
    }

    private QueryResult show(Node node, String where, int limit) {
        CompiledNode compiled = renderer.compile(node);
        try {
            return adapter.queryReadOnly(compiled.sql(), limit);
        } catch (StarlingException e) {
            throw new StarlingException(e.code(), where + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StarlingException(StarlingException.Code.PROJECT, where + ": " + SqlErrors.describe(e)
                    + "\nFix the query; run 'starling build' first if a table it reads does not exist yet.");
        }
    }

    private Node showNode(Path file, String inlineSql) {
        if (inlineSql != null) {
            return Node.adHoc("inline", Path.of("<inline>"), inlineSql);
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            absolute = project.dir().resolve(file).normalize();
        }
        if (!Files.isRegularFile(absolute)) {
            throw StarlingException.usage("no such file: " + file + ". Give a .sql file, e.g. analyses/top_songs.sql,"
                    + " or --inline \"select ...\"");
        }
        Path relative = absolute.startsWith(project.dir()) ? project.dir().relativize(absolute) : absolute;
        for (Node node : project.all()) {
            if (node.template() != null && node.path().equals(relative)) {
                return node;
            }
        }
        try {
            String name = relative.getFileName().toString().replaceAll("\\.sql$", "");
            return Node.adHoc(name, relative, Files.readString(absolute));
        } catch (java.io.IOException e) {
            throw StarlingException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        adapter.close();
    }
}
