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
 * table from scratch and swaps it in, like a table. Later builds compute the new rows (the SQL rendered with
 * {@code is_incremental()} true) into a temporary table, check that its columns are the table's, then apply them
 * in one transaction by the model's {@code incremental_strategy}; the adapter spells the statements.
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
        session.transaction(List.of(adapter.drop(RelationType.TABLE, temp, true),
                adapter.createTempTableAs(temp, model.incrementalSql())));
        try {
            Map<String, String> table = session.columns(relation);
            Map<String, String> fresh = session.columns(temp);
            if (!table.equals(fresh)) {
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
            session.transaction(adapter.applyIncremental(node.incrementalStrategy(), relation, node.name(), temp,
                    new ArrayList<>(fresh.keySet()), keys));
        } finally {
            try {
                session.transaction(List.of(adapter.drop(RelationType.TABLE, temp, true)));
            } catch (SQLException ignored) {
                // a temporary table goes with the session anyway
            }
        }
    }

    private static String describe(Map<String, String> columns) {
        List<String> out = new ArrayList<>();
        columns.forEach((name, type) -> out.add(name + " " + type));
        return "(" + String.join(", ", out) + ")";
    }
}
