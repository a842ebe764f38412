package dev.starling.project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot's settled config (see {@link NodeConfigs}): what identifies a row ({@code unique_key}), how a change
 * is found ({@code strategy: timestamp} with {@code updated_at}, or {@code check} with {@code check_cols}: a list,
 * or {@code all}), what a row that disappeared does ({@code hard_deletes: ignore | invalidate | new_record}, as in
 * dbt 1.9), and the names of the meta columns ({@code snapshot_meta_column_names}).
 *
 * @param checkCols the compared columns; empty for {@code all} (every column the query selects)
 * @param columns   the meta columns' names by role: valid_from, valid_to, scd_id, updated_at, is_deleted
 */
public record SnapshotSpec(List<String> uniqueKey, String strategy, String updatedAt, List<String> checkCols,
                           String hardDeletes, Map<String, String> columns) {

    public static final List<String> STRATEGIES = List.of("timestamp", "check");
    public static final List<String> HARD_DELETES = List.of("ignore", "invalidate", "new_record");
    /** The meta columns' roles, which are also their default names. */
    public static final List<String> META = List.of("valid_from", "valid_to", "scd_id", "updated_at", "is_deleted");

    public String column(String role) {
        return columns.get(role);
    }

    /** The snapshot's config, checked; an error names the file and line that set the wrong value. */
    public static SnapshotSpec of(Node node) {
        Map<String, Object> config = node.config();
        List<String> key = node.uniqueKey();
        if (key.isEmpty()) {
            throw NodeConfigs.at(node, "unique_key", "snapshot " + node.name() + " needs a unique_key (the column(s)"
                    + " that identify a row), e.g. <@config unique_key=\"user_id\" strategy=\"check\" check_cols=[\"level\"]/>");
        }
        Object strategyValue = config.get("strategy");
        if (strategyValue == null) {
            throw NodeConfigs.at(node, "strategy", "snapshot " + node.name() + " needs a strategy: timestamp (with"
                    + " updated_at) or check (with check_cols)");
        }
        String strategy = strategyValue.toString();
        if (!STRATEGIES.contains(strategy)) {
            throw NodeConfigs.at(node, "strategy", "unknown snapshot strategy '" + strategy + "' of " + node.name()
                    + "; use timestamp or check." + Suggest.didYouMean(strategy, STRATEGIES));
        }
        String updatedAt = config.get("updated_at") == null ? null : config.get("updated_at").toString();
        if (strategy.equals("timestamp") && updatedAt == null) {
            throw NodeConfigs.at(node, "strategy", "snapshot " + node.name() + " has strategy timestamp and needs"
                    + " updated_at: the column that says when a row last changed");
        }
        List<String> checkCols = List.of();
        if (strategy.equals("check")) {
            Object cols = config.get("check_cols");
            if (cols == null) {
                throw NodeConfigs.at(node, "strategy", "snapshot " + node.name() + " has strategy check and needs"
                        + " check_cols: the columns compared (a list), or all");
            }
            if (!"all".equals(cols)) {
                checkCols = FolderConfig.asList(cols).stream().map(String::valueOf).toList();
                if (checkCols.isEmpty()) {
                    throw NodeConfigs.at(node, "check_cols", "check_cols of " + node.name() + " is empty; name the"
                            + " columns compared, or write all");
                }
            }
        }
        String hardDeletes = config.get("hard_deletes") == null ? "ignore" : config.get("hard_deletes").toString();
        if (!HARD_DELETES.contains(hardDeletes)) {
            throw NodeConfigs.at(node, "hard_deletes", "unknown hard_deletes '" + hardDeletes + "' of " + node.name()
                    + "; use ignore, invalidate or new_record." + Suggest.didYouMean(hardDeletes, HARD_DELETES));
        }
        Map<String, String> columns = new LinkedHashMap<>();
        META.forEach(role -> columns.put(role, role));
        Object names = config.get("snapshot_meta_column_names");
        if (names instanceof Map<?, ?> map) {
            map.forEach((role, name) -> {
                String bare = role.toString().startsWith("dbt_") ? role.toString().substring(4) : role.toString();
                if (!META.contains(bare) || name == null || !name.toString().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw NodeConfigs.at(node, "snapshot_meta_column_names", "snapshot_meta_column_names of "
                            + node.name() + ": '" + role + ": " + name + "' must rename one of " + String.join(", ", META)
                            + " (or dbt_valid_from, ...) to a plain column name");
                }
                columns.put(bare, name.toString());
            });
        } else if (names != null) {
            throw NodeConfigs.at(node, "snapshot_meta_column_names", "snapshot_meta_column_names is a mapping,"
                    + " e.g. {dbt_valid_from: dbt_valid_from, dbt_valid_to: dbt_valid_to}");
        }
        if (columns.values().stream().distinct().count() < columns.size()) {
            throw NodeConfigs.at(node, "snapshot_meta_column_names", "two meta columns of " + node.name()
                    + " have the same name: " + columns);
        }
        return new SnapshotSpec(key, strategy, updatedAt, checkCols, hardDeletes, Map.copyOf(columns));
    }
}
