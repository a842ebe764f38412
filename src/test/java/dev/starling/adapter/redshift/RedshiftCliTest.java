package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a redshift target, run for real on PostgreSQL through the Redshift driver: build, a failing
 * model, a failed load with its rejected lines, {@code starling debug}, and the settings errors.
 */
class RedshiftCliTest {

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    private String projectOnPostgres(String schema) {
        TestProjects.write(dir.resolve("project.yml"), """
                name: shop
                target: dev
                targets:
                  dev:
                    type: duckdb
                  pg:
                %s""".formatted(pg.targetYaml(schema, "    ", "threads: 2")));
        TestProjects.write(dir.resolve("models/user.sql"), "select 1 as user_id, 'paid' as level union all select 2, 'free'");
        TestProjects.write(dir.resolve("models/paid_user.sql"), "select user_id from ${ref('user')} where level = 'paid'");
        TestProjects.write(dir.resolve("models/schema.yml"), """
                models:
                  - name: paid_user
                    config: {materialized: view}
                  - name: user
                    columns:
                      - name: user_id
                        tests: [unique, not_null]
                """);
        return schema;
    }

    private Cli.Result starling(String... args) {
        return Cli.run(dir, Map.of("STARLING_REDSHIFT_PASSWORD", "unused"), args);
    }

    private List<String> column(String sql) throws SQLException {
        return pg.column(sql);
    }

    @Test
    void showRunsOneQueryInAReadOnlyTransaction() throws SQLException {
        String schema = projectOnPostgres(pg.newSchema("show"));
        assertEquals(0, starling("run", "--target", "pg").status());
        Cli.Result delete = starling("show", "--target", "pg", "--inline", "delete from ${ref('user')}");
        assertEquals(2, delete.status(), delete::toString);
        assertEquals("Error: --inline: show runs exactly one query (SELECT, WITH, VALUES, ...) and changes nothing;"
                + " this text is a DELETE statement. Nothing was run.", delete.err().strip());
        Cli.Result two = starling("show", "--target", "pg", "--inline", "select 1; commit; drop table ${ref('user')}");
        assertEquals(2, two.status(), two::toString);
        assertTrue(two.err().strip().endsWith("this text is 3 statements. Nothing was run."), two::toString);
        // one statement that starts as a query but writes: the READ ONLY transaction refuses it
        Cli.Result cte = starling("show", "--target", "pg", "--inline",
                "with gone as (delete from ${ref('user')} returning user_id) select * from gone");
        assertEquals(2, cte.status(), cte::toString);
        assertTrue(cte.err().contains("read-only transaction"), cte::toString);
        assertEquals(List.of("1", "2"), column("select user_id from " + schema + ".\"user\" order by 1"));
        Cli.Result select = starling("show", "--target", "pg", "--inline", "select count(*) as n from ${ref('user')}");
        assertEquals(0, select.status(), select::toString);
        assertTrue(select.out().contains("(1 row)"), select::toString);
    }

    @Test
    void buildsModelsAndTestsThenAFailingModelLeavesTheTable() throws SQLException {
        String schema = projectOnPostgres(pg.newSchema("cli"));
        Cli.Result build = starling("build", "--target", "pg");
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().startsWith("Starling: build shop on target pg (redshift starling@127.0.0.1:" + pg.port()
                + "/starling), 2 threads"), build::toString);
        assertTrue(build.out().contains("Done. 4 ok, 0 failed, 0 skipped"), build::toString);
        assertEquals(List.of("1"), column("select user_id from " + schema + ".paid_user"));

