package dev.starling.graph;

import dev.starling.StarlingException;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jgrapht.Graphs;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;

/**
 * The dependency graph of a compiled project: an edge from each node to every node that reads it. Cycles are
 * found and reported (as {@code a -> b -> a}) before any ordering, since a topological order of a cyclic graph
 * is meaningless.
 */
public final class Dag {

    private final Map<String, CompiledNode> nodes;
    private final DirectedAcyclicGraph<String, DefaultEdge> graph;

    private Dag(Map<String, CompiledNode> nodes, DirectedAcyclicGraph<String, DefaultEdge> graph) {
        this.nodes = nodes;
        this.graph = graph;
    }

    public static Dag of(Collection<CompiledNode> compiled) {
        Map<String, CompiledNode> nodes = new LinkedHashMap<>();
        compiled.forEach(n -> nodes.put(n.id(), n));
        failOnCycle(nodes);
        DirectedAcyclicGraph<String, DefaultEdge> graph = new DirectedAcyclicGraph<>(DefaultEdge.class);
        nodes.keySet().forEach(graph::addVertex);
        for (CompiledNode node : nodes.values()) {
            for (String parent : node.dependsOn()) {
                if (nodes.containsKey(parent)) {
                    graph.addEdge(parent, node.id());
                }
            }
        }
        return new Dag(nodes, graph);
    }

    /** Depth-first search for a back edge; reports the cycle's path through the files that form it. */
    private static void failOnCycle(Map<String, CompiledNode> nodes) {
        Map<String, Integer> state = new HashMap<>(); // absent = unvisited, 1 = on the stack, 2 = done
        for (String start : nodes.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            List<String> stack = new ArrayList<>();
            List<Iterator<String>> iterators = new ArrayList<>();
            stack.add(start);
            iterators.add(nodes.get(start).dependsOn().iterator());
            state.put(start, 1);
            while (!stack.isEmpty()) {
                Iterator<String> it = iterators.get(iterators.size() - 1);
                if (it.hasNext()) {
                    String next = it.next();
                    if (!nodes.containsKey(next)) {
                        continue;
                    }
                    Integer seen = state.get(next);
                    if (seen == null) {
                        state.put(next, 1);
                        stack.add(next);
                        iterators.add(nodes.get(next).dependsOn().iterator());
                    } else if (seen == 1) {
                        List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                        cycle.add(next);
                        // dependsOn points from reader to read; show the flow of data: read -> reader
                        Collections.reverse(cycle);
                        CompiledNode first = nodes.get(cycle.get(0));
                        List<String> names = cycle.stream().map(id -> nodes.get(id).node().name()).toList();
                        int line = lineOfRef(first, names.get(names.size() - 2));
                        throw StarlingException.at(first.node().path(), line, "dependency cycle: "
                                + String.join(" -> ", names) + ". A model cannot depend on itself, directly or"
                                + " through others; remove one of these ref() calls.");
                    }
                } else {
                    state.put(stack.remove(stack.size() - 1), 2);
                    iterators.remove(iterators.size() - 1);
                }
            }
        }
    }

    /** The line of the template that calls ref('name'), or 0 when it is not written literally. */
    private static int lineOfRef(CompiledNode node, String name) {
        String template = node.node().template();
        if (template == null) {
            return 0;
        }
        Pattern call = Pattern.compile("ref\\(\\s*['\"]" + Pattern.quote(name) + "['\"]\\s*\\)");
        List<String> lines = template.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (call.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The node a test is attached to (see {@link #withTestsGatingChildren}), or null. */
    private String attachedTo(CompiledNode test) {
        if (test.node().test() != null) {
            String attached = test.node().test().attachedTo();
            return nodes.containsKey(attached) ? attached : null;
        }
        Set<String> read = parents(test.id());
        return read.size() == 1 ? read.iterator().next() : null;
    }

    public Collection<CompiledNode> nodes() {
        return nodes.values();
    }

    public CompiledNode node(String id) {
        return nodes.get(id);
    }

    public boolean contains(String id) {
        return nodes.containsKey(id);
    }

    /** Every node id, parents before children; ties keep the project's order. */
    public List<String> topologicalOrder() {
        List<String> order = new ArrayList<>();
        graph.iterator().forEachRemaining(order::add);
        return order;
    }

    public Set<String> parents(String id) {
        return new LinkedHashSet<>(Graphs.predecessorListOf(graph, id));
    }

    public Set<String> children(String id) {
        return new LinkedHashSet<>(Graphs.successorListOf(graph, id));
    }

    public Set<String> ancestors(String id) {
        return graph.getAncestors(id);
    }

    public Set<String> descendants(String id) {
        return graph.getDescendants(id);
    }

    /**
     * The graph that {@code build} runs: a test of a model also gates the model's children, so a failing test
     * stops bad data from flowing on. As in dbt, a test gates the children of the node it is attached to: a
     * generic test, the model or source whose YAML declares it (a relationships test from songplay to user gates
     * songplay's children, not user's); a singular test, the one node it reads, and nothing when it reads
     * several (it would otherwise hold back every child of each, which serialises independent branches). An edge
     * that would close a cycle is left out.
     */
    public Dag withTestsGatingChildren() {
        DirectedAcyclicGraph<String, DefaultEdge> gated = new DirectedAcyclicGraph<>(DefaultEdge.class);
        Graphs.addGraph(gated, graph);
        for (CompiledNode node : nodes.values()) {
            if (node.node().kind() != NodeKind.TEST) {
                continue;
            }
            String attached = attachedTo(node);
            if (attached == null) {
                continue;
            }
            for (String parent : List.of(attached)) {
                for (String child : children(parent)) {
                    if (child.equals(node.id()) || nodes.get(child).node().kind() == NodeKind.TEST) {
                        continue;
                    }
                    try {
                        gated.addEdge(node.id(), child);
                    } catch (IllegalArgumentException cycle) {
                        // the child is upstream of this test (e.g. relationships to a parent): no gate
                    }
                }
            }
        }
        return new Dag(nodes, gated);
    }
}
