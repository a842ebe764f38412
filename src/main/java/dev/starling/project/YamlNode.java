package dev.starling.project;

import dev.starling.StarlingException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML value that remembers the file and line it came from, so that every error about a project file can
 * point at the line to fix. Built from snakeyaml's composed node tree (safe: no custom tags, no objects).
 */
public final class YamlNode {

    private final Path file;
    private final int line;
    private final Object value; // String scalar text, List<YamlNode>, Map<String, YamlNode>, or null
    private final Tag tag;
    /** For a mapping: the line of each key (a block value starts on the line after its key). */
    private final Map<String, Integer> keyLines = new LinkedHashMap<>();

    private YamlNode(Path file, int line, Object value, Tag tag) {
        this.file = file;
        this.line = line;
        this.value = value;
        this.tag = tag;
    }

    /** Parses a YAML file; a syntax error becomes a one-line {@code file:line: ...} project error. */
    public static YamlNode load(Path file, Path shownAs) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, shownAs);
        } catch (IOException e) {
            throw StarlingException.at(shownAs, 0, "cannot read: " + FileReasons.of(e));
        }
    }

    /** Parses YAML text (e.g. the {@code --vars} option); {@code shownAs} names it in errors. */
    public static YamlNode parse(String text, Path shownAs) {
        return parse(new StringReader(text), shownAs);
    }

    private static YamlNode parse(Reader reader, Path shownAs) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw StarlingException.at(shownAs, line, "YAML syntax error: " + problem + context
                    + ". Fix the YAML at this line (indentation, a missing ':' or an unclosed quote are usual causes).");
        } catch (YAMLException e) {
            if (e.getCause() instanceof IOException io) {
                throw StarlingException.at(shownAs, 0, "cannot read: " + FileReasons.of(io));
            }
            throw StarlingException.at(shownAs, 0, "YAML error: " + e.getMessage());
        }
        if (root == null) {
            return new YamlNode(shownAs, 1, new LinkedHashMap<String, YamlNode>(), Tag.MAP);
        }
        return convert(root, shownAs);
    }

    private static YamlNode convert(Node node, Path file) {
        int line = node.getStartMark().getLine() + 1;
        if (node instanceof ScalarNode scalar) {
            Object text = Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue();
            return new YamlNode(file, line, text, scalar.getTag());
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, file));
            }
            return new YamlNode(file, line, items, Tag.SEQ);
        }
        if (node instanceof MappingNode mapping) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw StarlingException.at(file, tuple.getKeyNode().getStartMark().getLine() + 1,
                            "a mapping key must be a plain name");
                }
                if (entries.containsKey(key.getValue())) {
                    throw StarlingException.at(file, key.getStartMark().getLine() + 1, "duplicate key '"
                            + key.getValue() + "' (also on line " + entries.get(key.getValue()).line()
                            + "); keep one of them");
                }
                entries.put(key.getValue(), convert(tuple.getValueNode(), file));
                keyLines.put(key.getValue(), key.getStartMark().getLine() + 1);
            }
            YamlNode map = new YamlNode(file, line, entries, Tag.MAP);
            map.keyLines.putAll(keyLines);
            return map;
        }
        throw StarlingException.at(file, line, "unsupported YAML node (anchors and aliases to mappings are fine, custom tags are not)");
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The line of {@code key} in this mapping, or this node's line when it has no such key. */
    public int keyLine(String key) {
        return keyLines.getOrDefault(key, line);
    }

    /** A project error pointing at {@code key} of this mapping. */
    public StarlingException keyError(String key, String message) {
        return StarlingException.at(file, keyLine(key), message);
    }

    public boolean isNull() {
        return value == null;
    }

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    public boolean isScalar() {
        return value instanceof String;
    }

    /** A project error pointing at this node. */
    public StarlingException error(String message) {
        return StarlingException.at(file, line, message);
    }

    @SuppressWarnings("unchecked")
    public Map<String, YamlNode> asMap() {
        if (value == null) {
            return Collections.emptyMap();
        }
        if (!isMap()) {
            throw error("expected a mapping (key: value), found " + describe());
        }
        return (Map<String, YamlNode>) value;
    }

    /** A list; a single scalar or mapping counts as a list of one, as YAML users expect. */
    @SuppressWarnings("unchecked")
    public List<YamlNode> asList() {
        if (value == null) {
            return Collections.emptyList();
        }
        if (isList()) {
            return (List<YamlNode>) value;
        }
        return List.of(this);
    }

    public String asString() {
        if (value == null) {
            return null;
        }
        if (!isScalar()) {
            throw error("expected a single value, found " + describe());
        }
        return (String) value;
    }

    public YamlNode get(String key) {
        YamlNode child = asMap().get(key);
        return child != null ? child : new YamlNode(file, line, null, Tag.NULL);
    }

    public boolean has(String key) {
        return isMap() && asMap().containsKey(key);
    }

    public String string(String key) {
        return get(key).asString();
    }

    public String string(String key, String fallback) {
        String text = get(key).asString();
        return text != null ? text : fallback;
    }

    public String requiredString(String key, String what) {
        String text = string(key);
        if (text == null || text.isBlank()) {
            throw error("missing '" + key + "' (" + what + ")");
        }
        return text;
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : get(key).asList()) {
            out.add(item.asString());
        }
        return out;
    }

    /** Plain Java value: String, Long, Double, Boolean, null, List or LinkedHashMap, typed by the YAML tag. */
    public Object toPlain() {
        if (value == null) {
            return null;
        }
        if (isMap()) {
            Map<String, Object> out = new LinkedHashMap<>();
            asMap().forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
        if (isList()) {
            List<Object> out = new ArrayList<>();
            asList().forEach(v -> out.add(v.toPlain()));
            return out;
        }
        String text = (String) value;
        try {
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(text.replace("_", ""));
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return text;
        }
        if (Tag.BOOL.equals(tag)) {
            String t = text.toLowerCase();
            return t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y");
        }
        return text;
    }

    private String describe() {
        if (isMap()) {
            return "a mapping";
        }
        if (isList()) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
