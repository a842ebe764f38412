package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration by folder in project.yml, overridden by the YAML next to the model, overridden by the model's own
 * {@code <@config .../>} (dbt's order), custom schemas ({@code <target schema>_<custom>}, or a project's
 * generate_schema_name), and a source's {@code schema:}; on DuckDB and on PostgreSQL through the Redshift adapter.
 */
class FolderConfigTest {

    @TempDir
    Path dir;

    /** The project: staging is views in schema _stg by folder; each override level is used once. */
    static void project(Path dir, String landing, String targets) {
        TestProjects.write(dir.resolve("project.yml"), """
                name: shop
                models:
                  shop:
                    +materialized: table
                    staging:
                      +materialized: view
                      +schema: stg
                      +tags: [staging]
                  marts:
                    +tags: [mart]
                target: dev
                targets:
                  dev:
                    type: duckdb
                    path: target/shop.duckdb
                """ + targets);
        TestProjects.write(dir.resolve("models/staging/sources.yml"), """
                sources:
                  - name: raw
                    schema: %s
                    tables:
                      - name: orders_raw
                        location: data/orders
                        columns:
                          - {name: id, type: integer}
                          - {name: amount, type: double}
                """.formatted(landing));
        TestProjects.write(dir.resolve("data/orders/1.json"), "{\"id\": 1, \"amount\": 2.5}\n{\"id\": 2, \"amount\": 4}\n");
        TestProjects.write(dir.resolve("models/staging/schema.yml"), """
                models:
                  - name: stg_yaml
                    config: {materialized: table}
                  - name: stg_infile
                    config: {materialized: table, tags: [yaml]}
                """);
        TestProjects.write(dir.resolve("models/staging/stg_orders.sql"),
                "select id, amount from ${source('raw', 'orders_raw')}\n");
        TestProjects.write(dir.resolve("models/staging/stg_yaml.sql"), "select 1 as x\n");
        TestProjects.write(dir.resolve("models/staging/stg_infile.sql"),
                "<@config materialized=\"view\" tags=[\"own\"]/>\nselect 2 as x\n");
        TestProjects.write(dir.resolve("models/marts/orders.sql"), """
                <@config schema="marts"/>
                select o.id, o.amount, y.x from ${ref('stg_orders')} as o cross join ${ref('stg_yaml')} as y
                """);
        TestProjects.write(dir.resolve("models/marts/off.sql"), "<@config enabled=false/>\nselect 1 as x\n");
    }

    static final List<List<Object>> DUCKDB_RELATIONS = List.of(
            List.of("main_marts", "orders", "BASE TABLE"),
            List.of("landing", "orders_raw", "BASE TABLE"),
            List.of("main_stg", "stg_infile", "VIEW"),
            List.of("main_stg", "stg_orders", "VIEW"),
            List.of("main_stg", "stg_yaml", "BASE TABLE"));

    @Test
    void folderThenYamlThenInFileAndCustomSchemasOnDuckDb() {
        project(dir, "landing", "");
        Path db = dir.resolve("target/shop.duckdb");
        for (int run = 1; run <= 2; run++) { // the second build replaces what the first made, in the same schemas
            Cli.Result build = Cli.run(dir, "build");
            assertEquals(0, build.status(), build::toString);
            assertFalse(build.out().contains("off"), build::toString);
            assertEquals(DUCKDB_RELATIONS, Db.rows(db, "select table_schema, table_name, table_type from"
                    + " information_schema.tables where table_name not like 'starling%' and table_name not like '%rejects'"
                    + " order by 2, 1"));
        }
        assertEquals(List.of(List.of(1, 2.5, 1), List.of(2, 4.0, 1)),
                Db.rows(db, "select * from main_marts.orders order by id"));

        Cli.Result ls = Cli.run(dir, "ls", "--select", "tag:own");
        assertEquals(0, ls.status(), ls::toString);
        assertTrue(ls.out().contains("stg_infile"), "tags add up: folder, YAML and in-file " + ls);
        for (String tag : List.of("tag:staging", "tag:yaml")) {
            assertTrue(Cli.run(dir, "ls", "--select", tag).out().contains("stg_infile"), tag);
        }
        Cli.Result compile = Cli.run(dir, "compile", "--select", "stg_infile");
        assertEquals(0, compile.status(), compile::toString);
        assertEquals("select 2 as x", TestProjects.read(dir.resolve("target/compiled/models/staging/stg_infile.sql")).trim(),
                "the in-file config prints nothing");
        assertTrue(TestProjects.read(dir.resolve("target/compiled/models/marts/orders.sql"))
                .contains("\"main_stg\".\"stg_orders\""), "ref() names the custom schema");
    }

