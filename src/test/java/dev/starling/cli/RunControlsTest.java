package dev.starling.cli;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.project.YamlNode;
import dev.starling.support.Cli;
import dev.starling.support.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run controls dbt users reach for, through the real command line: exit status, output and what changed. */
class RunControlsTest {

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void project() {
        write(dir.resolve("project.yml"), """
                name: shop
                targets:
                  dev:
                    type: duckdb
                    path: target/shop.duckdb
                    threads: 1
                """);
        write(dir.resolve("models/staging/stg_orders.sql"), "select 1 as id union all select 2 as id\n");
        write(dir.resolve("models/staging/schema.yml"), """
                models:
                  - name: stg_orders
                    columns:
                      - name: id
                        tests: [unique]
                """);
        write(dir.resolve("models/marts/a_broken.sql"), "select id from no_such_table\n");
        write(dir.resolve("models/marts/b_after_broken.sql"), "select * from ${ref('a_broken')}\n");
        write(dir.resolve("models/marts/z_independent.sql"), "select 42 as answer\n");
        db = dir.resolve("target/shop.duckdb");
    }

    private boolean exists(String table) {
        return !Db.rows(db, "select 1 from information_schema.tables where table_name = '" + table + "'").isEmpty();
    }

    @Test
    void failFastStopsSchedulingAfterTheFirstFailure() {
        Cli.Result build = Cli.run(dir, "build", "--fail-fast");
        assertEquals(1, build.status(), build.toString());
        assertTrue(build.out().contains("not run: --fail-fast stopped the run after a_broken failed"), build.toString());
        assertTrue(build.out().contains("Done. 0 ok, 1 failed, 4 skipped"), build.toString());
        assertFalse(exists("z_independent"), "nothing starts after the failure");

        Cli.Result again = Cli.run(dir, "run", "-x");
        assertEquals(1, again.status(), again.toString());
        assertFalse(exists("z_independent"));

        Cli.Result plain = Cli.run(dir, "run");
        assertEquals(1, plain.status(), plain.toString());
        assertTrue(exists("z_independent"), "without --fail-fast the independent model is built: " + plain);

        Cli.Result test = Cli.run(dir, "test", "--fail-fast");
        assertEquals(0, test.status(), test.toString());
    }

    @Test
    void retryReRunsWhatFailedOrWasSkippedWithTheSameCommand() {
        Cli.Result none = Cli.run(dir, "retry");
        assertEquals(2, none.status(), none.toString());
        assertTrue(none.err().contains("nothing to retry: there is no target/run_results.json"), none.toString());

        Cli.Result build = Cli.run(dir, "build");
        assertEquals(1, build.status(), build.toString());
        write(dir.resolve("models/marts/a_broken.sql"), "select 1 as id union all select 2 as id\n");
        write(dir.resolve("models/marts/z_independent.sql"), "select 43 as answer\n");

        Cli.Result retry = Cli.run(dir, "retry");
        assertEquals(0, retry.status(), retry.toString());
        assertTrue(retry.out().startsWith("Starling: retry build of 2 nodes that failed or were skipped"), retry.out());
        assertTrue(retry.out().contains("Done. 2 ok, 0 failed, 0 skipped"), retry.toString());
        assertEquals(2L, Db.count(db, "b_after_broken"));
        assertEquals(List.of(List.of(42)), Db.rows(db, "select answer from z_independent"),
                "a node that succeeded is not run again");

        Cli.Result nothing = Cli.run(dir, "retry");
        assertEquals(0, nothing.status(), nothing.toString());
        assertTrue(nothing.out().startsWith("Nothing to retry: every node of the last build"), nothing.toString());
    }

    @Test
    void retryOfATestRunRunsTheFailedTestsOnly() {
        write(dir.resolve("tests/big_answer.sql"), "select * from ${ref('z_independent')} where answer < ${var('min', 0)}\n");
        assertEquals(1, Cli.run(dir, "run").status());
        Cli.Result test = Cli.run(dir, "test", "--vars", "{min: 100}");
        assertEquals(1, test.status(), test.toString());
        Cli.Result retry = Cli.run(dir, "retry");
        assertEquals(0, retry.status(), retry.toString());
        assertTrue(retry.out().startsWith("Starling: retry test of 1 node"), retry.out());
        assertTrue(retry.out().contains("PASS  test  big_answer"), retry.out());
        assertTrue(retry.out().contains("Done. 1 ok, 0 failed, 0 skipped"), retry.out());
    }

