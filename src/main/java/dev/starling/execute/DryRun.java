package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.graph.Dag;
import dev.starling.plan.BuildPlan;
import dev.starling.plan.NodePlan;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run|build --dry-run}: plans every selected node in execution order with the same materializations a run
 * uses, and sends nothing that changes data. With a connection (a session that only reads) it plans from what
 * exists: incremental statements, only an incremental source's new files. Without one (no database file yet,
 * settings or secrets missing, no answer) it plans a first build and says why. Nothing is fetched from S3, and
 * DuckDB's file is never created.
 */
public final class DryRun {

    private DryRun() {
    }

    public static BuildPlan plan(Adapter adapter, String schema, Runner.Mode mode, Dag dag, List<String> selected,
                                 boolean fullRefresh) {
        Session session = null;
        String connection;
        Map<String, RelationType> existing = new HashMap<>();
        try {
            session = adapter.inspect();
            existing.putAll(session.relations(schema));
            for (String other : selected.stream().map(id -> dag.node(id).schemaOr(schema)).distinct().toList()) {
                if (!other.equals(schema)) { // a custom schema's relations, under schema.name (PlanContext.inSchema)
                    session.relations(other).forEach((name, type) -> existing.put(other + "." + name, type));
                }
            }
            connection = "inspected " + adapter.describe() + " read-only";
        } catch (Adapter.NotConnected e) {
            connection = e.getMessage();
        } catch (SQLException e) {
            connection = "cannot read the schema " + schema + ": " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse("");
            session.close();
            session = null;
        }
        try {
            PlanContext context = new PlanContext(adapter, schema, session, existing, fullRefresh, true, line -> { },
                    new Batches(dag, schema));
            List<BuildPlan.Planned> nodes = new ArrayList<>();
            for (String id : selected) {
                CompiledNode node = dag.node(id);
                if (!mode.kinds.contains(node.node().kind())) {
                    continue;
                }
                NodeExecutor executor = Runner.executor(node);
                String name = node.node().displayName();
                try {
                    NodePlan plan = executor.plan(context, node);
                    nodes.add(new BuildPlan.Planned(id, name, plan.action(), plan, null));
                } catch (StarlingException | SQLException e) {
                    nodes.add(new BuildPlan.Planned(id, name, executor.action(node), null, e.getMessage()));
                }
            }
            return new BuildPlan(connection, session != null, nodes);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }
}
