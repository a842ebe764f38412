package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the README promises a user: add a model by dropping a file, and build from another data folder. */
class UserWorkflowTest {

    @TempDir
    Path dir;

    @Test
    void theReadmesNewModelIsBuiltAndTestedWithNothingElseRegistered() {
        TestProjects.sparkify(dir);
        TestProjects.write(dir.resolve("models/marts/plays_per_user.sql"), """
                -- models/marts/plays_per_user.sql
                select user_id, count(*) as plays
                from ${ref('songplay')}
                group by user_id
                """);
        TestProjects.write(dir.resolve("models/marts/plays_per_user.yml"), """
                models:
                  - name: plays_per_user
                    description: Song plays per user.
                    config:
                      materialized: view        # table (default) or view
                      dist: key(user_id)        # Redshift physical options; DuckDB ignores them
                      sort: [user_id]
                    tags: [report]
                    columns:
                      - name: user_id
                        tests:
                          - unique
                          - not_null
                          - relationships: {to: "ref('user')", field: user_id}
                      - name: plays
                        tests:
                          - not_null: {severity: warn}
                """);
        // on a fresh database: build the new model and what it reads; tests of relations outside that are left out
        Cli.Result part = Cli.run(dir, "build", "--select", "+tag:report");
        assertEquals(0, part.status(), part::toString);
        assertTrue(part.out().contains("OK    view  plays_per_user"), part::toString);
        assertTrue(part.out().contains("PASS  test  unique_plays_per_user_user_id"), part::toString);
        assertTrue(!part.out().contains("relationships_songplay_song_id__song"), "song is not built here: " + part);

        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().contains("PASS  test  relationships_plays_per_user_user_id__user"), build::toString);
        Cli.Result test = Cli.run(dir, "test", "--select", "plays_per_user");
        assertEquals(0, test.status(), test::toString);
        assertTrue(test.out().contains("Done. 4 ok, 0 failed, 0 skipped"), "all four of its tests: " + test);
        assertEquals(19L, Db.count(dir.resolve("target/sparkify.duckdb"), "plays_per_user"));
        assertEquals(278L, ((Number) Db.rows(dir.resolve("target/sparkify.duckdb"),
                "select sum(plays) from plays_per_user").get(0).get(0)).longValue());
    }

    @Test
    void dataDirVarLoadsAnotherFolderOfTheSameLayout(@TempDir Path data) {
        TestProjects.sparkify(dir);
        Path day = Path.of("log_data/2018/11/2018-11-29-events.json");
        TestProjects.copy(dir.resolve("data/sample").resolve(day), data.resolve(day));
        TestProjects.copy(dir.resolve("data/sample/song_data"), data.resolve("song_data"));
        String events = TestProjects.read(data.resolve(day));
        long lines = events.lines().count();
        long plays = events.lines().filter(l -> l.contains("\"page\":\"NextSong\"")).count();

        Cli.Result build = Cli.run(dir, "build", "--vars", "{data_dir: '" + data + "'}");
        assertEquals(0, build.status(), build::toString);
        Path db = dir.resolve("target/sparkify.duckdb");
        assertEquals(lines, Db.count(db, "event_staging"));
        assertEquals(plays, Db.count(db, "songplay"));
        assertTrue(plays > 50 && plays < 278, "one day of the sample: " + plays);
    }
}
