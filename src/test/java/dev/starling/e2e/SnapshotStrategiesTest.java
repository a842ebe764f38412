package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timestamp strategy with {@code hard_deletes: new_record}, and the check strategy on all columns with
 * {@code hard_deletes: invalidate} and dbt's meta column names, over three days of a small model (day 2: a row
 * changes, one goes, one arrives; day 3: the gone one returns), on DuckDB and on PostgreSQL through the Redshift
 * adapter (whose NULL-safe comparison is spelled without IS DISTINCT FROM).
 */
class SnapshotStrategiesTest {

    @TempDir
    Path dir;

    static void project(Path dir, String targets) {
        TestProjects.write(dir.resolve("project.yml"), """
                name: shop
                vars: {day: 1}
                snapshots:
                  +unique_key: id
                  history:
                    +tags: [history]
                target: dev
                targets:
                  dev:
                    type: duckdb
                    path: target/shop.duckdb
                """ + targets);
        TestProjects.write(dir.resolve("models/items.sql"), """
                <#if var('day') == 1>
                select 1 as id, 'a' as v, cast(null as varchar) as note, cast('2024-01-01' as timestamp) as changed_at
                union all select 2, 'b', 'x', cast('2024-01-01' as timestamp)
                <#elseif var('day') == 2>
                select 1 as id, 'a2' as v, cast(null as varchar) as note, cast('2024-01-02' as timestamp) as changed_at
                union all select 3, 'c', null, cast('2024-01-02' as timestamp)
                <#else>
                select 1 as id, 'a2' as v, cast(null as varchar) as note, cast('2024-01-02' as timestamp) as changed_at
                union all select 2, 'b', 'x', cast('2024-01-01' as timestamp)
                union all select 3, 'c', null, cast('2024-01-02' as timestamp)
                </#if>
                """);
        TestProjects.write(dir.resolve("snapshots/history/by_time.sql"), """
                <@config strategy="timestamp" updated_at="changed_at" hard_deletes="new_record"/>
                select * from ${ref('items')}
                """);
        TestProjects.write(dir.resolve("snapshots/history/by_check.sql"), "select * from ${ref('items')}\n");
        TestProjects.write(dir.resolve("snapshots/history/props.yml"), """
                snapshots:
                  - name: by_check
                    config:
                      strategy: check
                      check_cols: all
                      hard_deletes: invalidate
                      snapshot_meta_column_names: {dbt_valid_from: dbt_valid_from, dbt_valid_to: dbt_valid_to,
                                                   dbt_scd_id: dbt_scd_id, dbt_updated_at: dbt_updated_at}
                """);
    }

    interface Query {
        List<String> rows(String sql) throws Exception;
    }

    static void threeDays(Path dir, Map<String, String> env, List<String> target, Query db, String schema)
            throws Exception {
        String[] times = {"2024-02-01T00:00:00Z", "2024-02-02T00:00:00Z", "2024-02-03T00:00:00Z"};
        for (int day = 1; day <= 3; day++) {
            Map<String, String> withTime = new HashMap<>(env);
            withTime.put("STARLING_SNAPSHOT_TIME", times[day - 1]);
            List<String> args = new java.util.ArrayList<>(List.of("build", "--vars", "{day: " + day + "}"));
            args.addAll(target);
            Cli.Result build = Cli.run(dir, withTime, args.toArray(new String[0]));
            assertEquals(0, build.status(), build::toString);
            assertTrue(build.out().contains("OK    snapshot by_time"), build::toString);
        }
        // timestamp + new_record: 1 closed at its new changed_at; 2 closed on day 2, marked deleted, back on day 3
        assertEquals(List.of(
                        "1|a|2024-01-01 00:00:00|2024-01-02 00:00:00|false",
                        "1|a2|2024-01-02 00:00:00|-|false",
                        "2|b|2024-01-01 00:00:00|2024-02-02 00:00:00|false",
                        "2|b|2024-02-02 00:00:00|2024-02-03 00:00:00|true",
                        "2|b|2024-01-01 00:00:00|-|false",
                        "3|c|2024-01-02 00:00:00|-|false"),
                db.rows("select cast(id as varchar) || '|' || v || '|' || " + ts("valid_from") + " || '|' || coalesce("
                        + ts("valid_to") + ", '-') || '|' || case when is_deleted then 'true' else 'false' end from "
                        + schema + "by_time order by id, coalesce(valid_to, cast('2999-01-01' as timestamp))"));
        // check on all columns + invalidate, with dbt's column names: 2 is closed on day 2 and opens again on day 3
        assertEquals(List.of(
                        "1|a|2024-02-01 00:00:00|2024-02-02 00:00:00",
                        "1|a2|2024-02-02 00:00:00|-",
                        "2|b|2024-02-01 00:00:00|2024-02-02 00:00:00",
                        "2|b|2024-02-03 00:00:00|-",
                        "3|c|2024-02-02 00:00:00|-"),
                db.rows("select cast(id as varchar) || '|' || v || '|' || " + ts("dbt_valid_from") + " || '|' || coalesce("
                        + ts("dbt_valid_to") + ", '-') from " + schema + "by_check order by id, dbt_valid_from"));
    }

    private static String ts(String column) {
        return "cast(" + column + " as varchar)";
    }

    @Test
    void onDuckDb() throws Exception {
        project(dir, "");
        Path db = dir.resolve("target/shop.duckdb");
        threeDays(dir, Map.of(), List.of(), sql -> Db.rows(db, sql).stream().map(r -> String.valueOf(r.get(0))).toList(),
                "");
        Cli.Result ls = Cli.run(dir, "ls", "--select", "tag:history");
        assertTrue(ls.out().contains("by_time") && ls.out().contains("by_check"), "folder config: " + ls);
    }

    @Test
    void onPostgresThroughTheRedshiftAdapter() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String schema = pg.newSchema("snaps");
        project(dir, "  pg:\n" + pg.targetYaml(schema, "    "));
        threeDays(dir, Map.of("STARLING_REDSHIFT_PASSWORD", "unused"), List.of("--target", "pg"), pg::column,
                schema + ".");
    }
}
