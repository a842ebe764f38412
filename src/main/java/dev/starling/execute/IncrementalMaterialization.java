package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.Commit;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.project.Node;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code materialized: incremental}: the first build (or {@code --full-refresh}, or a view in the way) builds the
 * table from scratch and swaps it in, like a table. Later builds check that the new rows (the SQL rendered with
 * {@code is_incremental()} true) have the table's columns (from the query's metadata, nothing is computed), then,
 * in one transaction, compute them into a temporary table and apply them by the model's
 * {@code incremental_strategy}; the adapter spells the statements. Being one transaction, it can be repeated
 * whole: a retry after a dropped connection starts again in the new session, temporary table included.
 */
final class IncrementalMaterialization implements Materialization {

    @Override
    public String name() {
        return "incremental";
    }

    /** True when this build applies new rows to the existing table rather than rebuilding it. */
    static boolean appliesTo(RelationType existing, boolean fullRefresh) {
        return existing == RelationType.TABLE && !fullRefresh;
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode model) throws SQLException {
        Node node = model.node();
        Batches batches = context.batches();
        boolean applies = appliesTo(context.existing(node.name()), context.fullRefresh()) && context.connected();
        Map<String, Long> marks = applies ? batches.marks(context, node) : Map.of();
        String rebuild = applies ? batches.rebuildReason(context, model, marks) : null;
        List<String> writeMarks = batches.writeMarks(context, node);
        List<Step> steps = new ArrayList<>();
        if (!writeMarks.isEmpty()) {
            steps.addAll(batches.createTables(context));
        }
        if (!applies || rebuild != null) {
            if (rebuild != null) {
                String why = node.name() + ": full rebuild, " + rebuild;
                steps.add(new Step.Note(why));
                context.notes().accept(why);
            }
            steps.add(TableMaterialization.swapIn(context, model, model.sql(), writeMarks));
            return NodePlan.of(model, name(), steps, RelationType.TABLE, NodePlan.Observer.countRows(model.relation()));
        }
        if (Batches.readsNewRows(model.incrementalSql()) && batches.upToDate(context, node, marks)) {
            String nothing = "no new batch upstream since its last run: nothing to apply";
            steps.add(new Step.Note(nothing));
            // the table is as it was: not counted (a count of a table with deleted rows reads it, 0.3 s at 10M plays)
            return NodePlan.of(model, name(), steps, RelationType.TABLE, session -> new NodePlan.Outcome(-1, null, null,
                    nothing));
        }
        Adapter adapter = context.adapter();
        String relation = context.relation(node.name());
        String temp = adapter.tempRelation(node.name() + "__starling_new");
        String newRows = batches.withMarks(model, model.incrementalSql(), marks);
        // the table's columns, read now; the guard checks that the new rows have the same before anything is sent
        List<String> columns = new ArrayList<>(context.session().columns(relation).keySet());
        List<String> apply = new ArrayList<>(List.of(adapter.drop(RelationType.TABLE, temp, true),
                adapter.createTempTableAs(temp, newRows)));
        apply.addAll(adapter.applyIncremental(node.incrementalStrategy(), relation, node.name(), temp, columns,
                node.uniqueKey()));
        apply.add(adapter.drop(RelationType.TABLE, temp, false));
        apply.addAll(writeMarks);
        Commit.ApplyMark mark = ApplyMarks.mark(context);
        apply.add(ApplyMarks.insert(context, mark, node.id()));
        steps.addAll(ApplyMarks.createTable(context));
        steps.add(new Step.Guard("the new rows have the table's columns" + (node.uniqueKey().isEmpty() ? ""
                : " and unique_key " + String.join(", ", node.uniqueKey())) + " (else: --full-refresh)",
                session -> checkColumns(session, context, model, newRows, relation)));
        steps.add(new Step.Transaction("compute the new rows and apply them (" + node.incrementalStrategy() + ")"
                + (writeMarks.isEmpty() ? "" : " and record the marks"), apply, Commit.PLAIN.withMark(mark)));
        return NodePlan.of(model, name(), steps, RelationType.TABLE, NodePlan.Observer.countRows(model.relation()));
    }

    private static void checkColumns(dev.starling.adapter.Session session, PlanContext context, CompiledNode model,
                                     String newRows, String relation) throws SQLException {
        Node node = model.node();
        Map<String, String> table = session.columns(relation);
        // a line comment at the end of the SQL must not swallow the closing parenthesis
        Map<String, String> fresh = session.columns("(\n" + newRows + "\n) as "
                + context.adapter().quote("starling_columns"));
        if (!sameColumns(table, fresh)) {
            throw new StarlingException(StarlingException.Code.PROJECT, node.path() + ": the columns of "
                    + node.name() + " changed: the table has " + describe(table) + ", the model now selects "
                    + describe(fresh) + ". The table is as it was. Rebuild it with --full-refresh"
                    + " (e.g. starling run --full-refresh --select " + node.name() + ").");
        }
        for (String key : node.uniqueKey()) {
            if (!fresh.containsKey(key)) {
                throw StarlingException.at(node.propertiesFile() != null ? node.propertiesFile() : node.path(),
                        node.configLine("unique_key"), "unique_key column '"
                        + key + "' of " + node.name() + " is not among its columns (" + String.join(", ",
                        fresh.keySet()) + "). Fix unique_key in the model's YAML.");
            }
        }
    }

    /**
     * The same names in the same order, and the same types; a query's metadata may say {@code unknown} for a
     * string literal's type (Redshift does) where the table has a character type, which counts as the same.
     */
    static boolean sameColumns(Map<String, String> table, Map<String, String> query) {
        if (!List.copyOf(table.keySet()).equals(List.copyOf(query.keySet()))) {
            return false;
        }
        for (Map.Entry<String, String> column : table.entrySet()) {
            String type = query.get(column.getKey());
            if (!type.equals(column.getValue()) && !type.equals("unknown")) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Map<String, String> columns) {
        List<String> out = new ArrayList<>();
        columns.forEach((name, type) -> out.add(name + " " + type));
        return "(" + String.join(", ", out) + ")";
    }
}
