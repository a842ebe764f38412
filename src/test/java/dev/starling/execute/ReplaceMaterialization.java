package dev.starling.execute;

import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.render.CompiledNode;
import java.util.List;

/**
 * A toy materialization, all in this class: {@code materialized: replace} builds a table with one
 * {@code CREATE OR REPLACE TABLE} (DuckDB), no temporary name and no swap.
 */
final class ReplaceMaterialization implements Materialization {

    @Override
    public String name() {
        return "replace";
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) {
        String relation = context.relation(node.node().name());
        return NodePlan.of(node, name(), List.of(new Step.Transaction("replace the table in place",
                List.of("create or replace table " + relation + " as\n" + node.sql()))), RelationType.TABLE,
                NodePlan.Observer.countRows(relation));
    }
}
