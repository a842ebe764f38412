package dev.starling.execute;

import dev.starling.adapter.LoadReport;
import dev.starling.adapter.RelationType;
import dev.starling.plan.NodePlan;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;

/** Sources and models: planned by their {@link Materialization}, which the runner then sends. */
final class BuildExecutor implements NodeExecutor {

    @Override
    public String action(CompiledNode node) {
        return Materializations.action(node);
    }

    @Override
    public void check(PlanContext context, CompiledNode node) {
        Materializations.of(node).check(context, node);
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) throws SQLException {
        return Materializations.of(node).plan(context, node);
    }

    @Override
    public NodeResult result(CompiledNode node, NodePlan plan, NodePlan.Outcome outcome, double seconds) {
        LoadReport load = outcome.load();
        long rows = plan.builds() == RelationType.VIEW ? -1 : outcome.rows();
        String rejectLines = load == null || load.rejectLines().isEmpty() ? null : String.join("\n", load.rejectLines());
        return new NodeResult(node.id(), node.node().kind(), node.node().displayName(), action(node),
                NodeResult.Status.SUCCESS, rows, seconds, rejectLines, null, load);
    }
}
