package dev.starling.execute;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code materialized: table}: built under a temporary name and swapped in, in one transaction: drop any leftover
 * temporary, create and fill it, drop the old relation, rename. A failure or a killed process leaves the previous
 * table exactly as it was.
 */
final class TableMaterialization implements Materialization {

    @Override
    public String name() {
        return "table";
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) {
        return NodePlan.of(node, name(), List.of(swapIn(context, node, node.sql())), RelationType.TABLE,
                NodePlan.Observer.countRows(node.relation()));
    }

    /** The one transaction that builds {@code select} under a temporary name and swaps it in. */
    static Step swapIn(PlanContext context, CompiledNode node, String select) {
        return swapIn(context, node, select, List.of());
    }

    /** {@link #swapIn(PlanContext, CompiledNode, String)}, with {@code also} sent in the same transaction. */
    static Step swapIn(PlanContext context, CompiledNode node, String select, List<String> also) {
        Adapter adapter = context.adapter();
        String name = node.node().name();
        String tempName = name + TEMP_SUFFIX;
        String temp = context.relation(tempName);
        List<String> statements = new ArrayList<>();
        statements.add(adapter.drop(RelationType.TABLE, temp, true));
        statements.add(adapter.createTableAs(temp, node));
        statements.addAll(swap(context, name, tempName));
        statements.addAll(also);
        return new Step.Transaction("build under a temporary name and swap it in"
                + (also.isEmpty() ? "" : ", and record its marks"), statements);
    }

    /** Replaces what {@code name} holds (if anything) with the table {@code tempName}. */
    static List<String> swap(PlanContext context, String name, String tempName) {
        List<String> statements = new ArrayList<>();
        RelationType existing = context.existing(name);
        if (existing != RelationType.NONE) {
            statements.add(context.adapter().drop(existing, context.relation(name), false));
        }
        statements.add(context.adapter().rename(RelationType.TABLE, context.schema(), tempName, name));
        return statements;
    }
}