    @Test
    void aProjectMacroNamesTheSchemas() {
        project(dir, "landing", "");
        TestProjects.write(dir.resolve("macros/schemas.ftl"), """
                <#function generate_schema_name custom_schema_name node>
                  <#if custom_schema_name == ""><#return target.schema></#if>
                  <#return custom_schema_name>
                </#function>
                """);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        assertEquals(List.of(List.of("marts", "orders"), List.of("stg", "stg_infile"), List.of("stg", "stg_orders"),
                List.of("stg", "stg_yaml")), Db.rows(dir.resolve("target/shop.duckdb"), "select table_schema,"
                + " table_name from information_schema.tables where table_schema in ('stg', 'marts') order by 2"));
    }

    @Test
    void aMisspeltFolderKeyIsAnErrorWithItsLine() {
        project(dir, "landing", "");
        Path file = dir.resolve("project.yml");
        TestProjects.write(file, TestProjects.read(file).replace("+materialized: view", "+materialised: view"));
        Cli.Result bad = Cli.run(dir, "compile");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("project.yml:6: unknown config key '+materialised' in models:. Did you mean"
                + " '+materialized'?"), bad::toString);

        TestProjects.write(file, TestProjects.read(file).replace("+materialised: view", "materialized: view"));
        bad = Cli.run(dir, "compile");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("project.yml:6: models: 'materialized' is a folder name here, so it holds a"
                + " mapping; did you mean '+materialized'?"), bad::toString);

        TestProjects.write(file, TestProjects.read(file).replace("materialized: view", "+materialized: viewz"));
        bad = Cli.run(dir, "compile");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("project.yml:6: unknown materialization 'viewz' for model 'stg_orders'"),
                bad::toString);

        TestProjects.write(dir.resolve("models/marts/off.sql"), "<@config enabeld=false/>\nselect 1 as x\n");
        bad = Cli.run(dir, "compile");
        assertEquals(2, bad.status(), bad::toString);
        assertTrue(bad.err().contains("models/marts/off.sql:1: unknown config key 'enabeld' in <@config .../>. Did you"
                + " mean 'enabled'?"), bad::toString);
    }

    @Test
    void aFolderThatMatchesNothingIsAWarning() {
        project(dir, "landing", "");
        Path file = dir.resolve("project.yml");
        TestProjects.write(file, TestProjects.read(file).replace("    staging:\n", "    stagin:\n      +tags: [x]\n"
                + "    staging:\n"));
        Cli.Result compile = Cli.run(dir, "compile");
        assertEquals(0, compile.status(), compile::toString);
        assertTrue(compile.err().contains("Warning: project.yml:6: models: 'shop.stagin' matches no folder or file of"
                + " this project's models; its config applies to nothing."), compile::toString);
        assertFalse(compile.err().contains("'marts'"), "a folder without the project's level matches: " + compile);
    }

    @Test
    void theSameOnPostgresThroughTheRedshiftAdapter() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String schema = pg.newSchema("cfg");
        String landing = pg.newSchema("landing");
        pg.execute("create table " + landing + ".orders_raw as select 1 as id, 2.5::float8 as amount"
                + " union all select 2, 4");
        project(dir, landing, "  pg:\n" + pg.targetYaml(schema, "    "));
        Map<String, String> env = Map.of("STARLING_REDSHIFT_PASSWORD", "unused");
        for (int run = 1; run <= 2; run++) {
            Cli.Result build = Cli.run(dir, env, "build", "--target", "pg", "--exclude", "source:raw");
            assertEquals(0, build.status(), build::toString);
            assertEquals(List.of(schema + "_marts.orders:BASE TABLE", schema + "_stg.stg_infile:VIEW",
                    schema + "_stg.stg_orders:VIEW", schema + "_stg.stg_yaml:BASE TABLE"), pg.column("select"
                    + " table_schema || '.' || table_name || ':' || table_type from information_schema.tables where"
                    + " table_schema like '" + schema + "\\_%' order by table_name"));
        }
        assertEquals(List.of("1|2.5|1", "2|4|1"), pg.column("select id || '|' || amount || '|' || x from "
                + schema + "_marts.orders order by id"));
    }
}
