package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkify's models taking batches through the Redshift adapter (its SQL, swaps, delete+insert and marks), on
 * PostgreSQL: a build of days 1-3, then day 4 and a song that arrives after its plays as two append batches, equal
 * a build from scratch of the same rows; a full reload of a source afterwards rebuilds the models and says why.
 *
 * <p>What PostgreSQL cannot run is stood in for: the staged rows and their batch records are written by the test,
 * as the loads would write them after COPY (COPY into a temporary table, then an insert that adds the batch id,
 * recorded in starling_batches in the same transaction; IncrementalCopyTest covers those statements), and
 * dist/sort are left out of the copied YAML.
 */
class DailyBatchesOnRedshiftTest {

    private static final Map<String, String> ENV = Map.of("STARLING_REDSHIFT_PASSWORD", "unused");
    private static final List<String> MODELS =
            List.of("songplay", "\"user\"", "song", "artist", "\"time\"", "user_latest_event");

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    @Test
    void batchesOnTheRedshiftPathEqualARebuildAndFullReloadsCascade() throws Exception {
        TestProjects.sparkify(dir);
        TestProjects.withoutDistAndSort(dir);
        RedshiftStandIns.getdate(pg);
        String daily = pg.newSchema("daily");
        String scratch = pg.newSchema("scratch");
        Files.writeString(dir.resolve("project.yml"), Files.readString(dir.resolve("project.yml")).replace(
                "\ntargets:\n", "\ntargets:\n  daily:\n" + pg.targetYaml(daily, "    ") + "  scratch:\n"
                        + pg.targetYaml(scratch, "    ")));
        List<String> events = lines(dir.resolve("data/sample/log_data"));
        List<String> day4 = DailyLoadTest.fourthDay(dir).lines().toList();
        List<String> songs = lines(dir.resolve("data/sample/song_data"));
        String late = Files.readString(dir.resolve(DailyBatchesTest.LATE_SONG)).strip();
        List<String> earlySongs = songs.stream().filter(s -> !s.equals(late)).toList();
        assertEquals(songs.size() - 1, earlySongs.size());

        // days 1-3 and all songs but one, each source's first (full) load
        stage(daily, "event_staging", events, null, 1, "full");
        stage(daily, "song_staging", earlySongs, null, 2, "full");
        Cli.Result first = Cli.run(dir, ENV, "run", "--target", "daily", "--exclude", "source:sparkify");
        assertEquals(0, first.status(), first::toString);
        // day 4, then the late song, as two append batches
        stage(daily, "event_staging", day4, 3L, 3, "append");
        stage(daily, "song_staging", List.of(late), 4L, 4, "append");
        Cli.Result second = Cli.run(dir, ENV, "run", "--target", "daily", "--exclude", "source:sparkify");
        assertEquals(0, second.status(), second::toString);
        assertFalse(second.out().contains("full rebuild"), second::toString);
        assertTrue(count(daily + ".songplay where song_id = 'SOSCOMN12A8C13E4B9'") > 0, "the late song is matched");

        List<String> all = new ArrayList<>(events);
        all.addAll(day4);
        stage(scratch, "event_staging", all, null, 1, "full");
        stage(scratch, "song_staging", songs, null, 2, "full");
        Cli.Result full = Cli.run(dir, ENV, "run", "--target", "scratch", "--exclude", "source:sparkify");
        assertEquals(0, full.status(), full::toString);
        assertSameRows(daily, scratch);

        // nothing new: every model that reads new_rows() is skipped
        Cli.Result noop = Cli.run(dir, ENV, "run", "--target", "daily", "--exclude", "source:sparkify");
        assertEquals(0, noop.status(), noop::toString);
        assertSameRows(daily, scratch);

        // event_staging reloaded in full (the same rows): the models downstream rebuild, and say why
        pg.execute("update " + daily + ".event_staging set _starling_batch = null");
        pg.execute("insert into " + daily + ".starling_batches values (5, 'source.sparkify.event_staging', 'full',"
                + " '--full-refresh', 4, current_timestamp)");
        Cli.Result cascade = Cli.run(dir, ENV, "run", "--target", "daily", "--exclude", "source:sparkify");
        assertEquals(0, cascade.status(), cascade::toString);
        assertTrue(cascade.out().contains("songplay: full rebuild, because sparkify.event_staging was reloaded in full"
                + " (--full-refresh) after its last run"), cascade::toString);
        assertFalse(cascade.out().contains("song: full rebuild"), "song reads only song_staging: " + cascade);
        assertSameRows(daily, scratch);
    }

