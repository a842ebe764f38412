package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily runs by batch: after every kind of change to the files (new log files, new song files, both, a song that
 * arrives after its plays, a new song with a smaller song_id, an event delivered twice with different content, a
 * late event older than a user's latest, a changed file, a deleted file, a failed model), a {@code run} leaves every
 * table equal, row for row, to a build from scratch of the same files in another project (Starling's batch column
 * aside); and a full reload rebuilds the incremental models downstream, and says why.
 */
class DailyBatchesTest {

    static final List<String> MODELS =
            List.of("songplay", "\"user\"", "song", "artist", "\"time\"", "user_latest_event");
    static final List<String> STAGED = List.of("event_staging", "song_staging");
    /** A song with plays on day 1 (user 16's first play), held back until a later run. */
    static final String LATE_SONG = "data/sample/song_data/G/N/S/TRGNSCM128F4287C12.json";
    static final String LOGS = "data/sample/log_data/2018/";

    @TempDir
    Path root;

    private Path daily;
    private Path db;
    private int rebuilds;
    private String heldBack;

    @BeforeEach
    void firstBuild() {
        daily = TestProjects.sparkify(root.resolve("daily"));
        db = daily.resolve("target/sparkify.duckdb");
        heldBack = TestProjects.read(daily.resolve(LATE_SONG));
        delete(LATE_SONG);
        Cli.Result first = Cli.run(daily, "build");
        assertEquals(0, first.status(), first::toString);
        assertEquals(0L, Db.count(db, "songplay where song_id = 'SOSCOMN12A8C13E4B9'"), "its song is not there yet");
    }

    @Test
    void everySequenceOfDailyRunsEqualsARebuildOfTheSameFiles() throws Exception {
        // new log files only
        write(LOGS + "12/2018-12-03-events.json", DailyLoadTest.fourthDay(daily));
        Cli.Result day4 = runAndCompare("a new day of events");
        assertTrue(day4.out().contains("loaded from 1 new file"), day4::toString);
        assertFalse(day4.out().contains("full rebuild"), "a new file alone never cascades: " + day4);

        // new song files only: one by a new artist, and the song that user 16's plays name (after its plays)
        write("data/sample/song_data/Z/Z/Z/TRZZZNEW000000001.json", song("SOZZZNEW00000001", "ARZZZNEW00000001",
                "Brand New", "New Artist", 200.5, 2001, "Oslo"));
        write(LATE_SONG, heldBack);
        Cli.Result songs = runAndCompare("two new song files, one named by plays already loaded");
        assertTrue(songs.out().contains("loaded from 2 new files"), songs::toString);
        assertTrue(Db.count(db, "songplay where song_id = 'SOSCOMN12A8C13E4B9'") > 0, "the late song is matched");

        // a new song with a smaller song_id for plays already matched wins them, and a day of events: both at once
        write("data/sample/song_data/A/A/A/TRAAANEW000000001.json", song("SOAAAAAAAAAAAAAAAA", "ARGNRZS1187B9A0E5D",
                "Sweet Child O' Mine", "Guns N' Roses", 355.49995, 1987, ""));
        write(LOGS + "12/2018-12-04-events.json", shiftDays(DailyLoadTest.fourthDay(daily), 1));
        runAndCompare("a smaller song_id for matched plays, and a new day");
        assertEquals(0L, Db.count(db, "songplay where song_id = 'SOSCOMN12A8C13E4B9'"));
        assertTrue(Db.count(db, "songplay where song_id = 'SOAAAAAAAAAAAAAAAA'") > 0);

        // an event delivered again in a later batch with other content: the copy first by the tiebreak wins
        String play = firstLine(LOGS + "11/2018-11-29-events.json", "\"page\":\"NextSong\"");
        write(LOGS + "12/2018-12-05-resent.json", play.replaceFirst("\"location\":\"[^\"]*\"", "\"location\":\"AAA\"") + "\n");
        runAndCompare("an event delivered twice with different content");
        assertEquals(1L, Db.count(db, "songplay where location = 'AAA'"));

        // a late event older than user 16's latest, with another level: the kept level stays
        List<List<Object>> level = Db.rows(db, "select level from \"user\" where user_id = '16'");
        String old = firstLine(LOGS + "11/2018-11-29-events.json", "\"userId\":\"16\"");
        String late = old.replaceFirst("\"ts\":(\\d+)", "\"ts\":1543000000000")
                .replaceFirst("\"level\":\"\\w+\"", "\"level\":\"" + (level.get(0).get(0).equals("free") ? "paid" : "free") + "\"")
                .replaceFirst("\"page\":\"\\w+\"", "\"page\":\"Home\"");
        write(LOGS + "12/2018-12-06-late.json", late + "\n");
        runAndCompare("a late event older than the user's latest");
        assertEquals(level, Db.rows(db, "select level from \"user\" where user_id = '16'"));

        // a changed file: its rows are replaced, and every incremental model downstream is rebuilt in full
        Path changed = daily.resolve(LOGS + "12/2018-12-01-events.json");
        List<String> lines = Files.readAllLines(changed);
        Files.write(changed, lines.subList(0, lines.size() - 10));
        Cli.Result replaced = runAndCompare("a changed file");
        assertTrue(replaced.out().contains("songplay: full rebuild, because sparkify.event_staging was reloaded in"
                + " part (1 file changed: data/sample/log_data/2018/12/2018-12-01-events.json)"), replaced::toString);
        assertFalse(replaced.out().contains("song: full rebuild"), "song_staging was not reloaded: " + replaced);

        // a deleted file: its rows go
        delete(LOGS + "11/2018-11-30-events.json");
        Cli.Result deleted = runAndCompare("a deleted file");
        assertTrue(deleted.out().contains("1 file deleted: data/sample/log_data/2018/11/2018-11-30-events.json"),
                deleted::toString);

        // nothing new: nothing is applied, nothing changes
        List<List<Object>> before = Db.rows(db, "select count(*), max(batch) from starling_batches");
        Cli.Result noop = runAndCompare("nothing new");
        assertTrue(noop.out().contains("[no new files"), noop::toString);
        assertEquals(before, Db.rows(db, "select count(*), max(batch) from starling_batches"), "no batch is added");
    }

    @Test
    void aModelThatFailsKeepsItsMarksAndTheNextRunTakesTheMissedBatches() throws Exception {
        Path model = daily.resolve("models/marts/songplay.sql");
        String good = TestProjects.read(model);
        write("models/marts/songplay.sql", good.replace("e.user_agent\nfrom events", "e.no_such_column\nfrom events"));
        write(LOGS + "12/2018-12-03-events.json", DailyLoadTest.fourthDay(daily));
        Cli.Result broken = Cli.run(daily, "run");
        assertEquals(1, broken.status(), broken::toString);
        List<List<Object>> marks = Db.rows(db, "select source, batch from starling_marks where model = 'model.songplay'"
                + " order by 1");
        assertEquals(2, marks.size(), marks::toString);

        write(LOGS + "12/2018-12-04-events.json", shiftDays(DailyLoadTest.fourthDay(daily), 1));
        write(LATE_SONG, heldBack);
        Cli.Result stillBroken = Cli.run(daily, "run");
        assertEquals(1, stillBroken.status(), stillBroken::toString);
        assertEquals(marks, Db.rows(db, "select source, batch from starling_marks where model = 'model.songplay'"
                + " order by 1"), "a failed model keeps its marks");

        write("models/marts/songplay.sql", good);
        Cli.Result fixed = runAndCompare("two batches a failed model missed");
        assertFalse(fixed.out().contains("full rebuild"), "the missed batches are applied, not rebuilt: " + fixed);
    }

    @Test
    void pointingDataDirAtOtherDataBuildsExactlyThatData() throws Exception {
        // other data: the sample's last day only, and a third of its songs
        Path other = root.resolve("other");
        TestProjects.copy(daily.resolve(LOGS + "12"), other.resolve("log_data/2018/12"));
        TestProjects.copy(daily.resolve("data/sample/song_data/N"), other.resolve("song_data/N"));
        String vars = "{data_dir: '" + other + "'}";
        Cli.Result switched = Cli.run(daily, "build", "--vars", vars);
        assertEquals(0, switched.status(), switched::toString);
        assertTrue(switched.out().contains("songplay: full rebuild, because sparkify.event_staging was reloaded in"
                + " full (its location changed)"), switched::toString);

        Path fresh = TestProjects.sparkify(root.resolve("fresh"));
        Cli.Result build = Cli.run(fresh, "build", "--vars", vars);
        assertEquals(0, build.status(), build::toString);
        Path freshDb = fresh.resolve("target/sparkify.duckdb");
        for (String table : MODELS) {
            assertEquals(Db.count(freshDb, table), Db.count(db, table), table);
        }
        assertSameRows(db, freshDb);
    }

    @Test
    void newRowsOfARelationOverTwoIncrementalSourcesIsAnErrorAtItsLine() {
        write("models/marts/plays_by_song.sql", "-- plays per song, batch by batch\n<#if is_incremental()>\n"
                + "select song_id, count(*) as plays from ${new_rows(ref('songplay'))} as p group by song_id\n<#else>\n"
                + "select song_id, count(*) as plays from ${ref('songplay')} as p group by song_id\n</#if>\n");
        write("models/marts/plays_by_song.yml", "models:\n  - name: plays_by_song\n    config: {materialized:"
                + " incremental}\n");
        assertEquals(0, Cli.run(daily, "run", "-s", "plays_by_song").status());
        write(LOGS + "12/2018-12-03-events.json", DailyLoadTest.fourthDay(daily));
        Cli.Result run = Cli.run(daily, "run");
        assertEquals(1, run.status(), run::toString);
        assertTrue(run.out().contains("models/marts/plays_by_song.sql:3: new_rows() of model.songplay needs exactly one"
                + " incremental source upstream of it, to know which batches are new; it has"
                + " source.sparkify.event_staging, source.sparkify.song_staging."), run::toString);
        assertEquals(278L + 91L, Db.count(db, "songplay"), "the other models took the batch");
    }

    @Test
    void anIncrementalModelInACustomSchemaTakesEachNewBatch() throws IOException {
        Path model = daily.resolve("models/marts/songplay.sql");
        Files.writeString(model, "<@config schema=\"marts\"/>\n" + Files.readString(model));
        Cli.Result first = Cli.run(daily, "run");
        assertEquals(0, first.status(), first::toString);
        write(LOGS + "12/2018-12-03-events.json", DailyLoadTest.fourthDay(daily));

        Cli.Result next = Cli.run(daily, "run");
        assertEquals(0, next.status(), "the marks and batches are the target schema's, read from main_marts too: " + next);
        Path scratch = TestProjects.sparkify(root.resolve("scratch-marts"));
        deleteTree(scratch.resolve("data/sample"));
        TestProjects.copy(daily.resolve("data/sample"), scratch.resolve("data/sample"));
        Files.writeString(scratch.resolve("models/marts/songplay.sql"), Files.readString(model));
        assertEquals(0, Cli.run(scratch, "run").status());
        assertEquals(Db.rows(scratch.resolve("target/sparkify.duckdb"), "select * from main_marts.songplay order by 1"),
                Db.rows(db, "select * from main_marts.songplay order by 1"), "the day's plays were added, as a rebuild has them");

        Cli.Result nothing = Cli.run(daily, "run");
        assertTrue(nothing.out().matches("(?s).*OK    incremental songplay \\.+ \\[in [0-9.]+s]\n +no new batch.*"),
                "nothing new: skipped, in its schema too: " + nothing);
    }

    @Test
    void aDryRunOfADailyRunShowsOnlyTheNewBatch() {
        write(LOGS + "12/2018-12-03-events.json", DailyLoadTest.fourthDay(daily));
        Cli.Result plan = Cli.run(daily, "run", "--dry-run");
        assertEquals(0, plan.status(), plan::toString);
        assertTrue(plan.out().contains("2018-12-03-events.json"), plan::toString);
        assertFalse(plan.out().contains("2018-11-29-events.json"), "only the new file is read: " + plan);
        long mark = ((Number) Db.rows(db, "select max(batch) from starling_batches where source ="
                + " 'source.sparkify.event_staging'").get(0).get(0)).longValue();
        assertTrue(plan.out().contains("where _starling_batch > /*starling:mark:model.nextsong_event*/" + mark),
                "songplay reads the events after its mark: " + plan);
        for (String table : List.of("starling_batches", "starling_marks", "starling_loaded_files", "event_staging_rejects")) {
            assertFalse(plan.out().contains("create table if not exists \"main\".\"" + table + "\""),
                    table + " was there when the run began: it is not created again (a create waits for the catalog): " + plan);
        }
    }

    // ---- the scenario's parts ----------------------------------------------------------------------------------

    /** Runs the daily project, builds the same files from scratch in a new one, and compares every table. */
    private Cli.Result runAndCompare(String what) throws IOException, SQLException {
        Cli.Result run = Cli.run(daily, "run");
        assertEquals(0, run.status(), what + ": " + run);
        Path scratch = TestProjects.sparkify(root.resolve("scratch" + (++rebuilds)));
        deleteTree(scratch.resolve("data/sample"));
        TestProjects.copy(daily.resolve("data/sample"), scratch.resolve("data/sample"));
        deleteTree(scratch.resolve("models"));
        TestProjects.copy(daily.resolve("models"), scratch.resolve("models"));
        Cli.Result full = Cli.run(scratch, "run");
        assertEquals(0, full.status(), what + " (from scratch): " + full);
        assertSameRows(db, scratch.resolve("target/sparkify.duckdb"));
        return run;
    }

    /** Every model and staged table holds the same rows in both databases (EXCEPT ALL both ways). */
    static void assertSameRows(Path db, Path other) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + db);
             Statement statement = connection.createStatement()) {
            statement.execute("attach '" + other + "' as other (read_only)");
            for (String table : Stream.concat(MODELS.stream(), STAGED.stream()).toList()) {
                String columns = STAGED.contains(table) ? "* exclude (_starling_batch)" : "*";
                for (String[] pair : List.of(new String[] {"main", "other.main"}, new String[] {"other.main", "main"})) {
                    try (ResultSet rs = statement.executeQuery("select count(*) from (select " + columns + " from "
                            + pair[0] + "." + table + " except all select " + columns + " from " + pair[1] + "." + table
                            + ")")) {
                        rs.next();
                        assertEquals(0, rs.getLong(1), table + ": rows in " + pair[0] + " but not in " + pair[1]);
                    }
                }
            }
        }
    }

    private void write(String path, String text) {
        TestProjects.write(daily.resolve(path), text);
    }

    private void delete(String path) {
        try {
            Files.delete(daily.resolve(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String firstLine(String path, String containing) {
        return TestProjects.read(daily.resolve(path)).lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String shiftDays(String events, int days) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"ts\":(\\d+)").matcher(events);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "\"ts\":" + (Long.parseLong(m.group(1)) + days * 86_400_000L));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String song(String songId, String artistId, String title, String artist, double duration, int year,
                       String location) {
        return "{\"num_songs\": 1, \"artist_id\": \"" + artistId + "\", \"artist_latitude\": null, \"artist_longitude\":"
                + " null, \"artist_location\": \"" + location + "\", \"artist_name\": \"" + artist.replace("'", "'")
                + "\", \"song_id\": \"" + songId + "\", \"title\": \"" + title + "\", \"duration\": " + duration
                + ", \"year\": " + year + "}";
    }
}