        TestProjects.write(dir.resolve("models/user.sql"), "select 1 as user_id, no_such_column as level");
        Cli.Result failed = starling("run", "--target", "pg");
        assertEquals(1, failed.status(), failed::toString);
        assertTrue(failed.out().contains("models/user.sql: SQL error [42703]: ERROR: column \"no_such_column\" does not exist"),
                failed::toString);
        assertTrue(failed.out().contains("in statement 2 of 4: create table \"" + schema + "\".\"user__starling_tmp\" ..."),
                failed::toString);
        assertTrue(failed.out().contains("The table user is as it was."), failed::toString);
        assertEquals(List.of("1", "2"), column("select user_id from " + schema + ".\"user\" order by 1"));
        assertEquals(List.of("user"), column("select table_name from information_schema.tables where table_schema = '"
                + schema + "' and table_type = 'BASE TABLE'"), "no temporary left behind");
    }

    @Test
    void aModelWhoseConnectionDropsIsRetriedAndSaysSo() {
        String schema = projectOnPostgres(pg.newSchema("retry"));
        pg.execute("create sequence " + schema + ".once");
        // the first time it runs, the model's query ends its own connection (as a dropped connection would)
        TestProjects.write(dir.resolve("models/flaky.sql"), "select 1 as id from (select case when nextval('" + schema
                + ".once') = 1 then pg_terminate_backend(pg_backend_pid()) else true end as ok) as t where ok");
        Cli.Result run = starling("run", "--target", "pg", "--select", "flaky");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("OK    table flaky"), run::toString);
        assertTrue(run.out().contains("retried 1 time after a transient error: [57P01]"), run::toString);
    }

    @Test
    void anIncrementalRunWhoseConnectionDropsWhileApplyingIsRetriedWholeInTheNewSession() throws SQLException {
        String schema = projectOnPostgres(pg.newSchema("inc_retry"));
        pg.execute("create table " + schema + ".src (id integer); insert into " + schema + ".src values (1), (2);"
                + " create sequence " + schema + ".once");
        TestProjects.write(dir.resolve("models/plays.sql"), "select id from " + schema + ".src"
                + "<#if is_incremental()> where id > (select max(id) from ${this})</#if>\n");
        TestProjects.write(dir.resolve("models/plays.yml"), "models:\n  - name: plays\n    config: {materialized:"
                + " incremental, incremental_strategy: append}\n");
        Cli.Result first = starling("run", "--target", "pg", "--select", "plays");
        assertEquals(0, first.status(), first::toString);

        // the first insert into plays ends its own connection, as a dropped connection would, after the new rows
        // were computed into the session's temporary table
        pg.execute("create function " + schema + ".drop_once() returns trigger language plpgsql as $$ begin"
                + " if nextval('" + schema + ".once') = 1 then perform pg_terminate_backend(pg_backend_pid());"
                + " perform pg_sleep(5); end if; return null; end $$;"
                + " create trigger drop_once before insert on " + schema + ".plays for each statement"
                + " execute function " + schema + ".drop_once();"
                + " insert into " + schema + ".src values (3)");
        Cli.Result again = starling("run", "--target", "pg", "--select", "plays");
        assertEquals(0, again.status(), again::toString);
        assertTrue(again.out().contains("retried 1 time after a transient error: [57P01]"), again::toString);
        assertEquals(List.of("1", "2", "3"), column("select id from " + schema + ".plays order by id"),
                "the new row once: the retry computed it again in the new session and applied it once");
    }

    @Test
    void aFailedLoadReportsTheRejectedLinesAndFails() {
        projectOnPostgres(pg.newSchema("load"));
        TestProjects.write(dir.resolve("models/sources.yml"), """
                sources:
                  - name: app
                    tables:
                      - name: events
                        location: {redshift: "s3://bucket/log_data"}
                        json: auto
                        max_errors: 0
                        columns:
                          - {name: ts, type: bigint}
                """);
        LoadErrorsStandIn.install(pg);
        LoadErrorsStandIn.lastCopy(pg, 99, List.of(
                "(99, 's3://bucket/log_data/2018/11/2018-11-01-events.json', 12, 'ts', 'Invalid digit, Value ''a''')"));
        Cli.Result load = starling("run", "--target", "pg", "--select", "source:app");
        assertEquals(1, load.status(), load::toString);
        // PostgreSQL rejects Redshift's COPY FROM S3 itself; the runner then reads the load-error log as on Redshift
        assertTrue(load.out().contains("ERROR load  app.events"), load::toString);
        assertTrue(load.out().contains("nothing loaded, 1 rejected (see select * from stl_load_errors where query = 99)"),
                load::toString);
        assertTrue(load.out().contains("s3://bucket/log_data/2018/11/2018-11-01-events.json:12: column ts: Invalid digit,"
                + " Value 'a'"), load::toString);
    }

    @Test
    void debugPassesOnAWorkingTargetAndSaysWhatToFix() {
        projectOnPostgres(pg.newSchema("debug"));
        Cli.Result ok = starling("debug", "--target", "pg");
        assertEquals(0, ok.status(), ok::toString);
        assertTrue(ok.out().contains("  password: ****** (set)"), ok::toString);
        assertFalse(ok.out().contains("unused"), "the password is never printed");
        assertTrue(ok.out().contains("OK    query         select version(): PostgreSQL"), ok::toString);
        assertTrue(ok.out().contains("OK    reach         TCP connect to 127.0.0.1:"), ok::toString);
        assertTrue(ok.out().endsWith("All checks passed.\n"), ok::toString);

        projectOnPostgres("no_such_schema");
        Cli.Result noSchema = starling("debug", "--target", "pg");
        assertEquals(1, noSchema.status(), noSchema::toString);
        assertTrue(noSchema.out().contains("FAIL  schema        schema no_such_schema does not exist\n"
                + "      fix: create it (create schema \"no_such_schema\")"), noSchema::toString);

        Cli.Result noPassword = Cli.run(dir, Map.of(), "debug", "--target", "pg");
        assertEquals(1, noPassword.status(), noPassword::toString);
        assertTrue(noPassword.out().contains("FAIL  settings      project.yml:"), noPassword::toString);
        assertTrue(noPassword.out().contains("environment variable STARLING_REDSHIFT_PASSWORD is not set"), noPassword::toString);
    }

    @Test
    void missingSettingsStopEveryCommandWithOneLine() {
        TestProjects.sparkify(dir);
        Cli.Result build = starling("build", "--target", "prod");
        assertEquals(2, build.status(), build::toString);
        assertTrue(build.err().matches("Error: project.yml:\\d+: target 'prod' needs 'host' \\(the cluster endpoint\\): set"
                + " host in project.yml or run `starling infra up`\n"), build::toString);
        TestProjects.write(dir.resolve(".starling/infra.json"), UNREACHABLE_INFRA);
        Cli.Result unreachable = starling("debug", "--target", "prod");
        assertEquals(1, unreachable.status(), unreachable::toString);
        assertTrue(unreachable.out().contains("host: 127.0.0.1  (from .starling/infra.json)"), unreachable::toString);
        assertTrue(unreachable.out().matches("(?s).*FAIL  reach         the port is closed to this machine: 127\\.0\\.0\\.1:\\d+:"
                + " connection refused\n      fix: let your address in on the port: set infra\\.allow_cidr .*"),
                unreachable::toString);
        assertFalse(unreachable.out().contains("connect "), "no 30-second login attempt after a closed port");
    }

    @Test
    void badDistOrSortStopsCompileAndBuildWithTheYamlLine() throws Exception {
        TestProjects.sparkify(dir);
        TestProjects.write(dir.resolve(".starling/infra.json"), UNREACHABLE_INFRA);
        Path schemaYml = dir.resolve("models/marts/schema.yml");
        List<String> lines = java.nio.file.Files.readAllLines(schemaYml);
        int line = lines.indexOf("      dist: key(song_id)") + 1;
        assertTrue(line > 0, "the Sparkify fact table is distributed on song_id");
        TestProjects.write(schemaYml, TestProjects.read(schemaYml).replace("dist: key(song_id)", "dist: song_id"));
        for (String command : List.of("compile", "build")) {
            Cli.Result result = starling(command, "--target", "prod");
            assertEquals(2, result.status(), result::toString);
            assertEquals("Error: models/marts/schema.yml:" + line + ": dist 'song_id' of model songplay is not one of"
                    + " all, even, auto or key(column)\n", result.err(), command);
        }
        Cli.Result onDuckDb = Cli.run(dir, "compile");
        assertEquals(0, onDuckDb.status(), "DuckDB has no physical options to check: " + onDuckDb);
    }

    /** An infra state whose cluster does not answer (port 1 on loopback). */
    private static final String UNREACHABLE_INFRA = "{\"cluster_identifier\": \"gone\", \"region\": \"us-west-2\", \"host\": \"127.0.0.1\","
                + " \"port\": 1, \"database\": \"dev\", \"user\": \"awsuser\", \"iam_role_arn\": \"arn:aws:iam::1:role/r\"}";
}
