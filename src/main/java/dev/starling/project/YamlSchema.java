package dev.starling.project;

import dev.starling.StarlingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The shape of a YAML file Starling reads, declared as data: which keys a mapping may hold and what type each
 * value has. {@link #check} finds the first key that is not declared ({@code file:line: unknown key ...}, with
 * "Did you mean ...?") or the first value of the wrong type or range. Users' own keys go under {@code meta:},
 * which takes anything. A feature that reads a new key declares it on the schema of its file
 * ({@link ProjectSchema}, {@link PropertiesSchema}) with {@link Obj#key}.
 *
 * <p>A value that holds a template ({@code ${...}}: a var, an environment variable) is checked for its shape
 * only; what it renders to is checked where it is read.
 */
public final class YamlSchema {

    private YamlSchema() {
    }

    /** What a value may be. {@code what} names it in messages, e.g. "threads of target 'dev'". */
    public interface Shape {
        void check(YamlNode node, String what, List<String> warnings);
    }

    // ---- scalars ------------------------------------------------------------------------------------------------

    /** A single value (text, a number or a boolean; not a list or mapping). */
    public static Shape string() {
        return (node, what, warnings) -> scalar(node, what);
    }

    /** true or false (also yes/no, on/off). */
    public static Shape bool() {
        return (node, what, warnings) -> {
            String text = scalar(node, what);
            if (text != null && !templated(text) && !Set.of("true", "false", "yes", "no", "on", "off")
                    .contains(text.toLowerCase(Locale.ROOT))) {
                throw node.error(what + " is true or false, not '" + text + "'");
            }
        };
    }

    /** A whole number of at least {@code min}. */
    public static Shape integer(int min) {
        return (node, what, warnings) -> {
            String text = scalar(node, what);
            if (text == null || templated(text)) {
                return;
            }
            long value;
            try {
                value = Long.parseLong(text.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw node.error(what + " must be a whole number of " + min + " or more, not '" + text + "'");
            }
            if (value < min) {
                throw node.error(what + " must be " + min + " or more, not " + value);
            }
        };
    }

    private static final Pattern SIZE = Pattern.compile("(?i)\\s*\\d+(\\.\\d+)?\\s*(b|bytes?|[kmgt]i?b|[kmgt])?\\s*|\\s*\\d+(\\.\\d+)?\\s*%\\s*");

    /** A size such as 4GB, 512MB, 1.5GiB or 80% (of the machine's memory). */
    public static Shape size() {
        return (node, what, warnings) -> {
            String text = scalar(node, what);
            if (text != null && !templated(text) && !isSize(text)) {
                throw node.error(what + " '" + text + "' is not a size such as 4GB, 512MB or 80%");
            }
        };
    }

    /** Whether {@code text} is a size as {@link #size()} takes it. */
    public static boolean isSize(String text) {
        return SIZE.matcher(text).matches();
    }

    /** One of the given words. */
    public static Shape oneOf(String... values) {
        List<String> allowed = List.of(values);
        return (node, what, warnings) -> {
            String text = scalar(node, what);
            if (text != null && !templated(text) && !allowed.contains(text)) {
                throw node.error(what + " is '" + text + "'; use one of " + String.join(", ", allowed) + "."
                        + Suggest.didYouMean(text, allowed));
            }
        };
    }

    /** Anything at all (users' own keys under {@code meta:}, and values checked by the code that reads them). */
    public static Shape any() {
        return (node, what, warnings) -> {
        };
    }

    // ---- collections --------------------------------------------------------------------------------------------

    /** A list of {@code item}; a single item counts as a list of one, as YAML users expect. */
    public static Shape listOf(Shape item) {
        return (node, what, warnings) -> {
            for (YamlNode element : node.asList()) {
                item.check(element, what, warnings);
            }
        };
    }

    /**
     * A mapping with keys of the user's choosing (target names, vars), each value a {@code value}, named in
     * messages as {@code keyLabel 'key'} (e.g. "target 'dev'").
     */
    public static Shape mapOf(String keyLabel, Shape value) {
        return (node, what, warnings) -> {
            requireMap(node, what);
            node.asMap().forEach((key, child) -> value.check(child, keyLabel + " '" + key + "'", warnings));
        };
    }

    /** A scalar checked as {@code scalar}, or a mapping checked as {@code map}. */
    public static Shape scalarOr(Shape scalar, Shape map) {
        return (node, what, warnings) -> (node.isMap() ? map : scalar).check(node, what, warnings);
    }

    /** A mapping with the keys declared on it; build one with {@link #object}. */
    public static Obj object(String label) {
        return new Obj(label);
    }

    /** Declared keys of one kind of mapping (a model, a target, a source table, ...). */
    public static final class Obj implements Shape {

        private final String label;
        private final Map<String, Shape> keys = new LinkedHashMap<>();
        private final Map<String, String> skipped = new LinkedHashMap<>();
        private boolean byName = true;

        private Obj(String label) {
            this.label = label;
        }

        /** Declares a key this mapping may hold, and its value's shape. */
        public synchronized Obj key(String name, Shape shape) {
            keys.put(name, shape);
            return this;
        }

        /** Names the mapping by its label only, not by a {@code name:} key it holds (a whole file). */
        public Obj byLabel() {
            byName = false;
            return this;
        }

        /** Declares {@code meta:}, the place for users' own keys (anything goes under it). */
        public Obj meta() {
            return key("meta", any());
        }

        /** Declares keys that are read elsewhere and skipped here with a warning ({@code why} says why). */
        public synchronized Obj skip(String why, String... names) {
            for (String name : names) {
                skipped.put(name, why);
            }
            return this;
        }

        /** Also declares every key of {@code other}. */
        public synchronized Obj keysOf(Obj other) {
            keys.putAll(other.keys);
            return this;
        }

        /** The shape of a declared key, or null. */
        public synchronized Shape shapeOf(String key) {
            return keys.get(key);
        }

        /** The declared keys, in declaration order. */
        public synchronized List<String> keys() {
            return List.copyOf(keys.keySet());
        }

        @Override
        public void check(YamlNode node, String what, List<String> warnings) {
            requireMap(node, what);
            String self = named(node, what);
            Map<String, Shape> known;
            Map<String, String> skip;
            synchronized (this) {
                known = new LinkedHashMap<>(keys);
                skip = new LinkedHashMap<>(skipped);
            }
            for (Map.Entry<String, YamlNode> entry : node.asMap().entrySet()) {
                String key = entry.getKey();
                Shape shape = known.get(key);
                if (shape != null) {
                    shape.check(entry.getValue(), key + " of " + self, warnings);
                } else if (skip.containsKey(key)) {
                    warnings.add(StarlingException.location(node.file(), node.keyLine(key))
                            + "'" + key + "' skipped: " + skip.get(key));
                } else {
                    List<String> candidates = new ArrayList<>(known.keySet());
                    throw node.keyError(key, "unknown key '" + key + "' in " + self + "."
                            + Suggest.didYouMean(key, candidates) + " Known keys: "
                            + String.join(", ", new TreeSet<>(candidates))
                            + (known.containsKey("meta") ? "; put your own keys under meta:." : "."));
                }
            }
        }

        /** "model 'songplay'" when the mapping has a name, else "the label" or the context's own words. */
        private String named(YamlNode node, String what) {
            YamlNode name = node.asMap().get("name");
            if (!byName) {
                return label;
            }
            if (name != null && name.isScalar()) {
                return label + " '" + name.asString() + "'";
            }
            return what == null || what.isEmpty() ? label : what;
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String scalar(YamlNode node, String what) {
        if (node.isMap() || node.isList()) {
            throw node.error(what + " takes a single value, not " + (node.isMap() ? "a mapping" : "a list"));
        }
        return node.asString();
    }

    private static void requireMap(YamlNode node, String what) {
        if (!node.isNull() && !node.isMap()) {
            throw node.error(what + " must be a mapping (key: value), not "
                    + (node.isList() ? "a list" : "'" + node.asString() + "'"));
        }
    }

    private static boolean templated(String text) {
        return text.contains("${");
    }
}
