package dev.starling.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.execute.Materializations;
import dev.starling.execute.PlanExecutor;
import dev.starling.project.Node;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must do, run against a real engine. Each adapter's test extends this class and says how
 * to make the adapter; the statements come from the adapter and the materializations, as in a real run.
 */
public abstract class AdapterContractTest {

    protected Adapter adapter;
    protected Session session;

    /** A fresh adapter on an empty schema {@link #schema()}. */
    protected abstract Adapter createAdapter() throws Exception;

    protected abstract String schema();

    @BeforeEach
    void open() throws Exception {
        adapter = createAdapter();
        session = adapter.openSession();
    }

    @AfterEach
    void close() {
        session.close();
        adapter.close();
    }

    private CompiledNode model(String name, String materialized, String sql) {
        Node node = TestNodes.model(name, Path.of("models/" + name + ".sql"), sql, materialized);
        return new CompiledNode(node, sql, adapter.relation(schema(), name), Set.of(), null, null);
    }

    private void build(CompiledNode model) throws SQLException {
        RelationType existing = session.relations(schema()).getOrDefault(model.node().name(), RelationType.NONE);
        PlanExecutor.run(Materializations.plan(adapter, schema(), session, model, existing, false), session);
    }

    private long count(String name) throws SQLException {
        return session.queryLong("select count(*) from " + adapter.relation(schema(), name));
    }

    @Test
    void quotesIdentifiersAndRelations() {
        assertEquals("\"user\"", adapter.quote("user"));
        assertEquals("\"a\"\"b\"", adapter.quote("a\"b"));
        assertEquals(adapter.quote(schema()) + ".\"time\"", adapter.relation(schema(), "time"));
    }

    @Test
    void buildsATableAndReplacesItWholesale() throws SQLException {
        build(model("user", "table", "select 1 as id union all select 2"));
        assertEquals(2, count("user"));
        build(model("user", "table", "select 3 as id"));
        assertEquals(1, count("user"));
        assertEquals(Map.of("user", RelationType.TABLE), session.relations(schema()));
    }

    @Test
    void aFailingBuildLeavesThePreviousTableAndNoTemporary() throws SQLException {
        build(model("kept", "table", "select 1 as id union all select 2"));
        assertThrows(SQLException.class, () -> build(model("kept", "table", "select no_such_column from kept")));
        assertEquals(2, count("kept"));
        assertEquals(Map.of("kept", RelationType.TABLE), session.relations(schema()));
    }

    @Test
    void switchesBetweenViewAndTable() throws SQLException {
        build(model("v", "view", "select 42 as answer"));
        assertEquals(Map.of("v", RelationType.VIEW), session.relations(schema()));
        build(model("v", "table", "select 42 as answer"));
        assertEquals(Map.of("v", RelationType.TABLE), session.relations(schema()));
        build(model("v", "view", "select 43 as answer"));
        assertEquals(Map.of("v", RelationType.VIEW), session.relations(schema()));
        assertEquals(43, session.queryLong("select answer from " + adapter.relation(schema(), "v")));
    }

    @Test
    void aViewWhoseColumnsChangeIsRebuilt() throws SQLException {
        build(model("v2", "view", "select 1 as a, 2 as b"));
        build(model("v2", "view", "select 3 as c"));
        QueryResult result = session.query("select * from " + adapter.relation(schema(), "v2"), 5);
        assertEquals(List.of("c"), result.columns());
        assertEquals(List.of(List.of("3")), result.rows());
    }

    @Test
    void aTransactionIsAllOrNothing() throws SQLException {
        String table = adapter.relation(schema(), "t");
        assertThrows(SQLException.class, () -> session.transaction(List.of(
                "create table " + table + " as select 1 as id", "select * from no_such_table")));
        assertEquals(Map.of(), session.relations(schema()));
    }

    @Test
    void queryReturnsAtMostTheRowsAskedFor() throws SQLException {
        build(model("n", "table", "select 1 as id union all select 2 union all select 3"));
        QueryResult result = session.query("select id from " + adapter.relation(schema(), "n") + " order by id", 2);
        assertEquals(List.of("id"), result.columns());
        assertEquals(List.of(List.of("1"), List.of("2")), result.rows());
        assertEquals(true, result.truncated());
        assertEquals(List.of(true), result.numeric());
    }

