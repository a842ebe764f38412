package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.plan.NodePlan;
import dev.starling.project.NodeKind;
import dev.starling.project.ProjectLoader;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The materializations by name: the built-in ones, those found with {@link ServiceLoader}
 * ({@code META-INF/services/dev.starling.execute.Materialization}), and those {@link #register registered} by code.
 * A model's {@code materialized:} picks one; a source is built by {@code load}.
 */
public final class Materializations {

    /** The name of the materialization that builds sources. */
    public static final String LOAD = "load";

    private static final Map<String, Materialization> BY_NAME = new ConcurrentHashMap<>();

    static {
        for (Materialization m : List.of(new TableMaterialization(), new ViewMaterialization(),
                new IncrementalMaterialization(), new SourceLoadMaterialization(), new SeedMaterialization(),
                new SnapshotMaterialization())) {
            BY_NAME.put(m.name(), m);
        }
        for (Materialization m : ServiceLoader.load(Materialization.class)) {
            if (BY_NAME.putIfAbsent(m.name(), m) == null) {
                ProjectLoader.allowMaterialization(m.name());
            }
        }
    }

    private Materializations() {
    }

    /** Adds a materialization (a built-in name cannot be replaced). */
    public static void register(Materialization materialization) {
        Materialization before = BY_NAME.putIfAbsent(materialization.name(), materialization);
        if (before != null && before != materialization) {
            throw new IllegalArgumentException("a materialization named '" + materialization.name() + "' exists");
        }
        ProjectLoader.allowMaterialization(materialization.name());
    }

    /** Makes sure the materializations found with {@link ServiceLoader} are known before a project loads. */
    public static void load() {
        // the class's initialisation does it
    }

    /** The names a model may use, sorted, for messages. */
    public static List<String> modelNames() {
        return new TreeMap<>(BY_NAME).keySet().stream().filter(n -> !n.equals(LOAD) && !n.equals(SeedMaterialization.NAME)
                && !n.equals(SnapshotMaterialization.NAME)).toList();
    }

    /** The materialization of a source or model. */
    public static Materialization of(CompiledNode node) {
        String name = switch (node.node().kind()) {
            case SOURCE -> LOAD;
            case SEED -> SeedMaterialization.NAME;
            case SNAPSHOT -> SnapshotMaterialization.NAME;
            default -> node.node().materialized();
        };
        Materialization m = BY_NAME.get(name);
        if (m == null) {
            throw StarlingException.at(node.node().path(), node.node().line(), "model " + node.node().name()
                    + " has materialized '" + name + "'; known: " + String.join(", ", modelNames()));
        }
        return m;
    }

    /** The word shown in run output for a node: load, table, view, incremental, test. */
    public static String action(CompiledNode node) {
        return switch (node.node().kind()) {
            case SOURCE -> LOAD;
            case SEED -> SeedMaterialization.NAME;
            case MODEL -> node.node().materialized();
            case SNAPSHOT -> SnapshotMaterialization.NAME;
            default -> node.node().kind().label;
        };
    }

    /** What compile writes for a seed: the statements a first load sends. */
    public static String compiledSeed(Adapter adapter, String schema, CompiledNode node) {
        return SeedMaterialization.compiled(adapter, schema, node);
    }

    /** Plans one source or model on {@code session}, given what its name holds now (tests and tools). */
    public static NodePlan plan(Adapter adapter, String schema, Session session, CompiledNode node,
                                RelationType existing, boolean fullRefresh) throws SQLException {
        Map<String, RelationType> known = new java.util.HashMap<>(session.relations(schema));
        known.put(node.node().name(), existing);
        PlanContext context = PlanContext.forRun(adapter, schema, session, known, fullRefresh);
        return of(node).plan(context, node);
    }
}
