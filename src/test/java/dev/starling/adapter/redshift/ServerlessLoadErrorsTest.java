package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.LoadReport;
import dev.starling.execute.NodeResult;
import dev.starling.execute.RunListener;
import dev.starling.execute.Runner;
import dev.starling.graph.Dag;
import dev.starling.project.Column;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import dev.starling.support.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redshift Serverless has no stl_load_errors: its COPY errors are in sys_load_error_detail (other column names, no
 * raw line). A database of the test server stands in for a workgroup: it has sys_load_error_detail with Serverless's
 * columns and no stl_load_errors, so the adapter must find the errors there, decided once per connection.
 */
class ServerlessLoadErrorsTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final PostgresServer pg = PostgresServer.shared();

    /** A fresh database standing in for a Serverless workgroup; its schema {@code s}. */
    private String workgroup(int copyId, List<String> errors) {
        String database = "serverless_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        pg.execute("create database " + database);
        pg.execute("create schema s;"
                + " create table public.sys_load_error_detail (user_id integer, query_id bigint, transaction_id bigint,"
                + " session_id integer, database_name character(64), table_id integer, start_time timestamp,"
                + " file_name character(256), line_number bigint, column_name character(127), column_type character(10),"
                + " column_length character(10), position integer, error_code integer, error_message character(512));"
                + " create table public.last_copy (id integer); insert into public.last_copy values (" + copyId + ");"
                + " create function public.pg_last_copy_id() returns integer language sql"
                + " as 'select coalesce(max(id), -1) from public.last_copy';"
                + " create function public.getdate() returns timestamp language sql as 'select localtimestamp';"
                + (errors.isEmpty() ? "" : " insert into public.sys_load_error_detail (query_id, file_name, line_number,"
                + " column_name, error_message) values " + String.join(", ", errors)), database);
        return database;
    }

    private NodeResult load(String database, int maxErrors) {
        Adapter adapter = new LoadWithRejectsTest.StagesWithoutCopy(AdapterProvider.forTarget(
                RedshiftOnPostgresTest.target(pg.port(), "s", Map.of("database", database)), Path.of(".")));
        CompiledNode source = new CompiledNode(TestNodes.source("sparkify", "event_staging",
                List.of(new Column("ts", "ts", "bigint", ""))), null, adapter.relation("s", "event_staging"), Set.of(),
                "s3://bucket/log_data", Map.of("max_errors", maxErrors));
        try (adapter) {
            return new Runner(adapter, "s", 1, RunListener.SILENT).execute("run", Runner.Mode.RUN,
                    Dag.of(List.of(source)), List.of(source.id())).results().get(0);
        }
    }

    @Test
    void loadErrorsAreReadFromSysLoadErrorDetail() {
        String database = workgroup(512, List.of(
                "(512, 's3://bucket/log_data/2018/11/b.json', 40, 'length', 'Invalid digit, Value ''-'', Pos 0')",
                "(77, 's3://bucket/log_data/2018/11/a.json', 1, 'ts', 'an older COPY')"));
        NodeResult within = load(database, 5);
        assertEquals(NodeResult.Status.SUCCESS, within.status(), within::toString);
        assertEquals(LoadReport.ofWholeLocation(3, 1, List.of(new LoadReport.Reject(
                "s3://bucket/log_data/2018/11/b.json", 40, "length", "Invalid digit, Value '-', Pos 0")),
                "select * from sys_load_error_detail where query_id = 512"), within.load());

        NodeResult over = load(database, 0);
        assertEquals(NodeResult.Status.ERROR, over.status(), over::toString);
        assertTrue(over.message().contains("1 record rejected, more than max_errors (0): nothing of this load was"
                + " committed, event_staging is as it was."), over::toString);
        assertTrue(over.message().contains("select * from sys_load_error_detail where query_id in (512)"),
                over::toString);
    }
}
