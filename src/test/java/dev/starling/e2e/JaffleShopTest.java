package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt's classic jaffle_shop in Starling's format (src/test/resources/jaffle_shop): its three original CSVs are
 * seeds, staging models are views by folder configuration in project.yml, and {@code starling build} with no
 * other change gives tables equal, row for row, to the expected ones checked in beside it (computed once by
 * hand-written SQL on DuckDB straight over the CSVs: expected/expected.sql, see the folder's README).
 */
class JaffleShopTest {

    static final Path FIXTURE = TestProjects.REPO.resolve("src/test/resources/jaffle_shop");

    @TempDir
    Path dir;

    @Test
    void buildsFromItsSeedsAndEqualsTheExpectedTables() {
        TestProjects.copy(FIXTURE, dir);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build.toString());
        Path db = dir.resolve("target/jaffle_shop.duckdb");

        assertEquals(List.of(List.of(100L)), Db.rows(db, "select count(*) from main.raw_customers"));
        assertEquals(List.of(List.of(99L)), Db.rows(db, "select count(*) from main.raw_orders"));
        assertEquals(List.of(List.of(113L)), Db.rows(db, "select count(*) from main.raw_payments"));
        assertEquals(List.of(List.of("id", "BIGINT"), List.of("user_id", "BIGINT"), List.of("order_date", "DATE"),
                        List.of("status", "VARCHAR")),
                Db.rows(db, "select column_name, data_type from information_schema.columns"
                        + " where table_name = 'raw_orders' order by ordinal_position"));

        for (String table : List.of("customers", "orders")) {
            String expected = "read_csv('" + FIXTURE.resolve("expected/" + table + ".csv") + "', header = true)";
            assertEquals(columns(db, "(select * from " + expected + ")"), columns(db, "main." + table), table);
            List<List<Object>> want = Db.rows(db, "select * from " + expected + " order by 1");
            List<List<Object>> got = Db.rows(db, "select * from main." + table + " order by 1");
            assertFalse(want.isEmpty());
            assertEquals(want.size(), got.size(), table);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i), got.get(i), table + " row " + (i + 1));
            }
        }
        assertEquals(List.of(
                        List.of("customers", "BASE TABLE"), List.of("orders", "BASE TABLE"),
                        List.of("raw_customers", "BASE TABLE"), List.of("raw_orders", "BASE TABLE"),
                        List.of("raw_payments", "BASE TABLE"),
                        List.of("stg_customers", "VIEW"), List.of("stg_orders", "VIEW"), List.of("stg_payments", "VIEW")),
                Db.rows(db, "select table_name, table_type from information_schema.tables where table_schema = 'main'"
                        + " order by table_name"),
                "staging models are views by 'models: jaffle_shop: staging: +materialized: view' in project.yml");
    }

    private static List<List<Object>> columns(Path db, String relation) {
        return Db.rows(db, "select column_name, column_type from (describe " + relation + ")");
    }
}
