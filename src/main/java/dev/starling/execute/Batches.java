package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.graph.Dag;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import dev.starling.render.NewRows;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Batches by arrival. Every load of a source is a batch with an id, increasing over the target's life, recorded in
 * {@value #BATCHES} in the load's own transaction: {@value #APPEND} when it only added new files' rows (tagged with
 * the id in {@link Adapter#BATCH_COLUMN}), {@value #FULL} when it replaced the table (first load, {@code
 * --full-refresh}, a new location, a source that is not incremental), {@value #REPLACE} when it replaced the rows of
 * changed or deleted files.
 *
 * <p>An incremental model keeps a mark per (model, upstream source) in {@value #MARKS}: the last batch it applied,
 * written in the transaction that applies it, so a model that fails keeps its marks and the next run takes the
 * batches it missed too. {@code ${new_rows(X)}} in a model reads only X's rows of batches after the mark. A batch that
 * is not an append after a model's mark (or no mark at all) makes that model rebuild in full, and says why: rows it
 * applied may have been replaced. A new file alone never does.
 */
public final class Batches {

    /** One row per batch: batch, source, kind, reason, files, loaded_at. */
    static final String BATCHES = "starling_batches";
    /** One row per (model, source): the last batch of the source the model applied. */
    static final String MARKS = "starling_marks";
    static final String APPEND = "append";
    static final String FULL = "full";
    static final String REPLACE = "replace";

    /** Batch ids are handed out one at a time (sources load side by side). */
    private static final Object LOCK = new Object();

    /** Checks only (no graph): no marks, no cascades. */
    static final Batches NONE = new Batches(null, null);

    private final Dag dag;
    /** The target's own schema, where the batches and marks tables are, whichever schema a model is built in. */
    private final String home;
    /** Sources this run (or dry run) reloads in full or in part: source id to why. */
    private final Map<String, String> reloaded = new ConcurrentHashMap<>();
    /** Sources this run (or dry run) plans a batch of. */
    private final Set<String> planned = ConcurrentHashMap.newKeySet();
    /** Tables this process has created (the run lists the schema once, before they exist). */
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private long last = -1;
    /** The marks and batches tables as this run first read them (see {@link Recorded}); null until then. */
    private Recorded recorded;

    Batches(Dag dag, String home) {
        this.dag = dag;
        this.home = home;
    }

    /** {@code context} for the schema that holds the batches and marks tables. */
    private PlanContext own(PlanContext context) {
        return home == null ? context : context.home(home);
    }

    // ---- sources -----------------------------------------------------------------------------------------------

    /** The step that creates the batches and marks tables when they are missing. */
    List<Step> createTables(PlanContext in) {
        PlanContext context = own(in);
        Adapter adapter = context.adapter();
        String text = adapter.textType();
        List<String> create = List.of(
                "create table if not exists " + context.relation(BATCHES) + " (batch bigint, source " + text
                        + ", kind " + text + ", reason " + text + ", files integer, loaded_at timestamp)",
                "create table if not exists " + context.relation(MARKS) + " (model " + text + ", source " + text
                        + ", batch bigint, applied_at timestamp)");
        return OwnTables.createIfMissing(context, List.of(BATCHES, MARKS), "create the batches and marks tables if they are"
                + " missing", create, () -> {
            created.add(BATCHES);
            created.add(MARKS);
        });
    }

    private boolean exists(PlanContext context, String table) {
        return created.contains(table) || context.existing(table) == RelationType.TABLE;
    }

    /** The id of a new batch: one more than any the target has recorded or this process has handed out. */
    long next(PlanContext in) throws SQLException {
        PlanContext context = own(in);
        synchronized (LOCK) {
            if (last < 0) {
                last = context.connected() && exists(context, BATCHES)
                        ? context.session().queryLong("select coalesce(max(batch), 0) from " + context.relation(BATCHES))
                        : 0;
            }
            return ++last;
        }
    }

    /** The statement that records batch {@code batch} of {@code source}, sent in the load's transaction. */
    String record(PlanContext in, Node source, long batch, String kind, String reason, int files) {
        PlanContext context = own(in);
        Adapter adapter = context.adapter();
        planned.add(source.id());
        if (!kind.equals(APPEND)) {
            reloaded.put(source.id(), source.displayName() + " was " + (kind.equals(FULL) ? "reloaded in full"
                    : "reloaded in part") + " (" + reason + ")");
        }
        return "insert into " + context.relation(BATCHES) + " (batch, source, kind, reason, files, loaded_at) values ("
                + batch + ", " + adapter.stringLiteral(source.id()) + ", " + adapter.stringLiteral(kind) + ", "
                + adapter.stringLiteral(reason) + ", " + files + ", " + adapter.currentTimestamp() + ")";
    }

    // ---- models ------------------------------------------------------------------------------------------------

    /** The sources upstream of {@code nodeId}, through every kind of node (itself, if it is one). */
    Set<String> upstreamSources(String nodeId) {
        Set<String> out = new TreeSet<>();
        if (dag == null || !dag.contains(nodeId)) {
            return out;
        }
        if (dag.node(nodeId).node().kind() == NodeKind.SOURCE) {
            out.add(nodeId);
        }
        for (String id : dag.ancestors(nodeId)) {
            if (dag.node(id).node().kind() == NodeKind.SOURCE) {
                out.add(id);
            }
        }
        return out;
    }

    /** The marks of {@code model}: source id to the last batch applied. */
    Map<String, Long> marks(PlanContext in, Node model) throws SQLException {
        PlanContext context = own(in);
        if (!context.connected() || dag == null) {
            return new HashMap<>();
        }
        return new HashMap<>(recorded(context).marks().getOrDefault(model.id(), Map.of()));
    }

    /**
     * What the marks and batches tables held when this run first read them: three small queries per run rather than
     * a few per model. That is enough: a model's marks change only when it runs, and a batch this run adds is known
     * from {@link #planned} and {@link #reloaded}, because a source is planned before every model downstream of it.
     *
     * @param marks      model id to (source id to the last batch applied)
     * @param lastBatch  source id to its last batch
     * @param lastReload source id to its last batch that was not an append
     */
    private record Recorded(Map<String, Map<String, Long>> marks, Map<String, Long> lastBatch,
                            Map<String, Reload> lastReload) {
    }

    /** A batch that replaced rows: {@value #FULL} or {@value #REPLACE}, and why. */
    private record Reload(long batch, String kind, String reason) {
    }

    /** {@code context} is the home schema's ({@link #own}), the one place the tables are. */
    private Recorded recorded(PlanContext context) throws SQLException {
        synchronized (LOCK) {
            if (recorded == null) {
                recorded = read(context);
            }
            return recorded;
        }
    }

    private Recorded read(PlanContext context) throws SQLException {
        Map<String, Map<String, Long>> marks = new HashMap<>();
        Map<String, Long> lastBatch = new HashMap<>();
        Map<String, Reload> lastReload = new HashMap<>();
        if (exists(context, MARKS)) {
            for (List<String> row : rows(context, "select model, source, batch from " + context.relation(MARKS))) {
                if (row.get(2) != null) {
                    marks.computeIfAbsent(row.get(0), model -> new HashMap<>()).put(row.get(1), Long.parseLong(row.get(2)));
                }
            }
        }
        if (exists(context, BATCHES)) {
            String table = context.relation(BATCHES);
            for (List<String> row : rows(context, "select source, max(batch) from " + table + " group by source")) {
                lastBatch.put(row.get(0), Long.parseLong(row.get(1)));
            }
            for (List<String> row : rows(context, "select source, batch, kind, reason from " + table + " where batch in"
                    + " (select max(batch) from " + table + " where kind <> " + context.adapter().stringLiteral(APPEND)
                    + " group by source)")) {
                lastReload.put(row.get(0), new Reload(Long.parseLong(row.get(1)), row.get(2), row.get(3)));
            }
        }
        return new Recorded(marks, lastBatch, lastReload);
    }

    private static List<List<String>> rows(PlanContext context, String sql) throws SQLException {
        return context.session().query(sql, Integer.MAX_VALUE - 1).rows();
    }

    /**
     * Why {@code model}, whose table exists, must be rebuilt in full rather than take new rows: a source upstream was
     * reloaded (in this run, or after the model's mark), or the model has no mark for it yet. Null when it need not.
     */
    String rebuildReason(PlanContext in, CompiledNode model, Map<String, Long> marks) throws SQLException {
        PlanContext context = own(in);
        for (String source : upstreamSources(model.node().id())) {
            String inRun = reloaded.get(source);
            if (inRun != null) {
                return "because " + inRun;
            }
        }
        if (!context.connected()) {
            return null;
        }
        for (String source : upstreamSources(model.node().id())) {
            String name = dag.node(source).node().displayName();
            Long mark = marks.get(source);
            if (mark == null) {
                return "because it has no mark for " + name + " yet (its first run that keeps marks)";
            }
            Reload reload = recorded(context).lastReload().get(source);
            if (reload != null && reload.batch() > mark) {
                return "because " + name + " was " + (reload.kind().equals(FULL) ? "reloaded in full"
                        : "reloaded in part") + " (" + reload.reason() + ") after its last run";
            }
        }
        return null;
    }

    /**
     * Whether no source upstream of {@code model} has a batch after the model's mark: then its new rows are none and
     * the run skips it.
     */
    boolean upToDate(PlanContext in, Node model, Map<String, Long> marks) throws SQLException {
        PlanContext context = own(in);
        Set<String> sources = upstreamSources(model.id());
        if (sources.isEmpty() || !context.connected() || !exists(context, BATCHES)
                || sources.stream().anyMatch(planned::contains)) {
            return false;
        }
        Map<String, Long> lastBatch = recorded(context).lastBatch();
        for (String source : sources) {
            Long last = lastBatch.get(source);
            Long mark = marks.get(source);
            if (last != null && (mark == null || last > mark)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Statements that set {@code model}'s marks to the last batch of each source upstream, sent in the transaction
     * that builds or applies it (so they hold exactly what it read).
     */
    List<String> writeMarks(PlanContext in, Node model) {
        PlanContext context = own(in);
        Set<String> sources = upstreamSources(model.id());
        if (sources.isEmpty()) {
            return List.of();
        }
        Adapter adapter = context.adapter();
        String id = adapter.stringLiteral(model.id());
        return List.of("delete from " + context.relation(MARKS) + " where model = " + id,
                "insert into " + context.relation(MARKS) + " (model, source, batch, applied_at)\nselect " + id
                        + ", source, max(batch), " + adapter.currentTimestamp() + " from " + context.relation(BATCHES)
                        + " where source in (" + OwnTables.inList(adapter, sources) + ") group by source");
    }

    /**
     * {@code sql} with each {@code new_rows()} marker set to the mark of the one incremental source its input reads.
     */
    String withMarks(CompiledNode model, String sql, Map<String, Long> marks) {
        Matcher matcher = NewRows.MARKER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String input = matcher.group(1);
            Set<String> sources = new LinkedHashSet<>();
            for (String source : upstreamSources(input)) {
                if (dag.node(source).node().source().incremental()) {
                    sources.add(source);
                }
            }
            Node node = model.node();
            if (sources.size() != 1) {
                throw StarlingException.at(node.path(), newRowsLine(node), "new_rows() of " + input + " needs exactly one incremental"
                        + " source upstream of it, to know which batches are new; it has " + (sources.isEmpty()
                        ? "none" : String.join(", ", sources)) + ". Read a relation over one incremental source"
                        + " (incremental: true).");
            }
            Long mark = marks.get(sources.iterator().next());
            matcher.appendReplacement(out, Matcher.quoteReplacement("/*starling:mark:" + input + "*/"
                    + (mark == null ? -1 : mark)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The line of the model file where it first calls {@code new_rows}, for errors (1 when not found). */
    private static int newRowsLine(Node model) {
        String template = model.template() == null ? "" : model.template();
        int at = template.indexOf("new_rows(");
        return at < 0 ? 1 : (int) template.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Whether {@code sql} reads new rows through {@code new_rows()}. */
    static boolean readsNewRows(String sql) {
        return sql != null && NewRows.MARKER.matcher(sql).find();
    }
}
