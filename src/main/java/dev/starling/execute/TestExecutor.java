package dev.starling.execute;

import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import java.util.List;

/** A data test: its query counts the failing rows; when there are any, the first few are shown. */
final class TestExecutor implements NodeExecutor {

    /** How many failing rows a test shows. */
    static final int FAILING_ROWS_SHOWN = 10;

    @Override
    public String action(CompiledNode node) {
        return "test";
    }

    @Override
    public void check(PlanContext context, CompiledNode node) {
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) {
        String count = "select count(*) from (\n" + node.sql() + "\n) as failures";
        long[] failures = new long[1];
        Step counting = new Step.Action("count the failing rows (the test passes when there are none)", List.of(count),
                session -> failures[0] = session.queryLong(count));
        return new NodePlan(node, "test", List.of(counting), List.of(), RelationType.NONE, session -> {
            QueryResult rows = failures[0] == 0 ? null
                    : session.query("select * from (\n" + node.sql() + "\n) as failures", FAILING_ROWS_SHOWN);
            return new NodePlan.Outcome(failures[0], null, rows);
        });
    }

    @Override
    public NodeResult result(CompiledNode node, NodePlan plan, NodePlan.Outcome outcome, double seconds) {
        long failures = outcome.rows();
        if (failures == 0) {
            return new NodeResult(node.id(), NodeKind.TEST, node.node().name(), "test", NodeResult.Status.PASS, 0,
                    seconds, null, null);
        }
        boolean warn = Node.SEVERITY_WARN.equals(node.node().severity());
        String message = failures + " failing row" + (failures == 1 ? "" : "s") + " (" + node.node().path()
                + (node.node().test() != null ? ":" + node.node().line() : "") + ")";
        return new NodeResult(node.id(), NodeKind.TEST, node.node().name(), "test",
                warn ? NodeResult.Status.WARN : NodeResult.Status.FAIL, failures, seconds, message, outcome.failingRows());
    }
}
