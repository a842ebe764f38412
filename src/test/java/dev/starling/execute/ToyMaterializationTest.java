package dev.starling.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A materialization added by one class and its registration builds a model, and shows in the dry run. */
class ToyMaterializationTest {

    @TempDir
    Path dir;

    @Test
    void aRegisteredMaterializationBuildsAModel() {
        Materializations.register(new ReplaceMaterialization());
        TestProjects.write(dir.resolve("project.yml"), "name: toy\n");
        TestProjects.write(dir.resolve("models/numbers.sql"), "select 1 as n union all select 2 union all select 3\n");
        TestProjects.write(dir.resolve("models/numbers.yml"), """
                models:
                  - name: numbers
                    config:
                      materialized: replace
                """);

        Cli.Result plan = Cli.run(dir, "run", "--dry-run");
        assertEquals(0, plan.status(), plan::toString);
        assertTrue(plan.out().contains("-- 1 of 1  replace  numbers\n-- transaction: replace the table in place\n"
                + "create or replace table \"main\".\"numbers\" as\nselect 1 as n"), plan::toString);

        Cli.Result run = Cli.run(dir, "run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("OK    replace numbers"), run::toString);
        assertTrue(run.out().contains("[3 rows in"), run::toString);
        Cli.Result again = Cli.run(dir, "run");
        assertEquals(0, again.status(), again::toString);
        assertEquals(3L, Db.count(dir.resolve("target/toy.duckdb"), "numbers"), "replaced, not appended");
    }
}
