package dev.starling.execute;

import dev.starling.render.CompiledNode;
import dev.starling.plan.NodePlan;
import java.sql.SQLException;

/**
 * How a node is built: {@code table}, {@code view}, {@code incremental} (named by a model's {@code materialized:}),
 * and {@code load} for sources. Each plans its own steps from a {@link PlanContext}; the adapter spells every
 * statement, and the runner sends the plan. Adding one is a class implementing this and its registration with
 * {@link Materializations#register}.
 */
public interface Materialization {

    /** The name in YAML ({@code materialized: table}) and the word in run output. */
    String name();

    /** Checks, before anything runs, what this node needs of the target (physical options, a source's location). */
    default void check(PlanContext context, CompiledNode node) {
        context.adapter().checkModel(node);
    }

    /** The steps that build {@code node} now, given what the context knows of the target. */
    NodePlan plan(PlanContext context, CompiledNode node) throws SQLException;


    /** The suffix of the temporary name a table is built under before the swap. */
    String TEMP_SUFFIX = "__starling_tmp";
}
