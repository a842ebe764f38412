package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.LoadReport;
import dev.starling.execute.NodeResult;
import dev.starling.execute.RunListener;
import dev.starling.execute.RunResults;
import dev.starling.execute.Runner;
import dev.starling.graph.Dag;
import dev.starling.project.Column;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import dev.starling.support.PostgresServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A load that succeeds with rejected lines (fewer than max_errors): the run succeeds and its result carries the
 * report, on PostgreSQL through the Redshift driver. PostgreSQL cannot COPY from S3, so only the staging statements
 * are replaced (by a CREATE TABLE AS); the runner, the swap and the load-error report are the Redshift adapter's.
 */
class LoadWithRejectsTest {

    private final PostgresServer pg = PostgresServer.shared();

    /** The Redshift adapter, but staging with a statement PostgreSQL can run in place of COPY. */
    static final class StagesWithoutCopy extends DelegatingAdapter {
        StagesWithoutCopy(Adapter redshift) {
            super(redshift);
        }

        /** The staged table's CREATE and its COPY become one CREATE TABLE AS of three rows. */
        @Override
        List<String> rewrite(List<String> statements) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < statements.size(); i++) {
                String sql = statements.get(i);
                if (sql.startsWith("create table ") && i + 1 < statements.size()
                        && statements.get(i + 1).startsWith("copy ")) {
                    String relation = sql.substring("create table ".length(), sql.indexOf(" (\n"));
                    out.add("create table " + relation + " as select 1::bigint as ts union all select 2 union all"
                            + " select 3");
                    i++;
                } else {
                    out.add(sql);
                }
            }
            return out;
        }
    }

    @Test
    void aLoadWithinMaxErrorsSucceedsAndReportsItsRejects() {
        String schema = pg.newSchema("rejects");
        LoadErrorsStandIn.install(pg);
        LoadErrorsStandIn.lastCopy(pg, 512, List.of(
                "(512, 's3://bucket/log_data/2018/11/b.json', 40, 'length', 'Invalid digit, Value ''-'', Pos 0')"));
        Adapter adapter = new StagesWithoutCopy(AdapterProvider.forTarget(
                RedshiftOnPostgresTest.target(pg.port(), schema, Map.of()), Path.of(".")));
        CompiledNode source = new CompiledNode(TestNodes.source("sparkify", "event_staging",
                List.of(new Column("ts", "ts", "bigint", ""))), null, adapter.relation(schema, "event_staging"), Set.of(),
                "s3://bucket/log_data", Map.of("max_errors", 5));
        RunResults run;
        try (adapter) {
            run = new Runner(adapter, schema, 1, RunListener.SILENT).execute("run", Runner.Mode.RUN,
                    Dag.of(List.of(source)), List.of(source.id()));
        }
        NodeResult result = run.results().get(0);
        assertEquals(NodeResult.Status.SUCCESS, result.status(), result::toString);
        assertEquals(0, run.exitStatus(), "rejects within max_errors do not fail the run");
        assertEquals(3, result.rows());
        assertEquals(LoadReport.ofWholeLocation(3, 1, List.of(new LoadReport.Reject("s3://bucket/log_data/2018/11/b.json", 40, "length",
                "Invalid digit, Value '-', Pos 0")), "select * from stl_load_errors where query = 512"), result.load());
        assertEquals("  s3://bucket/log_data/2018/11/b.json:40: column length: Invalid digit, Value '-', Pos 0",
                result.message());
        assertEquals("event_staging: 3 loaded, 1 rejected (see select * from stl_load_errors where query = 512)",
                result.load().summary("event_staging"));
    }
}
