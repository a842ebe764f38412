package dev.starling.graph;

import dev.starling.StarlingException;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.project.Suggest;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Node selection, as dbt users write it. A selector is {@code name} (a model, test or analysis name, or a
 * source as {@code sparkify.event_staging}; {@code *} wildcards allowed), {@code tag:x}, {@code path:models/dims},
 * {@code source:sparkify} or {@code source:sparkify.event_staging}, a folder under the model path when no node
 * has the name ({@code staging}, {@code marts.core}, or {@code fqn:staging}); {@code +x} adds ancestors, {@code x+}
 * descendants. Selectors separated by spaces (or given several times) are a union; joined by commas, an
 * intersection. Tests follow the nodes they test (see {@link Tests}), and are excluded with any node they read.
 */
public final class Selector {

    /** Which tests come along with the selected nodes (dbt calls this indirect selection). */
    public enum Tests {
        /** A test is selected when any node it reads is selected: for test, ls and compile. */
        EAGER,
        /**
         * A test is selected when every node it reads is selected or upstream of the selection: for build, so
         * that a selection never tests a relation it neither builds nor reads (e.g. one not built yet).
         */
        BUILDABLE
    }

    private Selector() {
    }

    /** Ids selected from the dag, in topological order. Empty {@code select} means everything. */
    public static List<String> select(Dag dag, List<String> select, List<String> exclude, Tests tests) {
        Set<String> chosen = new LinkedHashSet<>();
        if (select == null || select.isEmpty()) {
            dag.nodes().forEach(n -> chosen.add(n.id()));
        } else {
            chosen.addAll(withTests(dag, union(dag, select), tests));
        }
        if (exclude != null && !exclude.isEmpty()) {
            chosen.removeAll(withTests(dag, union(dag, exclude), Tests.EAGER));
        }
        List<String> ordered = new ArrayList<>();
        for (String id : dag.topologicalOrder()) {
            if (chosen.contains(id)) {
                ordered.add(id);
            }
        }
        return ordered;
    }

    private static Set<String> union(Dag dag, List<String> expressions) {
        Set<String> out = new LinkedHashSet<>();
        for (String expression : expressions) {
            for (String selector : expression.trim().split("\\s+")) {
                if (!selector.isEmpty()) {
                    out.addAll(intersection(dag, selector));
                }
            }
        }
        return out;
    }

    private static Set<String> intersection(Dag dag, String selector) {
        Set<String> out = null;
        for (String part : selector.split(",")) {
            Set<String> matched = atom(dag, part);
            if (out == null) {
                out = matched;
            } else {
                out.retainAll(matched);
            }
        }
        return out == null ? Set.of() : out;
    }

    private static Set<String> atom(Dag dag, String raw) {
        boolean ancestors = raw.startsWith("+");
        boolean descendants = raw.endsWith("+") && raw.length() > 1;
        String spec = raw.substring(ancestors ? 1 : 0, raw.length() - (descendants ? 1 : 0));
        Set<String> matched = new LinkedHashSet<>();
        for (CompiledNode compiled : dag.nodes()) {
            if (matches(compiled.node(), spec)) {
                matched.add(compiled.id());
            }
        }
        if (matched.isEmpty() && !spec.contains(":")) { // as dbt: a folder name (staging, marts.core) when no node has it
            for (CompiledNode compiled : dag.nodes()) {
                if (inFolder(compiled.node(), spec)) {
                    matched.add(compiled.id());
                }
            }
        }
        if (matched.isEmpty()) {
            List<String> names = dag.nodes().stream().map(n -> n.node().displayName()).toList();
            throw StarlingException.usage("selector '" + raw + "' matches no node." + Suggest.didYouMean(spec, names)
                    + " Run 'starling ls' to see the nodes.");
        }
        Set<String> out = new LinkedHashSet<>(matched);
        for (String id : matched) {
            if (ancestors) {
                out.addAll(dag.ancestors(id));
            }
            if (descendants) {
                out.addAll(dag.descendants(id));
            }
        }
        return out;
    }

    private static boolean matches(Node node, String spec) {
        int colon = spec.indexOf(':');
        if (colon > 0) {
            String method = spec.substring(0, colon);
            String value = spec.substring(colon + 1);
            return switch (method) {
                case "tag" -> node.tags().contains(value);
                case "path" -> {
                    String path = node.path().toString().replace('\\', '/');
                    String prefix = value.replaceAll("/+$", "");
                    yield path.equals(prefix) || path.startsWith(prefix + "/");
                }
                case "source" -> node.kind() == NodeKind.SOURCE
                        && (glob(value, node.source().sourceName()) || glob(value, node.displayName()));
                case "test_type", "resource_type" -> node.kind().label.equals(value);
                case "fqn" -> inFolder(node, value);
                default -> throw StarlingException.usage("unknown selector method '" + method
                        + ":'; use tag:, path:, source:, fqn: or a node name");
            };
        }
        return glob(spec, node.displayName()) || glob(spec, node.name()) && node.kind() != NodeKind.SOURCE;
    }

    /**
     * dbt's fully qualified name match: {@code staging} selects every node whose file is under a folder
     * {@code staging} of its model (or test) path, {@code staging.orders} the node orders in it, {@code staging.*}
     * everything below.
     */
    private static boolean inFolder(Node node, String spec) {
        if (node.path() == null) {
            return false;
        }
        List<String> fqn = new ArrayList<>();
        for (int i = 1; i < node.path().getNameCount() - 1; i++) { // after models/, before the file
            fqn.add(node.path().getName(i).toString());
        }
        if (node.kind() == NodeKind.SOURCE) {
            fqn.add(node.source().sourceName());
            fqn.add(node.source().tableName());
        } else {
            fqn.add(node.name());
        }
        String[] parts = spec.split("\\.");
        if (parts.length > fqn.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!glob(parts[i], fqn.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean glob(String pattern, String name) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return pattern.equals(name);
        }
        String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return name.matches(regex);
    }

    /** Adds the tests that read the nodes. */
    private static Set<String> withTests(Dag dag, Set<String> ids, Tests mode) {
        Set<String> out = new LinkedHashSet<>(ids);
        Set<String> available = new LinkedHashSet<>(); // BUILDABLE: the selection and everything upstream of it
        if (mode == Tests.BUILDABLE) {
            available.addAll(ids);
            ids.forEach(id -> available.addAll(dag.ancestors(id)));
        }
        for (String id : ids) {
            for (String child : dag.children(id)) {
                if (dag.node(child).node().kind() != NodeKind.TEST || out.contains(child)) {
                    continue;
                }
                if (mode == Tests.BUILDABLE && !available.containsAll(dag.parents(child))) {
                    continue;
                }
                out.add(child);
            }
        }
        return out;
    }
}
