package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds on DuckDB through the CLI: types, column_types, dialect, malformed files, re-seeding, and the commands. */
class SeedsTest {

    @TempDir
    Path dir;

    Path db;

    @BeforeEach
    void project() {
        TestProjects.write(dir.resolve("project.yml"), "name: seeds\ntarget: dev\ntargets:\n  dev:\n    type: duckdb\n"
                + "    path: target/seeds.duckdb\n    schema: main\n");
        TestProjects.write(dir.resolve("models/paid.sql"), "select id, name from ${ref('people')} where paid");
        db = dir.resolve("target/seeds.duckdb");
    }

    private void people(String csv) {
        TestProjects.write(dir.resolve("seeds/people.csv"), csv);
    }

    private List<List<Object>> columns(String table) {
        return Db.rows(db, "select column_name, data_type from information_schema.columns where table_name = '" + table
                + "' order by ordinal_position");
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void infersTypesAndReadsQuotesAndEmptyFieldsAsDbtDoes() {
        people("id,name,score,born,seen_at,paid\n"
                + "1,\"Smith, Ann\",2.5,1990-01-31,2024-05-01 10:00:00,true\n"
                + "2,\"say \"\"hi\"\"\",3,1985-12-01,2024-05-02 11:30:00,false\n"
                + "3,,,,,\n");
        Cli.Result seed = Cli.run(dir, "seed");
        assertEquals(0, seed.status(), seed.toString());
        assertEquals(List.of(row("id", "BIGINT"), row("name", "VARCHAR"), row("score", "DOUBLE"), row("born", "DATE"),
                row("seen_at", "TIMESTAMP"), row("paid", "BOOLEAN")), columns("people"));
        assertEquals(List.of(row(1L, "Smith, Ann", 2.5), row(2L, "say \"hi\"", 3.0), row(3L, null, null)),
                Db.rows(db, "select id, name, score from main.people order by id"));
        assertEquals(List.of(row(3L)), Db.rows(db, "select id from main.people where born is null and paid is null"));
    }

    @Test
    void columnTypesAndDelimiterFromYamlInTheSeedFolder() {
        TestProjects.write(dir.resolve("seeds/zips.csv"), "zip;city\n01234;Boston\n10001;New York\n");
        TestProjects.write(dir.resolve("seeds/properties.yml"), "seeds:\n  - name: zips\n    config:\n"
                + "      delimiter: \";\"\n      column_types: {zip: varchar}\n");
        people("id,name,paid\n1,a,true\n");
        Cli.Result seed = Cli.run(dir, "seed", "-s", "zips");
        assertEquals(0, seed.status(), seed.toString());
        assertEquals(List.of(row("zip", "VARCHAR"), row("city", "VARCHAR")), columns("zips"));
        assertEquals(List.of(row("01234", "Boston"), row("10001", "New York")),
                Db.rows(db, "select * from main.zips order by zip"));
        assertTrue(columns("people").isEmpty(), "only the selected seed is loaded");
    }

    @Test
    void columnTypesNamingAColumnTheFileDoesNotHaveIsAnErrorAtItsLine() {
        people("id,name,paid\n1,a,true\n");
        TestProjects.write(dir.resolve("seeds/people.yml"), "seeds:\n  - name: people\n    config:\n"
                + "      column_types: {nme: varchar}\n");
        Cli.Result seed = Cli.run(dir, "seed");
        assertEquals(2, seed.status(), seed.toString());
        assertTrue(seed.err().contains("seeds/people.yml:4: column_types of seed 'people' names 'nme'"), seed.toString());
        assertTrue(seed.err().contains("name"), seed.toString());
    }

    @Test
    void aMalformedCsvFailsAtItsLineAndLeavesTheTableAsItWas() {
        people("id,name,paid\n1,a,true\n2,b,false\n");
        assertEquals(0, Cli.run(dir, "seed").status());

        people("id,name,paid\n1,a,true\n2,b,false,extra\n3,c,true\n");
        Cli.Result tooMany = Cli.run(dir, "seed");
        assertEquals(1, tooMany.status(), tooMany.toString());
        assertTrue(tooMany.out().contains("seeds/people.csv:3: malformed CSV: the record has 4 fields but the header"
                + " has 3"), tooMany.toString());
        assertEquals(List.of(row(1L, "a"), row(2L, "b")), Db.rows(db, "select id, name from main.people order by id"));

        people("id,name,paid\n1,a,true\n2,\"b\nc,false\n");
        Cli.Result unterminated = Cli.run(dir, "seed");
        assertEquals(1, unterminated.status(), unterminated.toString());
        assertTrue(unterminated.out().contains("seeds/people.csv:3: malformed CSV: the record opens a quote that is"
                + " never closed"), unterminated.toString());
        assertEquals(2L, Db.count(db, "main.people"));
    }

    @Test
    void reseedingWithOtherColumnsReplacesTheTable() {
        people("id,name,paid\n1,a,true\n");
        assertEquals(0, Cli.run(dir, "seed").status());
        people("id,paid,joined\n7,false,2020-02-02\n8,true,2021-03-03\n");
        Cli.Result again = Cli.run(dir, "seed");
        assertEquals(0, again.status(), again.toString());
        assertEquals(List.of(row("id", "BIGINT"), row("paid", "BOOLEAN"), row("joined", "DATE")), columns("people"));
        assertEquals(2L, Db.count(db, "main.people"));
    }

    @Test
    void runDoesNotLoadSeedsBuildLoadsThemFirstAndTheReadOnlyCommandsShowThem() throws Exception {
        people("id,name,paid\n1,a,true\n2,b,false\n");
        Cli.Result run = Cli.run(dir, "run");
        assertEquals(1, run.status(), "the model reads a seed that run does not load: " + run);
        assertTrue(columns("people").isEmpty());

        Cli.Result dry = Cli.run(dir, "build", "--dry-run");
        assertEquals(0, dry.status(), dry.toString());
        assertTrue(dry.out().contains("read_csv("), dry.toString());
        assertFalse(Files.exists(db) && !columns("people").isEmpty(), "a dry run loads nothing");

        Cli.Result ls = Cli.run(dir, "ls");
        assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("seed") && l.contains("people")), ls.toString());
        assertEquals(0, Cli.run(dir, "compile").status());
        assertTrue(TestProjects.read(dir.resolve("target/compiled/seeds/people.sql")).contains("read_csv("));
        assertTrue(TestProjects.read(dir.resolve("target/manifest.json")).contains("\"seed.people\""));
        Cli.Result docs = Cli.run(dir, "docs", "generate");
        assertEquals(0, docs.status(), docs.toString());
        assertTrue(TestProjects.read(dir.resolve("target/docs/data.js")).contains("\"seed.people\""));

        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build.toString());
        assertTrue(build.out().indexOf("people") < build.out().indexOf("paid"), build.toString());
        assertEquals(List.of(row(1L, "a")), Db.rows(db, "select * from main.paid"));
    }
}
