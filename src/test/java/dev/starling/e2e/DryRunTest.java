package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run|build --dry-run}: every statement the command would send, node by node, and nothing sent that changes
 * data. Without a connection it plans a first build (no DuckDB file is created, no Redshift setting is needed);
 * with one it plans from what exists (only a new log file's load, the incremental statements).
 */
class DryRunTest {

    @TempDir
    Path dir;

    @Test
    void aFreshCloneShowsAFirstBuildAndCreatesNoDatabase() {
        TestProjects.sparkify(dir);
        Cli.Result plan = Cli.run(dir, "build", "--dry-run");
        assertEquals(0, plan.status(), plan::toString);
        String out = plan.out();
        assertTrue(out.startsWith("Starling: build --dry-run sparkify on target dev (duckdb target/sparkify.duckdb)\n"
                + "-- No connection (target/sparkify.duckdb does not exist yet): planned as a first build.\n"
                + "-- Nothing was sent that changes data.\n"), plan::toString);
        assertTrue(out.contains("-- 1 of 39  load  sparkify."), plan::toString);
        assertTrue(out.contains("from read_json(["), "the listed log files are read by DuckDB: " + out);
        assertTrue(out.contains("2018-11-29-events.json"), plan::toString);
        assertTrue(out.contains("\"song_staging__starling_tmp\" as\nselect"), plan::toString);
        assertTrue(out.contains("-- run-time check: at most max_errors (0) records rejected, else nothing is applied"),
                plan::toString);
        assertTrue(out.contains("alter table \"main\".\"songplay__starling_tmp\" rename to \"songplay\";"),
                "a first build swaps the table in: " + out);
        assertTrue(out.contains("create or replace view \"main\".\"nextsong_event\""), plan::toString);
        assertTrue(out.contains("  test  not_null_songplay_songplay_id\n-- count the failing rows"), plan::toString);
        assertFalse(Files.exists(dir.resolve("target/sparkify.duckdb")), "a dry run creates no database file");
    }

    @Test
    void afterABuildANewLogFileIsAllARunWouldLoad() {
        TestProjects.sparkify(dir);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        Path db = dir.resolve("target/sparkify.duckdb");
        TestProjects.write(dir.resolve(DailyLoadTest.DAY_4), DailyLoadTest.fourthDay(dir));
        List<Long> before = DailyLoadTest.TABLES.stream().map(t -> Db.count(db, t)).toList();

        Cli.Result plan = Cli.run(dir, "run", "--dry-run");
        assertEquals(0, plan.status(), plan::toString);
        String out = plan.out();
        assertTrue(out.contains("-- inspected duckdb target/sparkify.duckdb read-only: this is what the run would"
                + " send now."), plan::toString);
        assertTrue(out.contains("-- read 1 file with DuckDB's JSON reader"), "only the new file is read: " + out);
        assertTrue(out.contains("2018-12-03-events.json"), plan::toString);
        assertFalse(out.contains("2018-11-29-events.json"), "files loaded before are not read again: " + out);
        assertTrue(out.contains("-- transaction: append the rows and record the files as loaded, together"), out);
        assertTrue(out.contains("-- transaction: compute the new rows and apply them (delete+insert) and record the marks"), out);
        assertTrue(out.contains("-- run-time check: the new rows have the table's columns"), out);
        assertFalse(out.contains("listing was skipped"), "a local source is always listed: " + out);
        assertEquals(before, DailyLoadTest.TABLES.stream().map(t -> Db.count(db, t)).toList(),
                "the dry run changed nothing");

        Cli.Result run = Cli.run(dir, "run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("[122 loaded from 1 new file, 484 rows in"), "the new file was not loaded"
                + " by the dry run: " + run);
    }

    @Test
    void redshiftPlansNeedNoPasswordNoClusterAndNoConnection() {
        TestProjects.sparkify(dir);
        Map<String, String> env = Map.of(); // no STARLING_REDSHIFT_PASSWORD, no .starling/infra.json
        Cli.Result compile = Cli.run(dir, env, "compile", "--target", "prod");
        assertEquals(0, compile.status(), compile::toString);

        Cli.Result plan = Cli.run(dir, env, "build", "--target", "prod", "--dry-run");
        assertEquals(0, plan.status(), plan::toString);
        String out = plan.out();
        assertTrue(out.contains("-- No connection (project.yml:"), plan::toString);
        assertTrue(out.contains("environment variable STARLING_REDSHIFT_PASSWORD is not set")
                || out.contains("needs 'host'"), plan::toString);
        assertTrue(out.contains("-- note: COPY each object under s3://udacity-dend/song_data matching '**/*.json' that"
                + " is not loaded yet"), plan::toString);
        assertTrue(out.contains("-- note: COPY each object under s3://udacity-dend/log_data matching '**/*.json' that"
                + " is not loaded yet"), plan::toString);
        assertTrue(out.contains("diststyle key distkey (\"song_id\")\ncompound sortkey (\"start_time\")"), out);
        assertTrue(out.contains("alter table \"public\".\"songplay__starling_tmp\" rename to \"songplay\";"), out);
        // both sources are incremental and unlisted here: compile shows their COPY, with the role to set
        assertTrue(TestProjects.read(dir.resolve("target/compiled/models/staging/sources.yml/sparkify.song_staging.sql"))
                .contains("iam_role '<iam_role: set it in project.yml or run starling infra up>'"), out);

        Cli.Result build = Cli.run(dir, env, "build", "--target", "prod");
        assertEquals(2, build.status(), "a command that connects reports the missing setting: " + build);
        assertTrue(build.err().startsWith("Error: project.yml:"), build::toString);
    }
}
