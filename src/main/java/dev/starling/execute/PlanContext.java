package dev.starling.execute;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a node is planned from: the adapter (how the engine spells things), the target's schema, what is known of
 * the relations there now, and a session to read from (the run's own, or for a dry run one that only reads, or
 * none when the target cannot be reached: a first build is then planned).
 *
 * @param session     reads what exists (columns, load state); null for a dry run without a connection
 * @param existing    what each name in the schema holds now (a missing name: nothing)
 * @param fullRefresh rebuild incremental models and reload incremental sources from all their files
 * @param dryRun      planning only: nothing is prepared (no S3 object is fetched) and nothing will run
 * @param notes       a line about a node as it is planned (what a source's S3 sync fetched)
 * @param batches     the run's batches: new batch ids, marks, which sources this run reloads
 */
public record PlanContext(Adapter adapter, String schema, Session session, Map<String, RelationType> existing,
                          boolean fullRefresh, boolean dryRun, Consumer<String> notes, Batches batches) {

    /** Checks, and tests that plan one node: no graph, so no marks and no cascades. */
    public PlanContext(Adapter adapter, String schema, Session session, Map<String, RelationType> existing,
                       boolean fullRefresh, boolean dryRun, Consumer<String> notes) {
        this(adapter, schema, session, existing, fullRefresh, dryRun, notes, Batches.NONE);
    }

    /** For a run, or a test that plans one node: its session, and the schema as it is. */
    public static PlanContext forRun(Adapter adapter, String schema, Session session, Map<String, RelationType> existing,
                                     boolean fullRefresh) {
        return new PlanContext(adapter, schema, session, existing, fullRefresh, false, line -> { });
    }

    /** What {@code name} holds now. */
    public RelationType existing(String name) {
        return existing.getOrDefault(name, RelationType.NONE);
    }

    /** The quoted relation {@code schema.name}. */
    public String relation(String name) {
        return adapter.relation(schema, name);
    }

    /** Whether the plan may read the target (a run; a dry run with a connection). */
    public boolean connected() {
        return session != null;
    }

    /**
     * The same context for a node built in another schema (a custom schema): {@link #relation} and
     * {@link #existing} then name that schema's relations, kept in the same map under {@code schema.name}.
     */
    public PlanContext inSchema(String other) {
        return other.equals(schema) ? this
                : new PlanContext(adapter, other, session, new SchemaView(existing, other), fullRefresh, dryRun, notes,
                        batches);
    }

    /**
     * This context for the target's own schema {@code home}, where Starling keeps its own tables, from the context of
     * a node in a custom schema (see {@link #inSchema}).
     */
    public PlanContext home(String home) {
        if (schema.equals(home)) {
            return this;
        }
        Map<String, RelationType> all = existing instanceof SchemaView view ? view.all : existing;
        return new PlanContext(adapter, home, session, all, fullRefresh, dryRun, notes, batches);
    }

    /** The key of {@code name} in {@code schema} in a map of the home schema's relations (see {@link #inSchema}). */
    public static String key(String home, String schema, String name) {
        return schema == null || schema.equals(home) ? name : schema + "." + name;
    }

    /** The relations of one other schema, as stored under {@code schema.name} in the home schema's map. */
    private static final class SchemaView extends java.util.AbstractMap<String, RelationType> {
        private final Map<String, RelationType> all;
        private final String prefix;

        SchemaView(Map<String, RelationType> all, String schema) {
            this.all = all;
            this.prefix = schema + ".";
        }

        @Override
        public RelationType get(Object name) {
            return all.get(prefix + name);
        }

        @Override
        public boolean containsKey(Object name) {
            return all.containsKey(prefix + name);
        }

        @Override
        public RelationType put(String name, RelationType type) {
            return all.put(prefix + name, type);
        }

        @Override
        public java.util.Set<Entry<String, RelationType>> entrySet() {
            java.util.Set<Entry<String, RelationType>> out = new java.util.LinkedHashSet<>();
            all.forEach((key, type) -> {
                if (key.startsWith(prefix)) {
                    out.add(new java.util.AbstractMap.SimpleEntry<>(key.substring(prefix.length()), type));
                }
            });
            return out;
        }
    }

    public PlanContext withNotes(Consumer<String> sink) {
        return new PlanContext(adapter, schema, session, existing, fullRefresh, dryRun, sink, batches);
    }
}
