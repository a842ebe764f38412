package dev.starling.plan;

import dev.starling.adapter.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command would send, node by node in execution order: {@code starling run|build --dry-run}.
 *
 * @param connection how the plan knows the target: "inspected read-only", or why it planned a first build
 * @param connected  whether the target was inspected (else every relation was taken as missing)
 * @param nodes      each node's plan, or the reason it could not be planned, in the order the run takes them
 */
public record BuildPlan(String connection, boolean connected, List<Planned> nodes) {

    /** One node: its plan, or (when planning it failed, as the run would) the message. */
    public record Planned(String id, String name, String action, NodePlan plan, String failure) {
    }

    /** The plan as text: a comment line per node and per step, then the step's statements, each ending in ';'. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(connected ? "-- " + connection + ": this is what the run would send now."
                : "-- No connection (" + connection + "): planned as a first build.");
        out.add("-- Nothing was sent that changes data.");
        int index = 0;
        for (Planned node : nodes) {
            index++;
            out.add("");
            out.add("-- " + index + " of " + nodes.size() + "  " + node.action() + "  " + node.name());
            if (node.failure() != null) {
                node.failure().lines().forEach(line -> out.add("--   would fail: " + line));
                continue;
            }
            out.addAll(steps(node.plan()));
        }
        return out;
    }

    /** One node's steps as text (also the Redshift golden plans' format). */
    public static List<String> steps(NodePlan plan) {
        List<String> out = new ArrayList<>();
        for (Step step : plan.steps()) {
            if (!out.isEmpty() && !step.shown().isEmpty()) {
                out.add("");
            }
            out.add(kind(step) + step.label());
            for (String sql : step.shown()) {
                out.add(sql + ";");
            }
            if (step instanceof Step.Transaction transaction) {
                if (transaction.commit().beforeCommit() != null) {
                    out.add("-- run-time check before the commit: " + transaction.commit().checkLabel());
                }
                if (transaction.commit().mark() != null) {
                    out.add("-- (a retry after a lost connection first looks for apply mark "
                            + transaction.commit().mark().id() + ")");
                }
                out.add("-- commit");
            }
        }
        for (Step step : plan.cleanup()) {
            out.add("-- afterwards, whatever happened: " + step.label());
            step.shown().forEach(sql -> out.add(sql + ";"));
        }
        return out;
    }

    private static String kind(Step step) {
        if (step instanceof Step.Transaction) {
            return "-- transaction: ";
        }
        if (step instanceof Step.Guard) {
            return "-- run-time check: ";
        }
        if (step instanceof Step.Note) {
            return "-- note: ";
        }
        return "-- ";
    }
}