    @Test
    void cleanDeletesTheTargetFolderOnly() throws Exception {
        assertEquals(1, Cli.run(dir, "run").status());
        assertTrue(Files.exists(db));
        Cli.Result clean = Cli.run(dir, "clean");
        assertEquals(0, clean.status(), clean.toString());
        assertTrue(clean.out().startsWith("Deleted target/ ("), clean.out());
        assertFalse(Files.exists(dir.resolve("target")));
        assertTrue(Files.exists(dir.resolve("models/marts/z_independent.sql")));
        assertEquals("target/: nothing to delete", Cli.run(dir, "clean").out().strip());

        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        write(outside.resolve("keep.txt"), "mine");
        for (String targets : List.of("['../" + outside.getFileName() + "']", "[models]", "['.']", "[dbt_packages, '..']")) {
            write(dir.resolve("project.yml"), "name: shop\nclean-targets: " + targets + "\n");
            Cli.Result refused = Cli.run(dir, "clean");
            assertEquals(2, refused.status(), targets + ": " + refused);
            assertTrue(refused.err().contains("Nothing was deleted."), refused.toString());
        }
        Files.createSymbolicLink(dir.resolve("linked"), outside);
        write(dir.resolve("project.yml"), "name: shop\nclean-targets: [linked, linked/sub]\n");
        Cli.Result link = Cli.run(dir, "clean");
        assertEquals(2, link.status(), link.toString());
        assertTrue(link.err().contains("leads through a symbolic link to"), link.toString());
        assertTrue(Files.exists(outside.resolve("keep.txt")));
        assertTrue(Files.exists(dir.resolve("models/staging/schema.yml")));

        write(dir.resolve("project.yml"), "name: shop\nclean-targets: [target, logs]\n");
        write(dir.resolve("logs/x.log"), "x");
        Files.createSymbolicLink(Files.createDirectories(dir.resolve("target")).resolve("out"), outside);
        Cli.Result two = Cli.run(dir, "clean");
        assertEquals(0, two.status(), two.toString());
        assertEquals(List.of("Deleted target/ (1 files)", "Deleted logs/ (1 files)"), two.out().strip().lines().toList());
        assertTrue(Files.exists(outside.resolve("keep.txt")), "a link inside a target is deleted, not followed");
    }

    @Test
    void initCreatesAProjectThatBuildsAndTests() {
        Cli.Result init = Cli.run(null, "init", "demo", "--project-dir", dir.toString());
        assertEquals(0, init.status(), init.toString());
        assertTrue(init.out().contains("created demo/project.yml"), init.out());
        Path demo = dir.resolve("demo");
        Cli.Result build = Cli.run(demo, "build");
        assertEquals(0, build.status(), build.toString());
        assertTrue(build.out().contains("Done. 7 ok, 0 failed, 0 skipped"), build.out());
        Cli.Result test = Cli.run(demo, "test");
        assertEquals(0, test.status(), test.toString());
        assertTrue(test.out().contains("Done. 5 ok, 0 failed, 0 skipped"), test.out());
        Cli.Result show = Cli.run(demo, "show", "loud_greetings");
        assertEquals(0, show.status(), show.toString());
        assertTrue(show.out().contains("HELLO"), show.out());

        Cli.Result again = Cli.run(null, "init", "demo", "--project-dir", dir.toString());
        assertEquals(2, again.status(), again.toString());
        assertTrue(again.err().contains("already exists"), again.toString());
        Cli.Result bad = Cli.run(null, "init", "my-demo", "--project-dir", dir.toString());
        assertEquals(2, bad.status(), bad.toString());
    }

    @Test
    void showPrintsTheRowsOfABuiltModel() {
        assertEquals(1, Cli.run(dir, "run").status());
        Cli.Result show = Cli.run(dir, "show", "stg_orders", "--limit", "1");
        assertEquals(0, show.status(), show.toString());
        assertEquals(List.of("id", "--", " 1", "(first 1 rows; use --limit to see more)"),
                show.out().strip().lines().toList());
        Cli.Result select = Cli.run(dir, "show", "--select", "z_independent");
        assertEquals(0, select.status(), select.toString());
        assertTrue(select.out().contains("42") && select.out().contains("(1 row)"), select.out());

        Cli.Result notBuilt = Cli.run(dir, "show", "-s", "b_after_broken");
        assertEquals(2, notBuilt.status(), notBuilt.toString());
        assertTrue(notBuilt.err().contains("model b_after_broken"), notBuilt.toString());
        Cli.Result unknown = Cli.run(dir, "show", "stg_order");
        assertEquals(2, unknown.status(), unknown.toString());
        assertTrue(unknown.err().contains("no model or source named 'stg_order'. Did you mean"), unknown.toString());
    }

    @Test
    void selectionByFolderNameAsDbt() {
        Cli.Result staging = Cli.run(dir, "ls", "--select", "staging", "--output", "name");
        assertEquals(0, staging.status(), staging.toString());
        assertEquals(List.of("stg_orders", "unique_stg_orders_id"), staging.out().strip().lines().toList());
        Cli.Result marts = Cli.run(dir, "ls", "-s", "fqn:marts.a_*", "-o", "path");
        assertEquals(List.of("models/marts/a_broken.sql"), marts.out().strip().lines().toList(), marts.toString());
        Cli.Result nested = Cli.run(dir, "ls", "-s", "marts.z_independent", "-o", "name");
        assertEquals(List.of("z_independent"), nested.out().strip().lines().toList(), nested.toString());
        Cli.Result none = Cli.run(dir, "ls", "-s", "stagin");
        assertEquals(2, none.status(), none.toString());
    }

    @Test
    void lsOutputJsonHasDbtsKeys() {
        Cli.Result ls = Cli.run(dir, "ls", "--output", "json", "-s", "b_after_broken");
        assertEquals(0, ls.status(), ls.toString());
        List<String> lines = ls.out().strip().lines().toList();
        assertEquals(1, lines.size(), ls.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) YamlNode.parse(lines.get(0), Path.of("out")).toPlain();
        assertEquals("b_after_broken", node.get("name"));
        assertEquals("model", node.get("resource_type"));
        assertEquals("model.b_after_broken", node.get("unique_id"));
        assertEquals("models/marts/b_after_broken.sql", node.get("original_file_path"));
        assertEquals(Map.of("nodes", List.of("model.a_broken")), node.get("depends_on"));
        assertEquals("table", ((Map<?, ?>) node.get("config")).get("materialized"));
    }
}
