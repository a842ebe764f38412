package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
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
public final class Incremental {

    private Incremental() {
    }

    /** True when this build applies new rows to the existing table rather than rebuilding it. */
    static boolean appliesTo(RelationType existing, boolean fullRefresh) {
        return existing == RelationType.TABLE && !fullRefresh;
    }

    public static void run(Adapter adapter, Session session, String schema, CompiledNode model, RelationType existing,
                    boolean fullRefresh) throws SQLException {
        if (!appliesTo(existing, fullRefresh)) {
            session.transaction(Materialization.plan(adapter, schema, model, existing));
            return;
        }
        Node node = model.node();
        String relation = adapter.relation(schema, node.name());
        String temp = adapter.tempRelation(node.name() + "__starling_new");
        Map<String, String> table = session.columns(relation);
        // a line comment at the end of the SQL must not swallow the closing parenthesis
        Map<String, String> fresh = session.columns("(\n" + model.incrementalSql() + "\n) as "
                + adapter.quote("starling_columns"));
        if (!sameColumns(table, fresh)) {
            throw new StarlingException(StarlingException.Code.PROJECT, node.path() + ": the columns of "
                    + node.name() + " changed: the table has " + describe(table) + ", the model now selects "
                    + describe(fresh) + ". The table is as it was. Rebuild it with --full-refresh"
                    + " (e.g. starling run --full-refresh --select " + node.name() + ").");
        }
        List<String> keys = node.uniqueKey();
        for (String key : keys) {
            if (!fresh.containsKey(key)) {
                throw StarlingException.at(node.propertiesFile() != null ? node.propertiesFile() : node.path(),
                        node.configLine("unique_key"), "unique_key column '"
                        + key + "' of " + node.name() + " is not among its columns (" + String.join(", ",
                        fresh.keySet()) + "). Fix unique_key in the model's YAML.");
            }
        }
        List<String> apply = new ArrayList<>(List.of(adapter.drop(RelationType.TABLE, temp, true),
                adapter.createTempTableAs(temp, model.incrementalSql())));
        apply.addAll(adapter.applyIncremental(node.incrementalStrategy(), relation, node.name(), temp,
                new ArrayList<>(fresh.keySet()), keys));
        apply.add(adapter.drop(RelationType.TABLE, temp, false));
        session.transaction(apply);
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
