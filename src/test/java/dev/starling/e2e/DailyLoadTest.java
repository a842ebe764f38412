package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily job: build on days 1-3, a fourth day's log file arrives, run again. Only the new file is loaded,
 * exactly its NextSong events become song plays, users take their new level, a run with nothing new changes
 * nothing, and the result equals a build from scratch over all four days, row for row.
 */
class DailyLoadTest {

    static final List<String> TABLES =
            List.of("event_staging", "song_staging", "songplay", "\"user\"", "song", "artist", "\"time\"");
    static final String DAY_4 = "data/sample/log_data/2018/12/2018-12-03-events.json";

    @TempDir
    Path daily;

    @TempDir
    Path scratch;

    @Test
    void aNewDayAddsExactlyItsEventsAndEqualsAFullBuild() throws Exception {
        TestProjects.sparkify(daily);
        Path db = daily.resolve("target/sparkify.duckdb");
        Cli.Result first = Cli.run(daily, "build");
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().contains("[362 loaded in"), first::toString);
        assertEquals(List.of(List.of("paid"), List.of("free")), Db.rows(db,
                "select level from \"user\" where user_id in ('16', '36') order by cast(user_id as int)"));

        String day4 = fourthDay(daily);
        TestProjects.write(daily.resolve(DAY_4), day4);
        long newPlays = day4.lines().filter(l -> l.contains("\"page\":\"NextSong\"")).count();
        assertEquals(91, newPlays, "day 4 is day 1 four days later, plus one play by a new user");

        Cli.Result second = Cli.run(daily, "build");
        assertEquals(0, second.status(), second::toString);
        assertTrue(second.out().contains("OK    load  sparkify.event_staging"), second::toString);
        assertTrue(second.out().contains("[122 loaded from 1 new file, 484 rows in"), "only day 4 is read: " + second);
        assertEquals(484L, Db.count(db, "event_staging"));
        assertEquals(278L + newPlays, Db.count(db, "songplay"));
        assertEquals(newPlays, Db.count(db, "songplay where start_time >= timestamp '2018-12-03'"),
                "exactly day 4's NextSong events are added");
        assertEquals(1L, ((Number) Db.rows(db, "select max(c) from (select count(*) as c from songplay"
                + " group by songplay_id)").get(0).get(0)).longValue(), "no play twice");
        // day 4 repeats day 1, when 16 was still free and 36 still paid: their latest level changes back
        assertEquals(List.of(List.of("16", "free"), List.of("36", "paid"), List.of("999", "free")), Db.rows(db,
                "select user_id, level from \"user\" where user_id in ('16', '36', '999') order by cast(user_id as int)"));
        assertEquals(20L, Db.count(db, "\"user\""), "the new user is inserted, the others updated in place");

        Map<String, List<List<Object>>> afterDay4 = snapshot(db);
        Cli.Result third = Cli.run(daily, "build");
        assertEquals(0, third.status(), third::toString);
        assertTrue(third.out().contains("[no new files, 484 rows in"), third::toString);
        assertTrue(third.out().matches("(?s).*OK    incremental songplay \\.+ \\[in [0-9.]+s]\n +no new batch upstream since"
                + " its last run: nothing to apply\n.*"), "an incremental model with nothing new is skipped, and says so: "
                + third);
        assertEquals(afterDay4, snapshot(db), "a run with nothing new changes nothing");

        // the same four days built from scratch in another project
        TestProjects.sparkify(scratch);
        TestProjects.write(scratch.resolve(DAY_4), day4);
        Cli.Result full = Cli.run(scratch, "build");
        assertEquals(0, full.status(), full::toString);
        assertSameRows(db, scratch.resolve("target/sparkify.duckdb"));