    // ---- incremental models: the same statements on every engine ---------------------------------------------

    /** An incremental model whose first build selects {@code full} and whose later builds select {@code fresh}. */
    private CompiledNode incremental(String name, String strategy, List<String> keys, String full, String fresh) {
        Node node = TestNodes.model(name, Path.of("models/" + name + ".sql"), full, "incremental");
        node.config().put("incremental_strategy", strategy);
        if (!keys.isEmpty()) {
            node.config().put("unique_key", keys);
        }
        return new CompiledNode(node, full, adapter.relation(schema(), name), Set.of(), null, null, fresh);
    }

    private void buildIncremental(CompiledNode model, boolean fullRefresh) throws SQLException {
        RelationType existing = session.relations(schema()).getOrDefault(model.node().name(), RelationType.NONE);
        PlanExecutor.run(Materializations.plan(adapter, schema(), session, model, existing, fullRefresh), session);
    }

    private List<List<String>> rows(String name) throws SQLException {
        return session.query("select * from " + adapter.relation(schema(), name) + " order by 1, 2, 3", 100).rows();
    }

    private static final String PEOPLE = "select * from (values (1, 'a', 'free'), (null, 'b', 'free'), (3, null, 'free'))"
            + " as t(id, part, level)";
    private static final String CHANGES = "select * from (values (1, 'a', 'paid'), (null, 'b', 'paid'), (3, null, 'paid'),"
            + " (4, 'd', 'new')) as t(id, part, level)";

    @Test
    void incrementalAppendAddsTheNewRows() throws SQLException {
        CompiledNode model = incremental("events", "append", List.of(), "select 1 as id", "select 2 as id");
        buildIncremental(model, false);
        assertEquals(1, count("events"));
        buildIncremental(model, false);
        assertEquals(List.of(List.of("1"), List.of("2")), session.query("select id from "
                + adapter.relation(schema(), "events") + " order by id", 10).rows());
    }

    @Test
    void incrementalMergeUpdatesMatchingRowsNullSafelyAndInsertsTheOthers() throws SQLException {
        CompiledNode model = incremental("people", "merge", List.of("id", "part"), PEOPLE, CHANGES);
        buildIncremental(model, false);
        buildIncremental(model, false);
        List<List<String>> expected = List.of(List.of("1", "a", "paid"), Arrays.asList("3", null, "paid"),
                List.of("4", "d", "new"), Arrays.asList(null, "b", "paid"));
        assertEquals(expected, rows("people"), "a NULL in a key column matches NULL: no row twice");
        buildIncremental(model, false);
        assertEquals(expected, rows("people"), "merging the same rows again changes nothing");
    }

    @Test
    void incrementalDeleteInsertReplacesMatchingRowsNullSafely() throws SQLException {
        CompiledNode model = incremental("people", "delete+insert", List.of("id", "part"), PEOPLE, CHANGES);
        buildIncremental(model, false);
        buildIncremental(model, false);
        buildIncremental(model, false);
        assertEquals(4, count("people"), "each key once, NULL keys included");
        assertEquals(0, session.queryLong("select count(*) from " + adapter.relation(schema(), "people")
                + " where level = 'free'"));
    }

    @Test
    void incrementalColumnChangeFailsKeepsTheTableAndFullRefreshRebuilds() throws SQLException {
        buildIncremental(incremental("people", "merge", List.of("id"), PEOPLE, CHANGES), false);
        CompiledNode widened = incremental("people", "merge", List.of("id"), PEOPLE,
                "select id, part, level, 'x' as extra from (" + CHANGES + ") as c");
        StarlingException e = assertThrows(StarlingException.class, () -> buildIncremental(widened, false));
        assertTrue(e.getMessage().contains("the columns of people changed") && e.getMessage().contains("--full-refresh"),
                e.getMessage());
        assertEquals(3, count("people"));
        assertEquals(0, session.queryLong("select count(*) from " + adapter.relation(schema(), "people")
                + " where level <> 'free'"), "the table is as it was");
        CompiledNode rebuilt = incremental("people", "merge", List.of("id"), CHANGES, CHANGES);
        buildIncremental(rebuilt, true);
        assertEquals(4, count("people"), "--full-refresh rebuilds from the full SQL");
    }
}
