package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterContractTest;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.LoadInto;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.SourceLoader;
import dev.starling.adapter.RelationType;
import dev.starling.project.Column;
import dev.starling.project.TargetConfig;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import dev.starling.support.PostgresServer;
import dev.starling.support.StartupProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Redshift adapter's execution path, for real: the Redshift JDBC driver, through {@link StartupProxy}, on a
 * PostgreSQL server. The contract (swap, failure keeps the table, view/table switch, all-or-nothing transactions)
 * runs as on every engine; then retries of real transient errors (a terminated backend, a serialization failure
 * between two sessions), fail-fast on other errors, and the load-error report read from a stand-in for Redshift's
 * stl_load_errors. What PostgreSQL lacks (COPY from S3, WITH NO SCHEMA BINDING) is checked by text in
 * {@code RedshiftSqlTest} and the golden files.
 */
class RedshiftOnPostgresTest extends AdapterContractTest {

    private final PostgresServer pg = PostgresServer.shared();
    private String schema;

    @Override
    protected Adapter createAdapter() {
        schema = pg.newSchema("contract");
        return adapter(pg.port(), Map.of());
    }

    private Adapter adapter(int port, Map<String, Object> extra) {
        return AdapterProvider.forTarget(target(port, schema, extra), Path.of("."));
    }

    /** A redshift target on the test server (views without schema binding: PostgreSQL has none). */
    static TargetConfig target(int port, String schema, Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("type", "redshift");
        settings.put("host", "127.0.0.1");
        settings.put("port", port);
        settings.put("database", PostgresServer.DATABASE);
        settings.put("user", PostgresServer.USER);
        settings.put("password", "unused-with-trust");
        settings.put("ssl", false);
        settings.put("late_binding_views", false);
        settings.put("retry_delay_ms", 20);
        settings.put("iam_role", "arn:aws:iam::123456789012:role/test");
        settings.putAll(extra);
        return new TargetConfig("pg", "redshift", schema, 2, settings, Path.of("project.yml"), 5);
    }

    @Override
    protected String schema() {
        return schema;
    }

    private RedshiftSession redshiftSession() {
        return (RedshiftSession) session;
    }

    @Test
    void runsOnTheRedshiftDriver() throws SQLException {
        assertTrue(session.query("select version()", 1).rows().get(0).get(0).startsWith("PostgreSQL"));
        assertEquals("jdbc:redshift://127.0.0.1:" + pg.port() + "/starling", ((RedshiftAdapter) adapter).url());
    }

    @Test
    void retriesATransactionWhenTheConnectionIsDropped() throws Exception {
        long pid = session.queryLong("select pg_backend_pid()");
        pg.execute("select pg_terminate_backend(" + pid + ")");
        String table = adapter.relation(schema, "after_drop");
        session.transaction(List.of("create table " + table + " as select 1 as id"));
        assertEquals(1, session.queryLong("select count(*) from " + table));
        List<String> retried = redshiftSession().retried();
        assertEquals(1, retried.size(), retried::toString);
        assertTrue(retried.get(0).startsWith("[57P01]") || retried.get(0).startsWith("[08"), retried::toString);
        assertTrue(session.queryLong("select pg_backend_pid()") != pid, "a new connection");
    }

