package dev.starling.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.starling.execute.Materialization;
import dev.starling.project.Node;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import java.nio.file.Path;
import java.sql.SQLException;
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
        session.transaction(Materialization.plan(adapter, schema(), model, existing));
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
}