        // and --full-refresh rebuilds every incremental table from all files, to the same rows
        Cli.Result refresh = Cli.run(daily, "build", "--full-refresh");
        assertEquals(0, refresh.status(), refresh::toString);
        assertTrue(refresh.out().contains("[484 loaded in"), "every file is read again: " + refresh);
        assertEquals(afterDay4, snapshot(db));
    }

    @Test
    void theLineByLineReaderGivesTheSameRowsAsTheJsonReader() throws Exception {
        TestProjects.sparkify(daily);
        Cli.Result fast = Cli.run(daily, "run", "--select", "source:sparkify.event_staging");
        assertEquals(0, fast.status(), fast::toString);

        // one bad line anywhere sends the whole load through the line-by-line reader
        TestProjects.sparkify(scratch);
        TestProjects.write(scratch.resolve("data/sample/log_data/2018/12/2018-12-02-events.json"), "{\"ts\": \"soon\"}\n");
        Cli.Result slow = Cli.run(scratch, "run", "--select", "source:sparkify.event_staging", "--vars", "{max_errors: 1}");
        assertEquals(0, slow.status(), slow::toString);
        assertTrue(slow.out().contains("event_staging: 362 loaded, 1 rejected (see event_staging_rejects)"), slow::toString);
        assertSameRows(daily.resolve("target/sparkify.duckdb"), scratch.resolve("target/sparkify.duckdb"),
                List.of("event_staging"));
    }

    @Test
    void anEventDeliveredTwiceBecomesOneSongPlay() throws Exception {
        TestProjects.sparkify(daily);
        Path db = daily.resolve("target/sparkify.duckdb");
        assertEquals(0, Cli.run(daily, "build").status());
        // day 4 arrives twice, under two names, in one run
        String day4 = fourthDay(daily);
        TestProjects.write(daily.resolve(DAY_4), day4);
        TestProjects.write(daily.resolve(DAY_4.replace("-events.json", "-events-resent.json")), day4);
        Cli.Result again = Cli.run(daily, "build");
        assertEquals(0, again.status(), again::toString);
        assertEquals(278L + 91L, Db.count(db, "songplay"), "each of day 4's plays once");
        assertEquals(0L, Db.count(db, "(select songplay_id from songplay group by songplay_id having count(*) > 1)"));
    }

    @Test
    void aSourceWhoseLocationChangedIsLoadedAgainNotAppended() throws Exception {
        TestProjects.sparkify(daily);
        Path db = daily.resolve("target/sparkify.duckdb");
        assertEquals(0, Cli.run(daily, "build").status());
        // the same files named another way: data_dir given as an absolute path
        String absolute = "{data_dir: '" + daily.resolve("data/sample").toAbsolutePath() + "'}";
        Cli.Result moved = Cli.run(daily, "build", "--vars", absolute);
        assertEquals(0, moved.status(), moved::toString);
        assertEquals(362L, Db.count(db, "event_staging"), "loaded in full again, not appended");
        assertEquals(278L, Db.count(db, "songplay"));
        assertEquals(List.of(List.of(3L)), Db.rows(db, "select count(*) from starling_loaded_files"
                + " where source = 'source.sparkify.event_staging'"));
    }

    @Test
    void anEmptyDataFolderFailsTheLoadAndKeepsTheTable() throws Exception {
        TestProjects.sparkify(daily);
        Path db = daily.resolve("target/sparkify.duckdb");
        assertEquals(0, Cli.run(daily, "build").status());
        java.nio.file.Files.createDirectories(scratch.resolve("song_data"));
        java.nio.file.Files.createDirectories(scratch.resolve("log_data"));
        Cli.Result empty = Cli.run(daily, "run", "--full-refresh", "--vars", "{data_dir: '" + scratch + "'}");
        assertEquals(1, empty.status(), empty::toString);
        assertTrue(empty.out().contains("no file under"), empty::toString);
        assertEquals(47L, Db.count(db, "song_staging"), "the previous table is kept");
        assertEquals(362L, Db.count(db, "event_staging"), "the previous table is kept");
    }

    @Test
    void aFailingIncrementalRunNamesTheIncrementalSql() throws Exception {
        TestProjects.sparkify(daily);
        assertEquals(0, Cli.run(daily, "build").status());
        Path model = daily.resolve("models/marts/songplay.sql");
        TestProjects.write(model, TestProjects.read(model).replace("select distinct title, artist_name, duration",
                "select distinct no_such_column, artist_name, duration"));
        TestProjects.write(daily.resolve(DAY_4), fourthDay(daily));
        Cli.Result broken = Cli.run(daily, "run", "--select", "+songplay");
        assertEquals(1, broken.status(), broken::toString);
        assertTrue(broken.out().contains("an incremental run runs songplay.incremental.sql beside it"), broken::toString);
        assertEquals(278L, Db.count(daily.resolve("target/sparkify.duckdb"), "songplay"), "the table is as it was");
    }

    /** Day 1's events four days later, and one more play by a user never seen before. */
    static String fourthDay(Path project) {
        String day1 = TestProjects.read(project.resolve("data/sample/log_data/2018/11/2018-11-29-events.json"));
        Matcher m = Pattern.compile("\"ts\":(\\d+)").matcher(day1);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "\"ts\":" + (Long.parseLong(m.group(1)) + 4L * 86_400_000L));
        }
        m.appendTail(out);
        String play = out.toString().lines().filter(l -> l.contains("\"page\":\"NextSong\"")).findFirst().orElseThrow();
        String newcomer = play.replaceFirst("\"userId\":\"\\d+\"", "\"userId\":\"999\"")
                .replaceFirst("\"level\":\"\\w+\"", "\"level\":\"free\"");
        return out + newcomer + "\n";
    }

    static Map<String, List<List<Object>>> snapshot(Path db) {
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            String columns = table.endsWith("_staging") ? "* exclude (_starling_batch)" : "*";
            out.put(table, Db.rows(db, "select " + columns + " from " + table + " order by all"));
        }
        return out;
    }

    /** Every table holds the same rows in both databases: EXCEPT ALL is empty both ways. */
    static void assertSameRows(Path db, Path other) throws SQLException {
        assertSameRows(db, other, TABLES);
    }

    static void assertSameRows(Path db, Path other, List<String> tables) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
             Statement statement = connection.createStatement()) {
            statement.execute("attach '" + other + "' as other (read_only)");
            for (String table : tables) {
                for (String[] pair : List.of(new String[] {"main", "other.main"}, new String[] {"other.main", "main"})) {
                    String columns = table.endsWith("_staging") ? "* exclude (_starling_batch)" : "*";
                    try (ResultSet rs = statement.executeQuery("select count(*) from (select " + columns + " from "
                            + pair[0] + "." + table + " except all select " + columns + " from " + pair[1] + "." + table
                            + ")")) {
                        rs.next();
                        assertEquals(0, rs.getLong(1), table + ": rows in " + pair[0] + " but not in " + pair[1]);
                    }
                }
                try (ResultSet rs = statement.executeQuery("select count(*) from main." + table)) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 0, table + " is not empty");
                }
            }
        }
    }
}
