package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SqlErrors;
import dev.starling.graph.Dag;
import dev.starling.plan.NodePlan;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs selected nodes in dependency order on up to {@code threads} workers. A node starts once every selected
 * node upstream of it has finished; when a node fails (a model or load error, or in {@code build} an
 * error-severity test), everything selected downstream of it is skipped.
 */
public final class Runner {

    /** Which kinds of node a command executes. */
    public enum Mode {
        RUN(Set.of(NodeKind.SOURCE, NodeKind.MODEL)),
        TEST(Set.of(NodeKind.TEST)),
        BUILD(Set.of(NodeKind.SOURCE, NodeKind.SEED, NodeKind.MODEL, NodeKind.SNAPSHOT, NodeKind.TEST)),
        /** {@code starling seed}: only seeds (as dbt, {@code run} does not load them). */
        SEED(Set.of(NodeKind.SEED)),
        /** {@code starling snapshot}: the selected snapshots only. */
        SNAPSHOT(Set.of(NodeKind.SNAPSHOT));

        final Set<NodeKind> kinds;

        Mode(Set<NodeKind> kinds) {
            this.kinds = kinds;
        }
    }


    private final Adapter adapter;
    private final String schema;
    private final int threads;
    private final RunListener listener;
    private final boolean fullRefresh;
    private final ConcurrentLinkedQueue<Session> idle = new ConcurrentLinkedQueue<>();
    private final List<Session> opened = new ArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, RelationType> relations = new ConcurrentHashMap<>();
    private volatile boolean relationsListed;
    private volatile Batches batches = Batches.NONE;
    private boolean failFast;
    private UpstreamHistory history = UpstreamHistory.NONE;

    public Runner(Adapter adapter, String schema, int threads, RunListener listener) {
        this(adapter, schema, threads, false, listener);
    }

    /**
     * @param fullRefresh rebuild incremental models and reload incremental sources from scratch
     */
    public Runner(Adapter adapter, String schema, int threads, boolean fullRefresh, RunListener listener) {
        this.adapter = adapter;
        this.schema = schema;
        this.threads = Math.max(1, threads);
        this.fullRefresh = fullRefresh;
        this.listener = listener;
    }

    /** {@code --fail-fast}: after the first failure no new node starts; those not run are reported skipped. */
    public Runner failFast(boolean on) {
        this.failFast = on;
        return this;
    }

    /** How the last run ended for each node, for the message of a node whose upstream is not built. */
    public Runner history(UpstreamHistory lastRun) {
        this.history = lastRun;
        return this;
    }

