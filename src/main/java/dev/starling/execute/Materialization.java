package dev.starling.execute;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What to build for a model or source, as one transaction of statements; the adapter spells each statement.
 *
 * <p>A table (and a staged source) is built under a temporary name and swapped in: drop any leftover temporary,
 * create and fill it, drop the old relation, rename. The engine runs all of it as one transaction, so a failure
 * or a killed process leaves the previous table exactly as it was.
 */
public final class Materialization {

    static final String TEMP_SUFFIX = "__starling_tmp";

    private Materialization() {
    }

    /** The action word shown in run output: load, table or view. */
    public static String action(CompiledNode node) {
        return switch (node.node().kind()) {
            case SOURCE -> "load";
            case MODEL -> node.node().materialized();
            default -> node.node().kind().label;
        };
    }

    /** The statements that build {@code node} in {@code schema}, given what its name holds now. */
    public static List<String> plan(Adapter adapter, String schema, CompiledNode node, RelationType existing) {
        String name = node.node().name();
        String relation = adapter.relation(schema, name);
        List<String> statements = new ArrayList<>();
        if (node.node().kind() == NodeKind.MODEL && node.node().materialized().equals("view")) {
            if (existing == RelationType.TABLE
                    || (existing == RelationType.VIEW && !adapter.replacesViewsWithOtherColumns())) {
                statements.add(adapter.drop(existing, relation, false));
            }
            statements.add(adapter.createView(relation, node));
            return statements;
        }
        String tempName = name + TEMP_SUFFIX;
        String temp = adapter.relation(schema, tempName);
        statements.add(adapter.drop(RelationType.TABLE, temp, true));
        if (node.node().kind() == NodeKind.SOURCE) {
            statements.addAll(adapter.stageSource(temp, node));
        } else {
            statements.add(adapter.createTableAs(temp, node));
        }
        if (existing != RelationType.NONE) {
            statements.add(adapter.drop(existing, relation, false));
        }
        statements.add(adapter.rename(RelationType.TABLE, schema, tempName, name));
        return statements;
    }
}
