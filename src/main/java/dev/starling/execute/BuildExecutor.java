package dev.starling.execute;

import dev.starling.adapter.LoadReport;
import dev.starling.adapter.RelationType;
import dev.starling.plan.NodePlan;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import dev.starling.adapter.Step;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The materialization's plan; a node in a custom schema is planned in that schema, and first creates it when
     * it is missing.
     */
    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) throws SQLException {
        String schema = node.schemaOr(context.schema());
        if (schema.equals(context.schema())) {
            return Materializations.of(node).plan(context, node);
        }
        NodePlan plan = Materializations.of(node).plan(context.inSchema(schema), node);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.Transaction("create the schema " + schema + " when it is missing",
                List.of(context.adapter().createSchema(schema))));
        steps.addAll(plan.steps());
        return new NodePlan(plan.node(), plan.action(), steps, plan.cleanup(), plan.builds(), plan.observer());
    }

    @Override
    public NodeResult result(CompiledNode node, NodePlan plan, NodePlan.Outcome outcome, double seconds) {
        LoadReport load = outcome.load();
        long rows = plan.builds() == RelationType.VIEW ? -1 : outcome.rows();
        String rejectLines = load == null || load.rejectLines().isEmpty() ? null : String.join("\n", load.rejectLines());
        return new NodeResult(node.id(), node.node().kind(), node.node().displayName(), action(node),
                NodeResult.Status.SUCCESS, rows, seconds, rejectLines != null ? rejectLines : outcome.note(), null, load);
    }
}
