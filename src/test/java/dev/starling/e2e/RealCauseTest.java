package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.HoldDatabase;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures name their real cause, not "Fix the SQL", and leave the data as it was. */
class RealCauseTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("target/sparkify.duckdb");
    }

    private Cli.Result built() {
        TestProjects.sparkify(dir);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        return build;
    }

    @Test
    void aModelWhoseUpstreamWasNeverBuiltNamesIt() {
        TestProjects.sparkify(dir);
        Cli.Result run = Cli.run(dir, "run", "-s", "time");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains("The upstream model nextsong_event has not been built (it is not in the database)."
                + " Build it first, e.g. starling run -s +time; The table time did not exist before and was not"
                + " created."), run::toString);
        assertFalse(run.out().contains("Fix the SQL"), run::toString);
        assertEquals(List.of(), Db.rows(db(), "select table_name from information_schema.tables"
                + " where table_name not like 'starling%'"), "only Starling's own bookkeeping tables");
    }

    @Test
    void aNewModelThatFailsDidNotExistBeforeAndItsLineIsTheFilesLine() {
        built();
        TestProjects.write(dir.resolve("models/marts/broken.sql"), "-- a new model\nselect user_id,\n  no_such_column\n"
                + "from ${ref('user')}\n");
        Cli.Result run = Cli.run(dir, "run", "-s", "broken");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains("The table broken did not exist before and was not created. Fix the SQL"),
                run::toString);
        assertTrue(run.out().contains("LINE 3:   no_such_column"), "the model file's line 3: " + run);
        assertEquals(List.of(), Db.rows(db(), "select table_name from information_schema.tables where table_name like"
                + " 'broken%'"));
    }

    @Test
    void aTestOnAMisspeltYamlColumnPointsAtTheYaml() {
        built();
        String yaml = TestProjects.read(dir.resolve("models/marts/schema.yml"));
        String level = "      - name: level\n        tests:\n          - not_null\n";
        assertTrue(yaml.contains(level));
        TestProjects.write(dir.resolve("models/marts/schema.yml"), yaml.replace(level, level.replace("level", "levell")));
        Cli.Result test = Cli.run(dir, "test", "-s", "user");
        assertEquals(1, test.status(), test::toString);
        assertTrue(test.out().contains("The column levell is not in user: check its name in models/marts/schema.yml:"),
                test::toString);
        assertFalse(test.out().contains("Fix the test's SQL"), test::toString);
    }

    @Test
    void aDatabaseLockedByAnotherProcessIsOneErrorForTheRun() throws Exception {
        built();
        List<List<Object>> before = Db.rows(db(), "select * from \"user\" order by user_id");
        Process holder = HoldDatabase.start(db());
        try {
            Cli.Result run = Cli.run(dir, "build");
            assertEquals(2, run.status(), run::toString);
            List<String> lines = run.err().strip().lines().toList();
            assertEquals(1, lines.size(), run::toString);
            assertTrue(lines.get(0).startsWith("Error: cannot open " + db() + ": another process holds it open"),
                    run::toString);
            assertFalse(run.out().contains("START") || run.out().contains("SKIP"), run::toString);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertEquals(before, Db.rows(db(), "select * from \"user\" order by user_id"));
    }

    @Test
    void anEmptySelectionSaysWhatWasAsked() {
        built();
        Cli.Result none = Cli.run(dir, "run", "-s", "song", "--exclude", "song");
        assertEquals(0, none.status(), none::toString);
        assertTrue(none.out().contains("Nothing selected: --select 'song' --exclude 'song' matched nothing to run."),
                none::toString);
        Cli.Result blank = Cli.run(dir, "build", "-s", "");
        assertEquals(0, blank.status(), blank::toString);
        assertTrue(blank.out().contains("Nothing selected: --select '' matched nothing to build."), blank::toString);
    }
}
