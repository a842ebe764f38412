package dev.starling.project;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settles each model's and snapshot's config from its three places, in dbt's order of precedence: the folder's
 * {@code +keys} in project.yml, overridden by {@code config:} in the properties YAML, overridden by the file's own
 * {@code <@config .../>}. Tags add up from all three. Then it drops what is {@code enabled: false} (and the tests
 * on it) and checks the settled values, naming the file and line that set each.
 */
final class NodeConfigs {

    static final List<String> STRATEGIES = List.of("append", "delete+insert", "merge");

    private NodeConfigs() {
    }

    static void settle(ProjectConfig config, Map<String, Node> models, Map<String, Node> tests,
                       Map<String, Map<String, FolderConfig.Value>> inFile, List<String> warnings,
                       Set<String> materializations) {
        FolderConfig modelFolders = new FolderConfig(config, "models");
        FolderConfig snapshotFolders = new FolderConfig(config, "snapshots");
        List<String> disabled = new ArrayList<>();
        for (Node node : models.values()) {
            boolean snapshot = node.kind() == NodeKind.SNAPSHOT;
            Map<String, FolderConfig.Value> merged = (snapshot ? snapshotFolders : modelFolders)
                    .resolve(folders(node.path(), snapshot ? config.snapshotPaths() : config.modelPaths()), node.name());
            node.config().forEach((key, value) ->
                    merged.put(key, new FolderConfig.Value(value, node.configFile(key), node.configLine(key))));
            List<Object> tags = FolderConfig.asList(merged.containsKey("tags") ? merged.remove("tags").value() : null);
            Map<String, FolderConfig.Value> own = inFile.getOrDefault(node.name(), Map.of());
            own.forEach((key, value) -> {
                if (key.equals("tags")) {
                    tags.addAll(FolderConfig.asList(value.value()));
                } else {
                    merged.put(key, value);
                }
            });
            tags.forEach(tag -> node.tags().add(String.valueOf(tag)));
            node.config().clear();
            merged.forEach((key, value) -> {
                node.config().put(key, value.value());
                node.configFrom(key, value.file(), value.line());
            });
            Object enabled = node.config().get("enabled");
            if (enabled != null && !(enabled instanceof Boolean)) {
                throw at(node, "enabled", "enabled is true or false, not '" + enabled + "'");
            }
            if (Boolean.FALSE.equals(enabled)) {
                disabled.add(node.name());
                continue;
            }
            check(node, materializations);
        }
        for (String name : disabled) {
            String id = models.remove(name).id();
            tests.values().removeIf(test -> test.test() != null && test.test().attachedTo().equals(id));
        }
        warnings.addAll(modelFolders.unusedPaths());
        warnings.addAll(snapshotFolders.unusedPaths());
    }

    /** The folders of {@code file} under the first of {@code roots} that holds it ({@code [staging]}). */
    static List<String> folders(Path file, List<String> roots) {
        for (String root : roots) {
            Path base = Path.of(root).normalize();
            if (file.normalize().startsWith(base)) {
                Path inside = base.relativize(file.normalize()).getParent();
                List<String> out = new ArrayList<>();
                if (inside != null) {
                    inside.forEach(part -> out.add(part.toString()));
                }
                return out;
            }
        }
        return List.of();
    }

    static StarlingException at(Node node, String key, String message) {
        return StarlingException.at(node.configFile(key), node.configLine(key), message);
    }

    private static void check(Node node, Set<String> materializations) {
        Object schema = node.config().get("schema");
        if (schema != null && !(schema instanceof String text && text.trim().matches("[A-Za-z_][A-Za-z0-9_$]*"))) {
            throw at(node, "schema", "schema '" + schema + "' of " + node.name() + " is not a plain name (letters,"
                    + " digits, _)");
        }
        if (node.kind() == NodeKind.SNAPSHOT) {
            SnapshotSpec.of(node);
            return;
        }
        String materialized = node.materialized();
        if (!materializations.contains(materialized)) {
            throw at(node, "materialized", "unknown materialization '" + materialized + "' for model '"
                    + node.name() + "'; use one of " + String.join(", ", new TreeSet<>(materializations)) + "."
                    + Suggest.didYouMean(materialized, materializations));
        }
        if (materialized.equals("incremental")) {
            checkIncremental(node);
        }
    }

    /** unique_key (a column or a list) and incremental_strategy (append, delete+insert, merge) of a model. */
    private static void checkIncremental(Node model) {
        Object key = model.config().get("unique_key");
        if (key != null && !(key instanceof String) && !(key instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(k -> k instanceof String))) {
            throw at(model, "unique_key", "unique_key is a column name or a list of them, e.g. unique_key: [a, b]");
        }
        String strategy = model.incrementalStrategy();
        if (!STRATEGIES.contains(strategy)) {
            throw at(model, "incremental_strategy", "unknown incremental_strategy '" + strategy + "' for model '"
                    + model.name() + "'; use one of " + String.join(", ", STRATEGIES) + "."
                    + Suggest.didYouMean(strategy, STRATEGIES));
        }
        if (!strategy.equals("append") && model.uniqueKey().isEmpty()) {
            throw at(model, "incremental_strategy", "incremental_strategy " + strategy + " of model '"
                    + model.name() + "' needs a unique_key: the column(s) that identify a row");
        }
    }
}
