package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.execute.Materializations;
import dev.starling.execute.PlanExecutor;
import dev.starling.project.Node;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import dev.starling.support.PostgresServer;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A connection lost right after a COMMIT that succeeded (the proxy cuts it before the reply): the session retries
 * the transaction in a new connection. A plain append would then be applied twice; an incremental apply carries an
 * apply mark, finds it, and is applied once. On PostgreSQL through the Redshift driver.
 */
class LostCommitTest {

    private final PostgresServer pg = PostgresServer.shared();

    @Test
    void aRetryAfterALostCommitAppliesAnIncrementalModelOnce() throws SQLException {
        String schema = pg.newSchema("lost_commit");
        LoadErrorsStandIn.install(pg); // getdate()
        Adapter adapter = AdapterProvider.forTarget(RedshiftOnPostgresTest.target(pg.port(), schema, Map.of()),
                Path.of("."));
        Node node = TestNodes.model("events", Path.of("models/events.sql"), "select 1 as id", "incremental");
        node.config().put("incremental_strategy", "append");
        CompiledNode model = new CompiledNode(node, "select 1 as id", adapter.relation(schema, "events"), Set.of(), null,
                null, "select 2 as id");
        String table = adapter.relation(schema, "events");
        try (adapter; Session session = adapter.openSession()) {
            PlanExecutor.run(Materializations.plan(adapter, schema, session, model, RelationType.NONE, false), session);

            // without a mark: the commit is lost on the way back, the retry applies the row a second time
            int dropped = pg.proxy().commitsDropped();
            pg.proxy().dropAfterCommitOf("insert into " + table + " values (3)");
            session.transaction(List.of("insert into " + table + " values (3)"));
            assertEquals(dropped + 1, pg.proxy().commitsDropped(), "the proxy cut the connection after the commit");
            assertEquals(2, session.queryLong("select count(*) from " + table + " where id = 3"),
                    "a plain transaction retried after its lost commit is applied twice");

            int retriedBefore = session.retried().size();
            pg.proxy().dropAfterCommitOf(".\"starling_applied\" (id, node, applied_at) values");
            PlanExecutor.run(Materializations.plan(adapter, schema, session, model, RelationType.TABLE, false), session);
            assertEquals(dropped + 2, pg.proxy().commitsDropped(), "the apply's commit was lost on the way back");
            List<String> retried = session.retried().subList(retriedBefore, session.retried().size());
            assertTrue(retried.stream().anyMatch(line -> line.contains("apply mark") && line.contains("not applied again")),
                    retried::toString);
            assertEquals(1, session.queryLong("select count(*) from " + table + " where id = 2"),
                    "the incremental apply retried after its lost commit is applied once");
        }
    }
}
