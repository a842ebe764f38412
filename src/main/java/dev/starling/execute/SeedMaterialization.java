package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Commit;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.SeedFile;
import dev.starling.adapter.SeedLoad;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.render.CompiledNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A seed ({@code seeds/<name>.csv}): the engine loads the CSV into a new table under a temporary name, which is
 * swapped in in the same transaction, like a {@code table} model: a load that fails (a malformed CSV, a value that
 * does not fit its column type) leaves the previous table as it was, and re-seeding with other columns simply
 * replaces it. How the CSV is read is the adapter's ({@link dev.starling.adapter.Adapter#loadSeed}).
 */
final class SeedMaterialization implements Materialization {

    static final String NAME = "seed";

    @Override
    public String name() {
        return NAME;
    }

    /** The seed's file as the adapter reads it. */
    static SeedFile seedFile(CompiledNode node) {
        return new SeedFile(node.node().name(), Path.of(node.location()), node.node().path(), node.node().delimiter(),
                node.node().columnTypes());
    }

    /** {@code column_types} must name columns of the file (a typo would otherwise be ignored or fail late). */
    @Override
    public void check(PlanContext context, CompiledNode node) {
        SeedFile seed = seedFile(node);
        if (seed.columnTypes().isEmpty()) {
            return;
        }
        List<String> header = seed.header();
        for (String column : seed.columnTypes().keySet()) {
            if (!header.contains(column)) {
                Path yaml = node.node().propertiesFile() != null ? node.node().propertiesFile() : node.node().path();
                throw StarlingException.at(yaml, node.node().configLine("column_types"), "column_types of seed '"
                        + seed.name() + "' names '" + column + "', which is not a column of " + seed.shown()
                        + " (its header has " + String.join(", ", header) + "). Use a column of the header."
                        + dev.starling.project.Suggest.didYouMean(column, header));
            }
        }
    }

    @Override
    public NodePlan plan(PlanContext context, CompiledNode node) {
        SeedFile seed = seedFile(node);
        String name = node.node().name();
        String tempName = name + TEMP_SUFFIX;
        String temp = context.relation(tempName);
        SeedLoad load = context.adapter().loadSeed(temp, seed);
        List<String> statements = new ArrayList<>();
        statements.add(context.adapter().drop(RelationType.TABLE, temp, true));
        statements.addAll(load.statements());
        statements.addAll(TableMaterialization.swap(context, name, tempName));
        List<Step> steps = new ArrayList<>(load.prepare());
        steps.add(new Step.Action("load " + seed.shown().toString().replace('\\', '/')
                + " under a temporary name and swap it in", statements, session -> {
                    try {
                        session.transaction(statements, Commit.PLAIN);
                    } catch (SQLException e) {
                        StarlingException malformed = seed.firstProblem(); // name the record's line, if that is it
                        if (malformed != null) {
                            throw malformed;
                        }
                        throw e;
                    }
                }));
        return NodePlan.of(node, NAME, steps, RelationType.TABLE, NodePlan.Observer.countRows(node.relation()));
    }

    /** What compile writes for a seed: the statements of its load, as a first build would send them. */
    static String compiled(dev.starling.adapter.Adapter adapter, String schema, CompiledNode node) {
        PlanContext context = new PlanContext(adapter, schema, null, java.util.Map.of(), false, true, line -> { });
        List<String> out = new ArrayList<>();
        try {
            for (Step step : new SeedMaterialization().plan(context, node).steps()) {
                out.add("-- " + step.label());
                step.shown().forEach(sql -> out.add(sql + ";"));
            }
        } catch (StarlingException unreadable) { // a malformed file fails the seed's load, with this message
            return "-- the seed cannot be loaded as it is:\n-- " + unreadable.getMessage().replace("\n", "\n-- ");
        }
        return String.join("\n", out);
    }
}
