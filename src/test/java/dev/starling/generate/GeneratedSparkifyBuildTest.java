package dev.starling.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated data goes through the whole Sparkify build, every data test passing, through the real CLI. */
class GeneratedSparkifyBuildTest {

    @TempDir
    Path dir;

    @Test
    void theSparkifyBuildPassesOnGeneratedData() {
        Path data = dir.resolve("data");
        Cli.Result generate = Cli.run(null, "generate", "--out", data.toString(), "--events", "5000", "--songs", "200");
        assertEquals(0, generate.status(), generate::toString);
        Path project = TestProjects.sparkify(dir.resolve("project"));
        Cli.Result build = Cli.run(project, "build", "--vars", "{data_dir: '" + data + "'}");
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().matches("(?s).*Done\\. 39 ok, 0 failed, 0 skipped in [0-9.]+s\\s*"), build::toString);

        Path db = project.resolve("target/sparkify.duckdb");
        assertEquals(5000, Db.count(db, "event_staging"));
        assertEquals(200, Db.count(db, "song_staging"));
        long plays = Db.count(db, "event_staging where page = 'NextSong'");
        assertTrue(plays > 3500, "NextSong events: " + plays);
        assertEquals(plays, Db.count(db, "songplay"));
        long matched = Db.count(db, "songplay where song_id is not null");
        assertTrue(matched > 0 && matched < plays, matched + " of " + plays + " plays matched to a song");
        assertEquals(matched, Db.count(db, "songplay where artist_id is not null"));
        assertTrue(Db.count(db, "\"user\" where level = 'paid'") > 0 && Db.count(db, "\"user\" where level = 'free'") > 0);
        assertTrue(Db.count(db, "song where year is null") > 0, "year 0 becomes NULL");
        assertTrue(Db.count(db, "artist where location is null") > 0, "empty locations become NULL");
    }
}
