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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} runs exactly one query and changes nothing: statements that write, several statements, and
 * {@code COPY ... TO} are refused before anything runs (exit 2, one line), and the data is as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShowReadOnlyTest {

    @TempDir
    static Path dir;
    Path db;
    List<List<Object>> users;
    List<List<Object>> times;

    @BeforeAll
    void builtOnce() {
        TestProjects.sparkify(dir);
        db = dir.resolve("target/sparkify.duckdb");
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        users = Db.rows(db, "select * from \"user\" order by user_id");
        times = Db.rows(db, "select count(*) from \"time\"");
    }

    private String refused(String sql) {
        Cli.Result show = Cli.run(dir, "show", "--inline", sql);
        assertEquals(2, show.status(), show::toString);
        List<String> lines = show.err().strip().lines().toList();
        assertEquals(1, lines.size(), show::toString);
        assertEquals("", show.out(), show::toString);
        assertEquals(users, Db.rows(db, "select * from \"user\" order by user_id"), "user is unchanged");
        assertEquals(times, Db.rows(db, "select count(*) from \"time\""), "time is unchanged");
        return lines.get(0);
    }

    @Test
    void aDeleteIsRefusedAndNothingIsDeleted() {
        assertEquals("Error: --inline: show runs exactly one query (SELECT, WITH, VALUES, ...) and changes nothing;"
                + " this text is a DELETE statement. Nothing was run.",
                refused("delete from \"user\" where user_id < '5'"));
    }

    @Test
    void aStatementBeforeAQueryIsNotRunWhilePreparing() {
        assertTrue(refused("drop table time; select 1 as one").endsWith("this text is 2 statements. Nothing was run."));
        assertTrue(refused("select 1 as one; drop table time").endsWith("this text is 2 statements. Nothing was run."));
    }

    @Test
    void copyToAFileIsRefusedAndWritesNothing() {
        Path out = dir.resolve("out.csv");
        assertTrue(refused("copy (select * from \"user\") to '" + out + "'").contains("this text is a COPY statement"));
        assertFalse(Files.exists(out));
    }

    @Test
    void aQueryCannotReadOrWriteFilesOutsideTheDatabase() {
        Path secret = dir.resolve("secret.csv");
        TestProjects.write(secret, "a\n1\n");
        Cli.Result show = Cli.run(dir, "show", "--inline", "select * from read_csv('" + secret + "')");
        assertEquals(2, show.status(), show::toString);
        assertTrue(show.err().contains("disabled by configuration"), show::toString);
    }

    @Test
    void queriesStillRunAndABuildAfterwardsStillLoadsFiles() {
        refused("delete from \"user\"");
        Cli.Result show = Cli.run(dir, "show", "--inline", "with u as (select * from ${ref('user')}) select count(*) as n from u");
        assertEquals(0, show.status(), show::toString);
        assertTrue(show.out().contains("(1 row)"), show::toString);
        Cli.Result analyses = Cli.run(dir, "show", "analyses/number_of_users.sql", "analyses/top_songs.sql");
        assertEquals(0, analyses.status(), analyses::toString);
        Cli.Result build = Cli.run(dir, "build", "--full-refresh", "-s", "source:sparkify");
        assertEquals(0, build.status(), "the engine that loads files still may: " + build);
    }

    @Test
    void aSyntaxErrorIsStillTheEnginesMessage() {
        Cli.Result show = Cli.run(dir, "show", "--inline", "selec 1");
        assertEquals(2, show.status(), show::toString);
        assertTrue(show.err().contains("syntax error at or near \"selec\""), show::toString);
    }
}
