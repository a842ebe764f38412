package dev.starling.execute;

import dev.starling.adapter.Session;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import java.sql.SQLException;

/**
 * Sends a node's plan through a session: each step in order (a transaction's statements as one transaction, an
 * action's or a guard's work), reads what it did, then runs the cleanup steps whatever happened. The first step that fails stops the
 * node; nothing after it is sent.
 */
public final class PlanExecutor {

    private PlanExecutor() {
    }

    /**
     * Runs the plan's steps, reads what they did (before any cleanup, which may drop what the reading needs),
     * then runs the cleanup; rethrows the first failure.
     */
    public static NodePlan.Outcome run(NodePlan plan, Session session) throws SQLException {
        try {
            for (Step step : plan.steps()) {
                run(step, session);
            }
            return plan.observer().succeeded(session);
        } finally {
            for (Step step : plan.cleanup()) {
                try {
                    run(step, session);
                } catch (SQLException | RuntimeException ignored) {
                    // a temporary table goes with the session anyway
                }
            }
        }
    }

    private static void run(Step step, Session session) throws SQLException {
        if (step instanceof Step.Transaction transaction) {
            session.transaction(transaction.statements(), transaction.commit());
        } else if (step instanceof Step.Action action) {
            action.work().run(session);
        } else if (step instanceof Step.Guard guard) {
            guard.check().run(session);
        }
        // a note sends nothing
    }
}
