package dev.starling.render;

import dev.starling.project.Node;
import java.util.Map;
import java.util.Set;

/**
 * A node after rendering: its SQL (the SELECT of a model, the failing-rows query of a test, the query of an
 * analysis), the relation it builds, and the ids of the nodes it reads, taken from its own {@code ref} and
 * {@code source} calls.
 *
 * @param sql       rendered SQL without a trailing semicolon; null for sources (the adapter writes their load)
 * @param relation  the quoted relation a model or source builds (null for tests and analyses)
 * @param dependsOn ids of the nodes read, in the order first referenced
 * @param location  sources only: the rendered location of the files for this target
 * @param options   sources only: the source's other settings, rendered
 * @param incrementalSql incremental models only: the SQL rendered with {@code is_incremental()} true, which
 *                  selects the new rows for a table that exists ({@code sql} builds it from scratch)
 * @param schema    the schema {@code relation} is in (a custom schema, or the target's); null: the target's
 */
public record CompiledNode(Node node, String sql, String relation, Set<String> dependsOn, String location,
                           Map<String, Object> options, String incrementalSql, String schema) {

    public CompiledNode(Node node, String sql, String relation, Set<String> dependsOn, String location,
                        Map<String, Object> options) {
        this(node, sql, relation, dependsOn, location, options, null, null);
    }

    public CompiledNode(Node node, String sql, String relation, Set<String> dependsOn, String location,
                        Map<String, Object> options, String incrementalSql) {
        this(node, sql, relation, dependsOn, location, options, incrementalSql, null);
    }

    /** The schema the node builds in, or {@code fallback} (the target's) when it has no own. */
    public String schemaOr(String fallback) {
        return schema != null ? schema : fallback;
    }

    public String id() {
        return node.id();
    }
}