    /**
     * Adds {@code records} (JSON lines) to {@code schema.table} with batch id {@code batch} (NULL for a full load,
     * which first empties the table), and records batch {@code id} as the load would.
     */
    private void stage(String schema, String table, List<String> records, Long batch, long id, String kind)
            throws SQLException {
        boolean events = table.equals("event_staging");
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("create table if not exists " + schema + ".starling_batches (batch bigint, source varchar,"
                    + " kind varchar, reason varchar, files integer, loaded_at timestamp)");
            s.execute("create temp table raw (line text)");
            try (PreparedStatement insert = c.prepareStatement("insert into raw values (?)")) {
                for (String line : records) {
                    insert.setString(1, line);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            String select = events
                    ? "select j->>'artist', j->>'auth', j->>'firstName', j->>'gender', (j->>'itemInSession')::integer,"
                    + " j->>'lastName', (j->>'length')::double precision, j->>'level', j->>'location', j->>'method',"
                    + " j->>'page', (j->>'registration')::double precision, (j->>'sessionId')::integer, j->>'song',"
                    + " (j->>'status')::integer, (j->>'ts')::bigint, j->>'userAgent', j->>'userId'"
                    : "select (j->>'num_songs')::integer, j->>'artist_id', (j->>'artist_latitude')::double precision,"
                    + " (j->>'artist_longitude')::double precision, j->>'artist_location', j->>'artist_name',"
                    + " j->>'song_id', j->>'title', (j->>'duration')::double precision, (j->>'year')::integer";
            String columns = events
                    ? "artist varchar, auth varchar, first_name varchar, gender varchar, item_in_session integer,"
                    + " last_name varchar, length double precision, level varchar, location varchar, method varchar,"
                    + " page varchar, registration double precision, session_id integer, song varchar, status integer,"
                    + " ts bigint, user_agent varchar, user_id varchar"
                    : "num_songs integer, artist_id varchar, artist_latitude double precision, artist_longitude double"
                    + " precision, artist_location varchar, artist_name varchar, song_id varchar, title varchar,"
                    + " duration double precision, year integer";
            if (batch == null) {
                s.execute("drop table if exists " + schema + "." + table);
                s.execute("create table " + schema + "." + table + " (" + columns + ", _starling_batch bigint)");
            }
            s.execute("insert into " + schema + "." + table + " " + select + ", " + (batch == null ? "null::bigint"
                    : batch) + " from (select line::json as j from raw where line <> '') as r");
            s.execute("insert into " + schema + ".starling_batches values (" + id + ", 'source.sparkify." + table
                    + "', '" + kind + "', '" + (kind.equals("full") ? "first load" : "new files") + "', 1,"
                    + " current_timestamp)");
            s.execute("drop table raw");
        }
    }

    private void assertSameRows(String one, String other) throws SQLException {
        for (String table : MODELS) {
            for (String[] pair : List.of(new String[] {one, other}, new String[] {other, one})) {
                assertEquals(0, count("(select * from " + pair[0] + "." + table + " except all select * from "
                        + pair[1] + "." + table + ") as d"), table + ": rows in " + pair[0] + " but not in " + pair[1]);
            }
        }
    }

    private long count(String relation) throws SQLException {
        return Long.parseLong(pg.column("select count(*) from " + relation).get(0));
    }

    private static List<String> lines(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(String::strip).forEach(out::add);
            }
        }
        return out;
    }
}
