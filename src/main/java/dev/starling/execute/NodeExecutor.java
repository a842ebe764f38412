package dev.starling.execute;

import dev.starling.plan.NodePlan;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;

/** How the runner executes one kind of node: sources and models through their materialization, tests by query. */
interface NodeExecutor {

    /** The word shown in run output: load, table, view, incremental, test. */
    String action(CompiledNode node);

    /** Checks, before anything runs, what the node needs of the target; throws a project error if something is wrong. */
    void check(PlanContext context, CompiledNode node);

    /** What the node will send now. */
    NodePlan plan(PlanContext context, CompiledNode node) throws SQLException;

    /** The node's result once its plan ran and was observed. */
    NodeResult result(CompiledNode node, NodePlan plan, NodePlan.Outcome outcome, double seconds);
}
