package dev.starling.project;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Configuration by folder, as in dbt's project file: a section of project.yml ({@code models:}, {@code snapshots:},
 * {@code seeds:}) is a tree of folder names under the resource's folder; {@code +key: value} sets a config key for
 * every node in that folder and below, a deeper folder overriding a shallower one. The tree may start with the
 * project's name, as dbt requires ({@code models: {sparkify: {staging: {+materialized: view}}}}), or directly with
 * the folders. A key without {@code +} is a folder (or, last, a node's file name); a {@code +key} must be a config
 * key the section knows ({@link #keysFor}). {@code tags} add up down the tree; any other key is replaced.
 */
public final class FolderConfig {

    /** One config value and where it was written. */
    public record Value(Object value, Path file, int line) {
    }

    private static final Map<String, YamlSchema.Obj> KEYS = new ConcurrentHashMap<>();

    static {
        KEYS.put("models", PropertiesSchema.MODEL_CONFIG);
        KEYS.put("snapshots", PropertiesSchema.MODEL_CONFIG);
        KEYS.put("seeds", PropertiesSchema.MODEL_CONFIG);
    }

    /** Declares the config keys of a section (e.g. {@code seeds} with its own {@code column_types}). */
    public static void keysFor(String section, YamlSchema.Obj keys) {
        KEYS.put(section, keys);
    }

    /** The schema check of a section of project.yml: the tree's shape and its {@code +key}s. */
    public static YamlSchema.Shape shape(String section) {
        return (node, what, warnings) -> {
            if (!node.isNull()) {
                new Tree(node, KEYS.get(section), section);
            }
        };
    }

    private final String section;
    private final String projectName;
    private final Tree root;
    private final Map<Tree, Boolean> used = new ConcurrentHashMap<>();

    /** The section {@code section} of project.yml (may be absent). */
    public FolderConfig(ProjectConfig project, String section) {
        this.section = section;
        this.projectName = project.name();
        YamlNode node = project.section(section);
        this.root = node.isNull() ? null : new Tree(node, KEYS.get(section), section);
    }

    /**
     * The config of a node whose file is {@code folders/name.ext} under its resource folder: each level's
     * {@code +keys}, from the top down; the node's own name may be the last level.
     */
    public Map<String, Value> resolve(List<String> folders, String name) {
        Map<String, Value> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        List<String> path = new ArrayList<>(folders);
        path.add(name);
        apply(root, out);
        Tree own = root.children.get(projectName);
        if (own != null) {
            apply(own, out);
            descend(own, path, out);
        }
        descend(root, path, out);
        return out;
    }

    private void descend(Tree from, List<String> path, Map<String, Value> out) {
        Tree at = from;
        for (String part : path) {
            at = at.children.get(part);
            if (at == null) {
                return;
            }
            apply(at, out);
        }
    }

    private void apply(Tree level, Map<String, Value> out) {
        used.put(level, true);
        level.config.forEach((key, value) -> {
            if (key.equals("tags") && out.containsKey("tags")) {
                LinkedHashSet<Object> tags = new LinkedHashSet<>(asList(out.get("tags").value()));
                tags.addAll(asList(value.value()));
                out.put(key, new Value(new ArrayList<>(tags), value.file(), value.line()));
            } else {
                out.put(key, value);
            }
        });
    }

    static List<Object> asList(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return value == null ? new ArrayList<>() : new ArrayList<>(List.of(value));
    }

    /** "project.yml:12: models: 'sparkify.stagin' matches no folder ..." for each folder no node is in. */
    public List<String> unusedPaths() {
        List<String> out = new ArrayList<>();
        if (root != null) {
            root.children.forEach((name, child) -> unused(child, name, out));
        }
        return out;
    }

    private void unused(Tree tree, String path, List<String> out) {
        if (!used.containsKey(tree) && !(path.equals(projectName) && !tree.children.isEmpty())) {
            out.add(StarlingException.location(tree.file, tree.line) + section + ": '" + path + "' matches no folder"
                    + " or file of this project's " + section + "; its config applies to nothing.");
            return;
        }
        tree.children.forEach((name, child) -> unused(child, path + "." + name, out));
    }

    /** One level of the tree: its {@code +key}s and its sub-folders. */
    private static final class Tree {
        final Map<String, Value> config = new LinkedHashMap<>();
        final Map<String, Tree> children = new LinkedHashMap<>();
        final Path file;
        final int line;

        Tree(YamlNode node, YamlSchema.Obj keys, String section) {
            this.file = node.file();
            this.line = node.line();
            if (!node.isMap()) {
                throw node.error(section + ": takes folder names and +config keys (e.g. staging: {+materialized:"
                        + " view}), not " + (node.isList() ? "a list" : "'" + node.asString() + "'"));
            }
            List<String> warnings = new ArrayList<>();
            node.asMap().forEach((key, value) -> {
                if (key.startsWith("+")) {
                    String bare = key.substring(1);
                    YamlSchema.Shape shape = keys.shapeOf(bare);
                    if (shape == null) {
                        List<String> known = keys.keys().stream().map(k -> "+" + k).toList();
                        throw node.keyError(key, "unknown config key '" + key + "' in " + section + ":."
                                + Suggest.didYouMean(key, known) + " Known keys: "
                                + String.join(", ", new TreeSet<>(known)) + ".");
                    }
                    shape.check(value, key + " in " + section + ":", warnings);
                    config.put(bare, new Value(value.toPlain(), value.file(), value.line()));
                } else if (value.isMap() || value.isNull()) {
                    children.put(key, value.isNull() ? new Tree(node, key) : new Tree(value, keys, section));
                } else {
                    throw node.keyError(key, section + ": '" + key + "' is a folder name here, so it holds a mapping;"
                            + (keys.shapeOf(key) != null ? " did you mean '+" + key + "'? Config keys start with +."
                            : " write config keys with a leading + (e.g. +materialized: view)."));
                }
            });
        }

        /** An empty folder entry ({@code staging:} with nothing under it). */
        Tree(YamlNode parent, String key) {
            this.file = parent.file();
            this.line = parent.keyLine(key);
        }
    }
}
