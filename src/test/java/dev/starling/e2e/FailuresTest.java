package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users see when a model or a test fails, and what is left in the database afterwards. */
class FailuresTest {

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void builtOnce() {
        TestProjects.sparkify(dir);
        db = dir.resolve("target/sparkify.duckdb");
        Cli.Result first = Cli.run(dir, "build");
        assertEquals(0, first.status(), first::toString);
    }

    private void write(String file, String text) {
        TestProjects.write(dir.resolve(file), text);
    }

    @Test
    void aFailingModelKeepsItsPreviousTableAndSkipsWhatDependsOnIt() {
        List<List<Object>> before = Db.rows(db, "select * from song order by song_id");
        write("models/marts/song.sql", "select song_id, title, artist_id, no_such_column as year, duration\n"
                + "from ${source('sparkify', 'song_staging')}\n");
        Cli.Result run = Cli.run(dir, "build");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains("ERROR incremental song"), run::toString);
        assertTrue(run.out().contains("models/marts/song.sql: SQL error"), run::toString);
        assertTrue(run.out().contains("no_such_column"), run::toString);
        assertTrue(run.out().contains("SKIP  test  unique_song_song_id"), run::toString);
        assertTrue(run.out().contains("[upstream song failed]"), run::toString);
        assertTrue(run.out().contains("OK    incremental songplay"), "independent models still build: " + run);
        assertTrue(run.out().matches("(?s).*Done\\. \\d+ ok, 1 failed, [1-9]\\d* skipped in .*"), run::toString);
        assertEquals(before, Db.rows(db, "select * from song order by song_id"), "song keeps its previous rows");
        assertEquals(List.of(), Db.rows(db, "select table_name from information_schema.tables"
                + " where table_name like '%starling_tmp%'"), "no temporary table is left behind");
    }

    @Test
    void aFailingErrorTestInBuildSkipsEverythingDownstream() {
        write("models/staging/schema.yml", """
                models:
                  - name: nextsong_event
                    config: {materialized: view}
                    columns:
                      - name: level
                        tests:
                          - accepted_values: {values: [free]}
                """);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(1, build.status(), build::toString);
        assertTrue(build.out().contains("FAIL  test  accepted_values_nextsong_event_level"), build::toString);
        assertTrue(build.out().contains("value | occurrences"), "failing rows are printed: " + build);
        assertTrue(build.out().contains("paid  |"), build::toString);
        for (String skipped : List.of("incremental songplay", "incremental time")) {
            assertTrue(build.out().contains("SKIP  " + skipped), skipped + " is skipped: " + build);
        }
        assertTrue(build.out().contains("OK    incremental song "), "song does not read nextsong_event: " + build);
        assertTrue(build.out().contains("OK    table user "), "user does not read nextsong_event: " + build);
    }

    @Test
    void aWarnTestReportsButDoesNotFail() {
        write("models/staging/schema.yml", """
                models:
                  - name: nextsong_event
                    config: {materialized: view}
                    columns:
                      - name: level
                        tests:
                          - accepted_values:
                              values: [free]
                              config: {severity: warn}
                """);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().contains("WARN  test  accepted_values_nextsong_event_level"), build::toString);
        assertTrue(build.out().contains("OK    incremental songplay"), build::toString);
        assertTrue(build.out().matches("(?s).*Done\\. 38 ok, 1 warned, 0 failed, 0 skipped in .*"), build::toString);
    }

    @Test
    void testCommandPrintsAtMostTenFailingRowsAndExitsOne() {
        write("tests/every_play_has_a_song.sql", "select songplay_id, song_id from ${ref('songplay')} where song_id is null\n");
        Cli.Result test = Cli.run(dir, "test");
        assertEquals(1, test.status(), test::toString);
        assertTrue(test.out().contains("FAIL  test  every_play_has_a_song"), test::toString);
        assertTrue(test.out().contains("[112 failing rows in"), test::toString);
        assertTrue(test.out().contains("(first 10 shown)"), test::toString);
        assertEquals(10, test.out().lines().filter(l -> l.matches("\\s+[0-9a-f]{32} \\| NULL")).count(), test::toString);
        assertFalse(test.out().contains("START table"), "test runs no model: " + test);
    }

    @Test
    void runSelectsAModelAndItsDescendantsOnly() {
        Cli.Result run = Cli.run(dir, "run", "--select", "nextsong_event+");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("OK    incremental songplay"), run::toString);
        assertTrue(run.out().contains("OK    incremental time"), run::toString);
        assertFalse(run.out().contains("incremental song "), run::toString);
        assertFalse(run.out().contains("test"), "run executes no tests: " + run);
        assertTrue(run.out().contains("Done. 3 ok, 0 failed, 0 skipped"), run::toString);
    }

    @Test
    void aModelCanSwitchBetweenViewAndTable() {
        write("models/staging/schema.yml", "models:\n  - name: nextsong_event\n    config: {materialized: table}\n");
        Cli.Result asTable = Cli.run(dir, "run", "--select", "nextsong_event");
        assertEquals(0, asTable.status(), asTable::toString);
        assertTrue(asTable.out().contains("OK    table nextsong_event"), asTable::toString);
        assertEquals(List.of(List.of("BASE TABLE")), Db.rows(db,
                "select table_type from information_schema.tables where table_name = 'nextsong_event'"));
        write("models/staging/schema.yml", "models:\n  - name: nextsong_event\n    config: {materialized: view}\n");
        Cli.Result asView = Cli.run(dir, "build");
        assertEquals(0, asView.status(), asView::toString);
        assertEquals(List.of(List.of("VIEW")), Db.rows(db,
                "select table_type from information_schema.tables where table_name = 'nextsong_event'"));
        assertEquals(278L, Db.count(db, "songplay"));
    }

    @Test
    void oneThreadBuildsTheSameTables() {
        Cli.Result build = Cli.run(dir, "build", "--threads", "1", "--vars", "{data_dir: data/sample}");
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().contains("1 thread)") || build.out().contains(", 1 thread"), build::toString);
        assertEquals(278L, Db.count(db, "songplay"));
        assertEquals(19L, Db.count(db, "\"user\""));
    }

    @Test
    void aMalformedInputLineFailsTheLoadWithItsFileAndLineAndKeepsThePreviousTable() {
        Path day = dir.resolve("data/sample/log_data/2018/11/2018-11-30-events.json");
        List<String> lines = new java.util.ArrayList<>(TestProjects.read(day).lines().toList());
        lines.add(5, "{\"artist\":\"x\", \"auth\": \"Logged In\", truncated");
        TestProjects.write(day, String.join("\n", lines) + "\n");
        Cli.Result run = Cli.run(dir, "run");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains("ERROR load  sparkify.event_staging"), run::toString);
        assertTrue(run.out().contains("models/staging/sources.yml:7: 1 record rejected, more than max_errors (0):"
                + " nothing of this load was committed, event_staging is as it was."), run::toString);
        assertTrue(run.out().contains("data/sample/log_data/2018/11/2018-11-30-events.json:6: not valid JSON"), run::toString);
        assertTrue(run.out().contains("Every rejected line is in event_staging_rejects"), run::toString);
        assertTrue(run.out().contains("SKIP  view  nextsong_event"), run::toString);
        assertEquals(362L, Db.count(db, "event_staging"), "the previous load is intact");
        assertEquals(List.of(List.of("data/sample/log_data/2018/11/2018-11-30-events.json", 6L,
                        "{\"artist\":\"x\", \"auth\": \"Logged In\", truncated", "not valid JSON")),
                Db.rows(db, "select file, line, raw, reason from event_staging_rejects"), "the reject is kept");
    }
}