    public RunResults execute(String command, Mode mode, Dag dag, List<String> selected) {
        long start = System.nanoTime();
        Dag graph = mode == Mode.BUILD ? dag.withTestsGatingChildren() : dag;
        batches = new Batches(dag, schema);
        List<String> todo = selected.stream().filter(id -> mode.kinds.contains(dag.node(id).node().kind())).toList();
        if (!todo.isEmpty()) {
            adapter.checkConnectionSettings(); // a missing host or password: one line before anything runs
        }
        PlanContext checking = context(null);
        for (String id : todo) {
            executor(dag.node(id)).check(checking, dag.node(id));
        }
        Map<String, Integer> order = new HashMap<>();
        for (String id : todo) {
            order.put(id, order.size());
        }
        Map<String, Set<String>> waitingOn = new HashMap<>();
        Map<String, Set<String>> unblocks = new HashMap<>();
        for (String id : todo) {
            Set<String> blockers = selectedParents(graph, id, order.keySet());
            waitingOn.put(id, blockers);
            blockers.forEach(b -> unblocks.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(id));
        }
        int total = todo.size();
        List<NodeResult> results = new ArrayList<>();
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(order::get));
        todo.stream().filter(id -> waitingOn.get(id).isEmpty()).forEach(ready::add);
        Set<String> finished = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, total)), r -> {
            Thread t = new Thread(r, "starling-worker");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<NodeResult> completion = new ExecutorCompletionService<>(pool);
        int running = 0;
        String stoppedBy = null; // --fail-fast: the first node that failed
        try {
            if (total > 0) {
                idle.add(firstSession()); // a target that cannot be opened (a lock, a login) is one error for the run
            }
            while (finished.size() < total) {
                while (stoppedBy == null && running < threads && !ready.isEmpty()) {
                    CompiledNode node = dag.node(ready.poll());
                    completion.submit(() -> executeNode(node, total));
                    running++;
                }
                if (running == 0 && stoppedBy != null) {
                    for (String id : todo) {
                        if (finished.add(id)) {
                            NodeResult skipped = skipped(dag, id, "not run: --fail-fast stopped the run after "
                                    + stoppedBy + " failed");
                            results.add(skipped);
                            listener.finished(counter.incrementAndGet(), total, skipped);
                        }
                    }
                    break;
                }
                if (running == 0) {
                    throw new StarlingException(StarlingException.Code.INTERNAL, "scheduler stalled with "
                            + (total - finished.size()) + " nodes waiting");
                }
                NodeResult result = completion.take().get();
                running--;
                finished.add(result.id());
                results.add(result);
                if (result.status().failed()) {
                    if (failFast && stoppedBy == null) {
                        stoppedBy = result.name();
                    }
                    for (String id : skippedBy(graph, result, order, finished)) {
                        NodeResult skipped = skipped(dag, id, "upstream " + result.name() + " failed");
                        finished.add(id);
                        ready.remove(id);
                        results.add(skipped);
                        listener.finished(counter.incrementAndGet(), total, skipped);
                    }
                }
                for (String child : unblocks.getOrDefault(result.id(), Set.of())) {
                    Set<String> blockers = waitingOn.get(child);
                    blockers.remove(result.id());
                    if (blockers.isEmpty() && !finished.contains(child)) {
                        ready.add(child);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StarlingException(StarlingException.Code.INTERNAL, "interrupted", e);
        } catch (ExecutionException e) {
            throw new StarlingException(StarlingException.Code.INTERNAL, "a worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            opened.forEach(Session::close);
        }
        return new RunResults(command, results, (System.nanoTime() - start) / 1e9);
    }

    private static NodeResult skipped(Dag dag, String id, String why) {
        CompiledNode node = dag.node(id);
        return new NodeResult(id, node.node().kind(), node.node().displayName(), executor(node).action(node),
                NodeResult.Status.SKIPPED, -1, 0, why, null);
    }

    /** The nearest selected nodes upstream of {@code id}, looking through nodes that are not selected. */
    private static Set<String> selectedParents(Dag graph, String id, Set<String> selected) {
        Set<String> out = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(graph.parents(id));
        while (!queue.isEmpty()) {
            String parent = queue.poll();
            if (!seen.add(parent)) {
                continue;
            }
            if (selected.contains(parent)) {
                out.add(parent);
            } else {
                queue.addAll(graph.parents(parent));
            }
        }
        return out;
    }

    /** The selected, unfinished nodes downstream of a failure, in run order. */
    private static List<String> skippedBy(Dag graph, NodeResult failed, Map<String, Integer> order, Set<String> finished) {
        List<String> out = new ArrayList<>();
        for (String id : graph.descendants(failed.id())) {
            if (order.containsKey(id) && !finished.contains(id)) {
                out.add(id);
            }
        }
        out.sort(Comparator.comparing(order::get));
        return out;
    }

    private static final NodeExecutor BUILD = new BuildExecutor();
    private static final NodeExecutor TEST = new TestExecutor();

    static NodeExecutor executor(CompiledNode node) {
        return node.node().kind() == NodeKind.TEST ? TEST : BUILD;
    }

    /** What a node is planned from on {@code session} (null: for the checks before anything runs). */
    private PlanContext context(Session session) {
        return new PlanContext(adapter, schema, session, relations, fullRefresh, false, line -> { }, batches);
    }

    private NodeResult executeNode(CompiledNode node, int total) {
        NodeExecutor executor = executor(node);
        String action = executor.action(node);
        int index = counter.incrementAndGet();
        listener.started(index, total, node, action);
        long start = System.nanoTime();
        NodeResult result;
        Session session = null;
        try {
            session = session();
            int retriedBefore = session.retried().size();
            relations(session);
            relationsIn(session, node.schemaOr(schema));
            result = execute(executor, session, node, start);
            result = withRetries(result, session.retried(), retriedBefore);
        } catch (SQLException e) {
            result = failure(node, action, start, sqlMessage(node, e));
        } catch (StarlingException e) {
            result = failure(node, action, start, e.getMessage());
        } catch (RuntimeException e) {
            result = failure(node, action, start, "internal error: " + e);
        } finally {
            if (session != null) {
                idle.add(session);
            }
        }
        listener.finished(index, total, result);
        return result;
    }

    /** Plans the node on its worker's session, sends the plan, and reads what it did. */
    private NodeResult execute(NodeExecutor executor, Session session, CompiledNode node, long start)
            throws SQLException {
        NodePlan plan = executor.plan(context(session).withNotes(line -> listener.note(node, line)), node);
        NodePlan.Outcome outcome;
        try {
            outcome = PlanExecutor.run(plan, session);
        } catch (SQLException e) {
            LoadReport failed = rejectedLines(plan, session);
            if (failed == null || failed.rejected() == 0) {
                throw e;
            }
            List<String> message = new ArrayList<>(List.of(sqlMessage(node, e), failed.summary(node.node().name())));
            message.addAll(failed.rejectLines());
            return new NodeResult(node.id(), node.node().kind(), node.node().displayName(), plan.action(),
                    NodeResult.Status.ERROR, -1, seconds(start), String.join("\n", message), null, failed);
        }
        if (plan.builds() != RelationType.NONE) {
            relations.put(PlanContext.key(schema, node.schemaOr(schema), node.node().name()), plan.builds());
        }
        return executor.result(node, plan, outcome, seconds(start));
    }

    /** The records a failed load rejected, if the engine can tell; a failure to read them is not a new error. */
    private static LoadReport rejectedLines(NodePlan plan, Session session) {
        try {
            return plan.observer().failed(session);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** A node that needed retries says so: which transient errors it got past. */
    private static NodeResult withRetries(NodeResult result, List<String> retried, int before) {
        if (retried.size() <= before) {
            return result;
        }
        List<String> mine = retried.subList(before, retried.size());
        String note = "retried " + mine.size() + " time" + (mine.size() == 1 ? "" : "s") + " after a transient error: "
                + String.join("; ", mine);
        String message = result.message() == null ? note : result.message() + "\n" + note;
        return new NodeResult(result.id(), result.kind(), result.name(), result.action(), result.status(), result.rows(),
                result.seconds(), message, result.failingRows(), result.load());
    }

    /** What the schema holds, listed once per run; each node then keeps its own entry current. */
    private Map<String, RelationType> relations(Session session) throws SQLException {
        synchronized (relations) {
            if (!relationsListed) {
                relations.putAll(session.relations(schema));
                relationsListed = true;
            }
        }
        return relations;
    }

    /**
     * A custom schema's relations, listed once per run under {@code schema.name} (see {@link PlanContext#inSchema});
     * the schema is created here, once, when missing: two nodes creating it at once would collide on PostgreSQL.
     */
    private void relationsIn(Session session, String other) throws SQLException {
        if (other.equals(schema)) {
            return;
        }
        synchronized (relations) {
            if (listedSchemas.add(other)) {
                session.transaction(List.of(adapter.createSchema(other)));
                session.relations(other).forEach((name, type) -> relations.put(other + "." + name, type));
            }
        }
    }

    private final Set<String> listedSchemas = new HashSet<>();

    /** The run's first connection: a failure to open it is the run's error, not each node's. */
    private Session firstSession() {
        try {
            return session();
        } catch (SQLException e) {
            throw StarlingException.project("cannot connect to the target (" + adapter.describe() + "): "
                    + SqlErrors.describe(e) + "\nNothing ran. Check the target's settings with 'starling debug'.");
        }
    }

    private Session session() throws SQLException {
        Session session = idle.poll();
        if (session != null) {
            return session;
        }
        session = adapter.openSession();
        synchronized (opened) {
            opened.add(session);
        }
        return session;
    }

    private static NodeResult failure(CompiledNode node, String action, long start, String message) {
        return new NodeResult(node.id(), node.node().kind(), node.node().displayName(), action, NodeResult.Status.ERROR,
                -1, seconds(start), message, null);
    }

    /** The engine's message, the file that holds the SQL, and what to do next ({@link FailureCause}). */
    private String sqlMessage(CompiledNode node, SQLException e) {
        return FailureCause.describe(node, e, adapter.diagnose(e), relationsListed ? relations : null, history);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
