package dev.starling.adapter.redshift;

import dev.starling.e2e.DbtUtilsOnEngineTest;
import dev.starling.support.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** The dbt_utils macros and tests through the Redshift adapter (its macro variants), on PostgreSQL. */
class DbtUtilsOnRedshiftTest extends DbtUtilsOnEngineTest {

    private final PostgresServer pg = PostgresServer.shared();
    private final String schema = pg.newSchema("dbt_utils");

    @Override
    protected String projectYaml() {
        return "name: shop\ntarget: pg\ntargets:\n  pg:\n" + pg.targetYaml(schema, "    ");
    }

    @Override
    protected String targetType() {
        return "redshift";
    }

    @Override
    protected String schema() {
        return schema;
    }

    @Override
    protected Map<String, String> env() {
        return Map.of("STARLING_REDSHIFT_PASSWORD", "unused");
    }

    @Override
    protected List<List<String>> rows(String sql) {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return texts(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
