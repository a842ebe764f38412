package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.project.Node;
import dev.starling.project.SnapshotSpec;
import dev.starling.render.CompiledNode;
import dev.starling.render.Renderer;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot (SCD type 2): the history of a query's rows by {@code unique_key}. The first run builds the table
 * from the query, every row current ({@code valid_to} NULL), and swaps it in. Later runs, in one transaction:
 * the rows that are new or changed (strategy {@code check}: a {@code check_cols} value differs, NULL-safely;
 * {@code timestamp}: {@code updated_at} is later) close the key's current row and open a new one; rows gone from
 * the query are kept ({@code hard_deletes: ignore}), closed ({@code invalidate}) or closed with a new row marked
 * {@code is_deleted} ({@code new_record}). A snapshot is history: {@code --full-refresh} never rebuilds it. The
 * snapshot time is the run's ({@link Renderer#SNAPSHOT_TIME_ENV} fixes it).
 */
final class SnapshotMaterialization implements Materialization {

    static final String NAME = "snapshot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode compiled) throws SQLException {
        Node node = compiled.node();
        SnapshotSpec spec = SnapshotSpec.of(node);
        Instant now = Instant.parse(String.valueOf(compiled.options().get(Renderer.SNAPSHOT_TIME)));
        Sql sql = new Sql(context.adapter(), spec, context.adapter().timestampLiteral(now), node.name());
        String relation = context.relation(node.name());
        if (context.existing(node.name()) != RelationType.TABLE || !context.connected()) {
            CompiledNode first = new CompiledNode(node, sql.firstBuild(compiled.sql()), compiled.relation(),
                    compiled.dependsOn(), null, compiled.options(), null, compiled.schema());
            return NodePlan.of(compiled, NAME, List.of(TableMaterialization.swapIn(context, first, first.sql())),
                    RelationType.TABLE, NodePlan.Observer.countRows(compiled.relation()));
        }
        Map<String, String> table = context.session().columns(relation);
        List<String> columns = table.keySet().stream().filter(c -> !sql.isMeta(c)).toList();
        Step guard = new Step.Guard("the table has the snapshot's meta columns, unique_key and check_cols",
                session -> checkColumns(node, spec, sql, table.keySet()));
        return NodePlan.of(compiled, NAME, List.of(guard, new Step.Transaction("close the changed rows and open their"
                        + " new versions (" + spec.strategy() + ", hard_deletes " + spec.hardDeletes() + ")",
                        sql.update(relation, compiled.sql(), columns))), RelationType.TABLE,
                NodePlan.Observer.countRows(compiled.relation()));
    }

    private static void checkColumns(Node node, SnapshotSpec spec, Sql sql, java.util.Set<String> table) {
        java.util.Set<String> lower = new java.util.HashSet<>();
        table.forEach(c -> lower.add(c.toLowerCase(Locale.ROOT)));
        List<String> needed = new ArrayList<>(sql.metaColumns());
        needed.addAll(spec.uniqueKey());
        needed.addAll(spec.checkCols());
        for (String column : needed) {
            if (!lower.contains(column.toLowerCase(Locale.ROOT))) {
                throw StarlingException.at(node.path(), 0, "the snapshot table " + node.name() + " has no column "
                        + column + " (it has " + String.join(", ", table) + "). A snapshot is history and is never"
                        + " rebuilt: fix the config, or rename the table and let the next run start a new history.");
            }
        }
    }

    /** The statements of one snapshot, spelled with the adapter's quoting and NULL-safe comparison. */
    static final class Sql {
        private final Adapter adapter;
        private final SnapshotSpec spec;
        private final String now;
        private final String name;

        Sql(Adapter adapter, SnapshotSpec spec, String now, String name) {
            this.adapter = adapter;
            this.spec = spec;
            this.now = now;
            this.name = name;
        }

        private String q(String identifier) {
            return adapter.quote(identifier);
        }

        private String meta(String role) {
            return q(spec.column(role));
        }

        boolean newRecord() {
            return spec.hardDeletes().equals("new_record");
        }

        List<String> metaColumns() {
            List<String> out = new ArrayList<>(List.of(spec.column("scd_id"), spec.column("updated_at"),
                    spec.column("valid_from"), spec.column("valid_to")));
            if (newRecord()) {
                out.add(spec.column("is_deleted"));
            }
            return out;
        }

        boolean isMeta(String column) {
            return metaColumns().stream().anyMatch(m -> m.equalsIgnoreCase(column));
        }

        /** When the row of {@code alias} changed: the snapshot time (check), or its updated_at (timestamp). */
        private String updatedAt(String alias) {
            return spec.strategy().equals("timestamp")
                    ? "cast(" + alias + "." + q(spec.updatedAt()) + " as timestamp)" : now;
        }

        private String scdId(String alias, String updatedAt) {
            List<String> parts = new ArrayList<>();
            for (String key : spec.uniqueKey()) {
                parts.add("coalesce(cast(" + alias + "." + q(key) + " as varchar), '')");
            }
            parts.add("coalesce(cast(" + updatedAt + " as varchar), '')");
            return "md5(" + String.join(" || '|' || ", parts) + ")";
        }

        /** The meta columns' values for new current rows of {@code alias}. */
        private String metaValues(String alias, boolean deleted) {
            String updatedAt = deleted ? now : updatedAt(alias);
            return scdId(alias, updatedAt) + " as " + meta("scd_id") + ", " + updatedAt + " as " + meta("updated_at")
                    + ", " + updatedAt + " as " + meta("valid_from") + ", cast(null as timestamp) as " + meta("valid_to")
                    + (newRecord() ? ", " + deleted + " as " + meta("is_deleted") : "");
        }

        /** The first build: every row of the query, current. */
        String firstBuild(String select) {
            return "select " + q("starling_source") + ".*, " + metaValues(q("starling_source"), false)
                    + "\nfrom (\n" + select + "\n) as " + q("starling_source");
        }

        private String keysMatch(String left, String right) {
            return String.join(" and ", spec.uniqueKey().stream().map(k -> left + "." + q(k) + " = " + right + "."
                    + q(k)).toList());
        }

        /** True when the snapshot row {@code t} still holds the values of the query's row {@code s}. */
        private String unchanged(String t, String s, List<String> columns) {
            if (spec.strategy().equals("timestamp")) {
                return "not coalesce(" + updatedAt(s) + " > " + t + "." + meta("updated_at") + ", false)";
            }
            List<String> compared = spec.checkCols().isEmpty() ? columns : spec.checkCols();
            return String.join(" and ", compared.stream()
                    .map(c -> adapter.nullSafeEquals(t + "." + q(c), s + "." + q(c))).toList());
        }

        /** One transaction: stage the query, close what changed or went, open the new versions. */
        List<String> update(String target, String select, List<String> columns) {
            String source = adapter.tempRelation(name + "__starling_source");
            String changed = adapter.tempRelation(name + "__starling_changed");
            String gone = adapter.tempRelation(name + "__starling_gone");
            String self = q(name);
            String current = self + "." + meta("valid_to") + " is null";
            String columnList = String.join(", ", columns.stream().map(this::q).toList());
            String metaList = String.join(", ", metaColumns().stream().map(this::q).toList());
            String n = q("starling_new");
            List<String> out = new ArrayList<>();
            out.add(adapter.drop(RelationType.TABLE, source, true));
            out.add(adapter.drop(RelationType.TABLE, changed, true));
            out.add(adapter.createTempTableAs(source, select));
            // rows with no current version that still holds their values: new keys, changed rows, returning keys
            out.add(adapter.createTempTableAs(changed, "select " + q("s") + ".* from " + source + " as " + q("s")
                    + "\nwhere not exists (select 1 from " + target + " as " + q("t") + " where " + q("t") + "."
                    + meta("valid_to") + " is null" + (newRecord() ? " and not " + q("t") + "." + meta("is_deleted") : "")
                    + " and " + keysMatch(q("t"), q("s")) + " and " + unchanged(q("t"), q("s"), columns) + ")"));
            if (spec.hardDeletes().equals("invalidate")) {
                out.add("update " + target + " set " + meta("valid_to") + " = " + now + "\nwhere " + current
                        + " and not exists (select 1 from " + source + " as " + q("s") + " where "
                        + keysMatch(self, q("s")) + ")");
            } else if (newRecord()) {
                out.add(adapter.drop(RelationType.TABLE, gone, true));
                out.add(adapter.createTempTableAs(gone, "select * from " + target + "\nwhere " + current + " and not "
                        + self + "." + meta("is_deleted") + " and not exists (select 1 from " + source + " as "
                        + q("s") + " where " + keysMatch(self, q("s")) + ")"));
                out.add("update " + target + " set " + meta("valid_to") + " = " + now + "\nfrom " + gone + " as "
                        + n + "\nwhere " + keysMatch(self, n) + " and " + current);
                out.add("insert into " + target + " (" + columnList + ", " + metaList + ")\nselect " + prefixed(n, columns)
                        + ", " + metaValues(n, true) + "\nfrom " + gone + " as " + n);
            }
            // a deleted key's marker row is closed at the snapshot time, whatever the returning row's updated_at
            String closedAt = newRecord() && spec.strategy().equals("timestamp") ? "case when " + self + "."
                    + meta("is_deleted") + " then " + now + " else " + updatedAt(n) + " end" : updatedAt(n);
            out.add("update " + target + " set " + meta("valid_to") + " = " + closedAt + "\nfrom " + changed
                    + " as " + n + "\nwhere " + keysMatch(self, n) + " and " + current);
            out.add("insert into " + target + " (" + columnList + ", " + metaList + ")\nselect " + prefixed(n, columns)
                    + ", " + metaValues(n, false) + "\nfrom " + changed + " as " + n);
            out.add(adapter.drop(RelationType.TABLE, changed, false));
            out.add(adapter.drop(RelationType.TABLE, source, false));
            if (newRecord()) {
                out.add(adapter.drop(RelationType.TABLE, gone, false));
            }
            return out;
        }

        private String prefixed(String alias, List<String> columns) {
            return String.join(", ", columns.stream().map(c -> alias + "." + q(c)).toList());
        }
    }
}
