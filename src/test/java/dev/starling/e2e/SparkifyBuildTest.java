package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, end to end on embedded DuckDB: build the Sparkify star schema from the sample data,
 * run every data test, and print the analyses. Expected values were computed from the raw JSON files by an
 * independent script (see data/sample/README.md), not by Starling.
 */
class SparkifyBuildTest {

    @TempDir
    static Path dir;
    static Path db;
    static Cli.Result build;

    @BeforeAll
    static void buildSample() {
        TestProjects.sparkify(dir);
        build = Cli.run(dir, "build");
        db = dir.resolve("target/sparkify.duckdb");
    }

    @Test
    void buildRunsEveryNodeAndExitsZero() {
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().matches("(?s).*Done\\. 39 ok, 0 failed, 0 skipped in [0-9.]+s\\s*"), build::toString);
        assertTrue(build.out().contains("OK    load  sparkify.event_staging"), build::toString);
        assertTrue(build.out().matches("(?s).*OK    incremental songplay \\.+ \\[278 rows in [0-9.]+s].*"), build::toString);
        assertTrue(build.out().contains("PASS  test  relationships_songplay_user_id__user"), build::toString);
        assertEquals("", build.err());
    }

    @Test
    void everyTableHasTheExpectedRowCount() {
        Map<String, Long> expected = Map.of("event_staging", 362L, "song_staging", 47L, "nextsong_event", 278L,
                "songplay", 278L, "\"user\"", 19L, "song", 46L, "artist", 36L, "\"time\"", 277L);
        expected.forEach((relation, rows) -> assertEquals(rows, Db.count(db, relation), relation));
        assertEquals(166L, Db.count(db, "songplay where song_id is not null"));
        assertEquals(166L, Db.count(db, "songplay where artist_id is not null"));
    }

    @Test
    void usersCarryTheLevelOfTheirLatestEvent() {
        List<List<Object>> users = Db.rows(db,
                "select user_id, first_name, last_name, gender, level from \"user\" order by cast(user_id as int)");
        assertEquals(19, users.size());
        assertEquals(List.of("2", "Jizelle", "Benjamin", "F", "free"), users.get(0));
        assertEquals(List.of("16", "Rylan", "George", "M", "paid"), row(users, "16"));   // free -> paid
        assertEquals(List.of("36", "Matthew", "Jones", "M", "free"), row(users, "36"));  // paid -> free, tie on ts
        assertEquals(List.of("101", "Zoë", "Peña", "F", "free"), users.get(18));
        assertTrue(users.stream().noneMatch(u -> u.get(0).equals("77")), "user 77 never plays a song");
        assertTrue(users.stream().noneMatch(u -> u.get(0).equals("")), "logged-out events have no user");
    }

    private static List<Object> row(List<List<Object>> rows, String key) {
        return rows.stream().filter(r -> r.get(0).equals(key)).findFirst().orElseThrow();
    }

    @Test
    void songsAndArtistsAreOneRowPerKeyWithDeterministicPicks() {
        assertEquals(List.of(List.of("SOHEROS12A6701C3F8", "\"Heroes\"", "ARJ7BOW1187FB4F2D1", 1977, 371.30404)),
                Db.rows(db, "select * from song where song_id = 'SOHEROS12A6701C3F8'"));
        assertEquals(List.of(List.of("SOHKRUT12AB0189C7D", "光", "ARUTADA1187FB5C3E8", 2002, 302.23628)),
                Db.rows(db, "select * from song where song_id = 'SOHKRUT12AB0189C7D'"));
        assertEquals(1L, Db.count(db, "song where song_id = 'SOCIWDW12A8C13D406'"), "duplicate song file gives one row");
        // Beyoncé's files disagree: the one with a location wins, though it has not the smallest song_id
        assertEquals(List.of(List.of("ARBYNC31187B9A3C6F", "Beyoncé", "Houston, TX", 29.76045, -95.36978)),
                Db.rows(db, "select * from artist where artist_id = 'ARBYNC31187B9A3C6F'"));
        assertEquals(0L, Db.count(db, "artist where location = ''"), "empty locations become NULL");
        assertEquals(0L, Db.count(db, "song where year = 0"), "year 0 (unknown) becomes NULL");
    }

    @Test
    void songplaysMatchSongsExactlyAndNeverDuplicate() {
        // two song_ids share title, artist and duration: the 12 plays take the smaller id, once each
        assertEquals(List.of(List.of("SOSLTSA12A8C13E7F1", 12L)), Db.rows(db,
                "select song_id, count(*) from songplay where song_id like 'SOSLTS%' group by song_id"));
        // a play of Wonderwall whose length is not the song's duration matches nothing
        assertEquals(List.of(List.of(0L)), Db.rows(db, "select count(song_id) from songplay"
                + " where start_time = timestamp '2018-11-29 10:40:27.351'"));
        assertEquals(1L, Db.count(db, "songplay where start_time = timestamp '2018-11-29 10:40:27.351'"));
        assertEquals(278L, ((Number) Db.rows(db, "select count(distinct songplay_id) from songplay").get(0).get(0)).longValue());
    }

    @Test
    void timeHasOneRowPerDistinctStartTimeToTheMillisecond() {
        assertEquals(List.of(List.of(Timestamp.valueOf("2018-11-30 14:03:27.512"), 14L, 30L, 48L, 11L, 2018L, 5L)),
                Db.rows(db, "select * from \"time\" where start_time = timestamp '2018-11-30 14:03:27.512'"));
        assertEquals(2L, Db.count(db, "\"time\" where start_time between timestamp '2018-11-29 10:15:42'"
                + " and timestamp '2018-11-29 10:15:43'"));
        assertNull(Db.rows(db, "select max(start_time) from \"time\" where year <> 2018").get(0).get(0));
    }

    @Test
    void analysesPrintAlignedTables() {
        Cli.Result show = Cli.run(dir, "show", "analyses/number_of_users.sql", "analyses/top_songs.sql",
                "analyses/top_artists.sql", "analyses/listens_per_month.sql");
        assertEquals(0, show.status(), show::toString);
        String expected = """
                == analyses/number_of_users.sql
                users
                -----
                   19
                (1 row)

                == analyses/top_songs.sql
                title                   | artist        | plays
                ------------------------+---------------+------
                Sweet Child O' Mine     | Guns N' Roses |    14
                Halo                    | Beyoncé       |    13
                Smells Like Teen Spirit | Nirvana       |    12
                Hoppípolla              | Sigur Rós     |    11
                "Heroes"                | David Bowie   |    10
                Wonderwall              | Oasis         |     9
                Kickstart My Heart      | Mötley Crüe   |     8
                光                      | Utada Hikaru  |     7
                Soul Deep               | The Box Tops  |     6
                I Didn't Mean To        | Casual        |     5
                (10 rows)

                == analyses/top_artists.sql
                artist        | plays
                --------------+------
                Beyoncé       |    18
                Nirvana       |    15
                Guns N' Roses |    14
                Oasis         |    13
                Sigur Rós     |    12
                David Bowie   |    11
                Mötley Crüe   |    10
                Casual        |     8
                Utada Hikaru  |     7
                The Box Tops  |     6
                (10 rows)

                == analyses/listens_per_month.sql
                month | listens
                ------+--------
                   11 |     197
                   12 |      81
                (2 rows)
                """;
        assertEquals(expected, show.out());
    }

    @Test
    void showHonoursLimitAndInlineRefs() {
        Cli.Result show = Cli.run(dir, "show", "--inline", "select user_id from ${ref('user')} order by cast(user_id as int)",
                "--limit", "3");
        assertEquals(0, show.status(), show::toString);
        assertEquals("user_id\n-------\n2\n6\n8\n(first 3 rows; use --limit to see more)\n",
                show.out().replace("\r", ""));
    }
}
