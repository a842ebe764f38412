package dev.starling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML file has a schema: an unknown or misspelt key, or a value of the wrong type or range, is a project
 * error (exit 2, one line naming file and line, "Did you mean ...?") found before anything runs, so the data
 * is as it was; users' own keys go under meta:.
 */
class StrictConfigTest {

    @TempDir
    Path dir;
    Path db;

    private static final String PROJECT = """
            name: shop
            target: dev
            targets:
              dev:
                type: duckdb
                path: target/shop.duckdb
                threads: 2
            """;
    private static final String MODELS = """
            models:
              - name: orders
                config:
                  materialized: table
                tags: [fact]
            sources:
              - name: raw
                tables:
                  - name: order_staging
                    location: data
                    incremental: true
                    columns:
                      - {name: id, type: integer}
            """;

    @BeforeEach
    void builtOnce() {
        TestProjects.write(dir.resolve("project.yml"), PROJECT);
        TestProjects.write(dir.resolve("data/1.json"), "{\"id\": 1}\n{\"id\": 2}\n");
        TestProjects.write(dir.resolve("models/orders.sql"), "select id from ${source('raw', 'order_staging')}");
        TestProjects.write(dir.resolve("models/schema.yml"), MODELS);
        db = dir.resolve("target/shop.duckdb");
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
    }

    /** Exit 2, nothing ran, the one line on stderr; the tables are as they were. */
    private String refused(String... args) {
        List<List<Object>> before = Db.rows(db, "select * from orders order by id");
        Cli.Result result = Cli.run(dir, args.length == 0 ? new String[] {"build"} : args);
        assertEquals(2, result.status(), result::toString);
        List<String> lines = result.err().strip().lines().toList();
        assertEquals(1, lines.size(), result::toString);
        assertFalse(result.out().contains("START"), "nothing ran: " + result);
        assertEquals(before, Db.rows(db, "select * from orders order by id"));
        return lines.get(0);
    }

    private void models(String from, String to) {
        assertTrue(MODELS.contains(from), from);
        TestProjects.write(dir.resolve("models/schema.yml"), MODELS.replace(from, to));
    }

    private void project(String from, String to) {
        assertTrue(PROJECT.contains(from), from);
        TestProjects.write(dir.resolve("project.yml"), PROJECT.replace(from, to));
    }

    @Test
    void aMisspeltModelConfigKeyIsNamedWithTheKeyItMeant() {
        models("materialized: table", "materialised: view");
        assertEquals("Error: models/schema.yml:4: unknown key 'materialised' in config of model 'orders'. Did you mean"
                + " 'materialized'? Known keys: check_cols, dist, enabled, hard_deletes, incremental_strategy,"
                + " materialized, meta, schema, snapshot_meta_column_names, sort, sort_type, strategy, tags, unique_key,"
                + " updated_at; put your own keys under meta:.", refused());
    }

    @Test
    void aMisspeltSourceKeyOrTagIsAnError() {
        models("incremental: true", "incremntal: true");
        assertTrue(refused().startsWith("Error: models/schema.yml:11: unknown key 'incremntal' in source table"
                + " 'order_staging'. Did you mean 'incremental'?"));
        models("tags: [fact]", "tag: [fact]");
        assertTrue(refused("ls", "-s", "tag:fact").startsWith("Error: models/schema.yml:5: unknown key 'tag' in model"
                + " 'orders'. Did you mean 'tags'?"));
    }

    @Test
    void misspeltProjectKeysAreErrors() {
        project("name: shop\n", "name: shop\nmodel_paths: [models]\n");
        assertTrue(refused().startsWith("Error: project.yml:2: unknown key 'model_paths' in project.yml. Did you mean"
                + " 'model-paths'?"));
        project("threads: 2", "thread: 2");
        assertTrue(refused().startsWith("Error: project.yml:7: unknown key 'thread' in target 'dev'. Did you mean"
                + " 'threads'?"));
    }

    @Test
    void valuesOfTheWrongTypeOrRangeAreErrors() {
        project("path: target/shop.duckdb", "path: [a]");
        assertEquals("Error: project.yml:6: path of target 'dev' takes a single value, not a list", refused());
        project("threads: 2", "threads: -3");
        assertEquals("Error: project.yml:7: threads of target 'dev' must be 1 or more, not -3", refused());
        TestProjects.write(dir.resolve("project.yml"), "name: shop\ntargets: hello\n");
        assertEquals("Error: project.yml:2: targets of project.yml must be a mapping (key: value), not 'hello'",
                refused());
        project("threads: 2", "threads: 2\n    memory_limit: lots");
        assertEquals("Error: project.yml:8: memory_limit of target 'dev' 'lots' is not a size such as 4GB, 512MB"
                + " or 80%", refused());
        project("threads: 2", "threads: 2\n    memory_limit: ${env.SHOP_MEMORY:-lots}");
        assertEquals("Error: project.yml:8: memory_limit of target 'dev' 'lots' is not a size such as 4GB, 512MB"
                + " or 80%", refused());
        project("threads: 2", "threads: 2");
        models("incremental: true", "incremental: sometimes");
        assertEquals("Error: models/schema.yml:11: incremental of source table 'order_staging' is true or false, not"
                + " 'sometimes'", refused());
    }

    @Test
    void usersOwnKeysGoUnderMetaAndDbtOnlySectionsAreSkippedWithAWarning() {
        project("threads: 2", "threads: 2\n    memory_limit: 1GB\n    meta: {team: data}\nmeta: {owner: me}");
        TestProjects.write(dir.resolve("models/schema.yml"), MODELS.replace("materialized: table",
                "materialized: table\n      meta: {owner: me, anything: [1, 2]}") + """
                semantic_models:
                  - name: orders
                """);
        Cli.Result build = Cli.run(dir, Map.of(), "build");
        assertEquals(0, build.status(), build::toString);
        assertEquals("Warning: dbt-only sections skipped (Starling does not read them): semantic_models in"
                + " models/schema.yml:15", build.err().strip());
    }

    @Test
    void sparkifysOwnYamlLoads() {
        Path sparkify = TestProjects.sparkify(dir.resolve("sparkify"));
        Cli.Result ls = Cli.run(sparkify, "ls");
        assertEquals(0, ls.status(), ls::toString);
        assertEquals("", ls.err(), ls::toString);
    }
}
