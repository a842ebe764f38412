package dev.starling.plan;

import dev.starling.adapter.LoadReport;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.Step;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.List;

/**
 * What one node will send, in order: the plan of a model, a source load or a test, made by its materialization
 * (or, for a test, its executor) from the project, the target and what is known of the existing relations.
 *
 * @param node     the node
 * @param action   the word shown in run output: load, table, view, incremental, test
 * @param steps    the steps, run in order; the first that fails stops the node
 * @param cleanup  steps run after the others whether they succeeded or not (dropping temporary tables); a failure
 *                 there is ignored
 * @param builds   what the node's name holds once the plan ran: a table, a view, or nothing (tests)
 * @param observer reads what the plan did, once it ran (rows, a load's report); never writes
 */
public record NodePlan(CompiledNode node, String action, List<Step> steps, List<Step> cleanup, RelationType builds,
                       Observer observer) {

    public NodePlan {
        steps = List.copyOf(steps);
        cleanup = List.copyOf(cleanup);
    }

    /** A plan of statements only: a table, a view. */
    public static NodePlan of(CompiledNode node, String action, List<Step> steps, RelationType builds, Observer observer) {
        return new NodePlan(node, action, steps, List.of(), builds, observer);
    }

    /**
     * What a node's plan did, read after it ran.
     *
     * @param rows        rows in the relation built (-1 for a view, or when not counted), or a test's failing rows
     * @param load        what a source load did, or null
     * @param failingRows a test's first failing rows, or null
     * @param note        a line to show under the node's result (e.g. why nothing was applied), or null
     */
    public record Outcome(long rows, LoadReport load, QueryResult failingRows, String note) {
        public Outcome(long rows, LoadReport load, QueryResult failingRows) {
            this(rows, load, failingRows, null);
        }

        public Outcome(long rows, LoadReport load) {
            this(rows, load, null, null);
        }
    }

    /** Reads what the plan did: after it succeeded, and (for loads) what a failed one rejected. */
    public interface Observer {

        Outcome succeeded(Session session) throws SQLException;

        /** A failed load's rejected records, if the engine can tell; null when there is nothing to add. */
        default LoadReport failed(Session session) throws SQLException {
            return null;
        }

        /** Nothing to read: a view. */
        Observer NONE = session -> new Outcome(-1, null);

        /** The rows of the relation built. */
        static Observer countRows(String relation) {
            return session -> new Outcome(session.queryLong("select count(*) from " + relation), null);
        }
    }
}
