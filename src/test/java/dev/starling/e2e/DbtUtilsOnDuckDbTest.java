package dev.starling.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The dbt_utils macros and tests on DuckDB. */
class DbtUtilsOnDuckDbTest extends DbtUtilsOnEngineTest {

    @Override
    protected String projectYaml() {
        return "name: shop\n";
    }

    @Override
    protected String targetType() {
        return "duckdb";
    }

    @Override
    protected String schema() {
        return "main";
    }

    @Override
    protected List<List<String>> rows(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/shop.duckdb"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return texts(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