    @Test
    void retriesASerializationFailureBetweenTwoSessions() throws Exception {
        String a = adapter.relation(schema, "a");
        String b = adapter.relation(schema, "b");
        pg.execute("create table " + a + " (v int); insert into " + a + " values (1);"
                + " create table " + b + " (v int); insert into " + b + " values (1)");
        try (Connection other = pg.connect(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("set transaction isolation level serializable");
            s.executeQuery("select sum(v) from " + a).close();
            s.execute("update " + b + " set v = v + 1");
            // the other session commits while ours is between its read of b and its write of a: a write skew
            CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                try (Connection watcher = pg.connect(); Statement w = watcher.createStatement()) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < deadline) {
                        try (ResultSet rs = w.executeQuery("select count(*) from pg_stat_activity where state = 'active'"
                                + " and query = 'select pg_sleep(0.8)'")) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                break;
                            }
                        }
                        Thread.sleep(20);
                    }
                    other.commit();
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            session.transaction(List.of("set transaction isolation level serializable",
                    "select sum(v) from " + b, "select pg_sleep(0.8)", "update " + a + " set v = v + 10"));
            commit.get(5, TimeUnit.SECONDS);
        }
        List<String> retried = redshiftSession().retried();
        assertEquals(1, retried.size(), retried::toString);
        assertTrue(retried.get(0).startsWith("[40001]"), retried::toString);
        assertEquals(11, session.queryLong("select v from " + a), "the retry's update took effect once");
    }

    @Test
    void otherErrorsFailAtOnceNamingTheStatement() {
        String table = adapter.relation(schema, "t");
        SQLException e = assertThrows(SQLException.class, () -> session.transaction(List.of(
                "create table " + table + " as select 1 as id", "select no_such_column from " + table)));
        assertTrue(e.getMessage().contains("no_such_column"), e::getMessage);
        assertTrue(e.getMessage().contains("in statement 2 of 2: select no_such_column from " + table), e::getMessage);
        assertEquals("42703", e.getSQLState());
        assertEquals(List.of(), redshiftSession().retried(), "not retried");
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWhenTheServerStaysAway() throws Exception {
        try (StartupProxy ownProxy = new StartupProxy(pg.directPort());
             Adapter flaky = adapter(ownProxy.port(), Map.of("retries", 2));
             RedshiftSession s = (RedshiftSession) flaky.openSession()) {
            assertEquals(1, s.queryLong("select 1"));
            ownProxy.close(); // drops the connection, and refuses new ones
            SQLException e = assertThrows(SQLException.class, () -> s.queryLong("select 1"));
            assertTrue(e.getMessage().contains("still failing after 2 retries"), e::getMessage);
            assertEquals(2, s.retried().size(), s.retried()::toString);
        }
    }

    @Test
    void listsRelationsWithoutDriverMetadata() throws SQLException {
        session.transaction(List.of("create table " + adapter.relation(schema, "user") + " (id int)",
                "create view " + adapter.relation(schema, "v") + " as select 1 as x"));
        assertEquals(Map.of("user", RelationType.TABLE, "v", RelationType.VIEW), session.relations(schema));
    }

    @Test
    void readsRejectedLinesOfTheSessionsLastCopy() throws SQLException {
        LoadErrorsStandIn.install(pg);
        LoadErrorsStandIn.lastCopy(pg, 4711, List.of(
                "(4711, 's3://bucket/log_data/2018/11/a.json', 7, 'ts', 'Invalid digit, Value ''x'', Pos 0')",
                "(4711, 's3://bucket/log_data/2018/11/a.json', 3, 'user_id', 'String length exceeds DDL length')",
                "(4000, 's3://bucket/other.json', 1, 'x', 'an older COPY')"));
        String relation = adapter.relation(schema, "event_staging");
        session.transaction(List.of("create table " + relation + " as select 1 as ts union all select 2"));
        CompiledNode source = new CompiledNode(TestNodes.source("sparkify", "event_staging",
                List.of(new Column("ts", "ts", "bigint", ""))), null, relation, Set.of(), "s3://bucket/log_data", Map.of());
        // the report of a load of the whole location, as the runner reads it right after the load
        LoadReport report = adapter.sourceLoader().read(new SourceLoader.Request(source, null,
                new LoadInto(relation, false, false, false), null, false, session)).report().read(session, true, 0);
        assertEquals(2, report.loaded());
        assertEquals(2, report.rejected());
        assertEquals(List.of(
                new LoadReport.Reject("s3://bucket/log_data/2018/11/a.json", 3, "user_id", "String length exceeds DDL length"),
                new LoadReport.Reject("s3://bucket/log_data/2018/11/a.json", 7, "ts", "Invalid digit, Value 'x', Pos 0")),
                report.rejects());
        assertEquals("event_staging: 2 loaded, 2 rejected (see select * from stl_load_errors where query = 4711)",
                report.summary("event_staging"));
    }
}
