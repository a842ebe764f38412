package dev.starling.execute;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code materialized: view}: {@code CREATE OR REPLACE VIEW}, in one transaction with dropping a table of the same
 * name, or the old view where the engine cannot replace a view whose columns changed.
 */
final class ViewMaterialization implements Materialization {

    @Override
    public String name() {
        return "view";
    }

    /** A view has no physical options to check. */
    @Override
    public void check(PlanContext context, CompiledNode node) {
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) {
        Adapter adapter = context.adapter();
        RelationType existing = context.existing(node.node().name());
        List<String> statements = new ArrayList<>();
        if (existing == RelationType.TABLE
                || (existing == RelationType.VIEW && !adapter.replacesViewsWithOtherColumns())) {
            statements.add(adapter.drop(existing, context.relation(node.node().name()), false));
        }
        statements.add(adapter.createView(context.relation(node.node().name()), node));
        return NodePlan.of(node, name(), List.of(new Step.Transaction("create the view", statements)),
                RelationType.VIEW, NodePlan.Observer.NONE);
    }

}
