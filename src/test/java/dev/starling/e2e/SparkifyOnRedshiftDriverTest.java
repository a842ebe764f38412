package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sparkify models, data tests and analyses in the Redshift dialect (starling/macros/redshift.ftl, quoted
 * "user", the redshift adapter's swaps and sessions), run through the Redshift driver on PostgreSQL, give the same
 * tables as the DuckDB build of the same sample.
 *
 * <p>What PostgreSQL cannot run is stood in for: the staging tables are filled by the test from the sample files
 * (PostgreSQL parses the JSON; on Redshift, COPY does), and dist/sort are left out of the copied schema.yml
 * (their DDL is checked by the golden files). Everything else is the real build.
 */
class SparkifyOnRedshiftDriverTest {

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    @Test
    void buildsTheSameStarSchemaAsDuckDb() throws Exception {
        TestProjects.sparkify(dir);
        Cli.Result duck = Cli.run(dir, "build");
        assertEquals(0, duck.status(), duck::toString);
        Path duckdb = dir.resolve("target/sparkify.duckdb");

        String schema = pg.newSchema("sparkify");
        TestProjects.withoutDistAndSort(dir);
        RedshiftStandIns.getdate(pg);
        // a target next to dev and prod (project.yml has other sections after targets:)
        Files.writeString(dir.resolve("project.yml"), Files.readString(dir.resolve("project.yml")).replace("\ntargets:\n", "\ntargets:\n" + """
                  pg:
                    type: redshift
                    host: 127.0.0.1
                    port: %d
                    database: starling
                    user: starling
                    password: unused
                    ssl: false
                    schema: %s
                    threads: 4
                    late_binding_views: false
                """.formatted(pg.port(), schema)));
        stage(pg, dir, schema);

        Cli.Result build = Cli.run(dir, Map.of(), "build", "--target", "pg", "--exclude", "source:sparkify");
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().contains("PASS  test  assert_one_songplay_per_play"), build::toString);
        assertTrue(build.out().contains("PASS  test  relationships_songplay_user_id__user"), build::toString);

        assertEquals(278, count(schema + ".songplay"));
        for (String table : List.of("songplay", "\"user\"", "song", "artist", "\"time\"")) {
            assertEquals(Db.count(duckdb, table), count(schema + "." + table), table);
        }
        assertEquals(strings(Db.rows(duckdb, "select songplay_id from songplay order by 1")),
                column("select songplay_id from " + schema + ".songplay order by 1"),
                "the same surrogate keys on both engines");
        assertEquals(strings(Db.rows(duckdb, "select strftime(start_time, '%Y-%m-%d %H:%M:%S.%g') from \"time\" order by 1")),
                column("select to_char(start_time, 'YYYY-MM-DD HH24:MI:SS.MS') from " + schema + ".\"time\" order by 1"),
                "epoch milliseconds become the same timestamps, milliseconds kept");
        for (String analysis : List.of("number_of_users", "top_songs", "top_artists", "listens_per_month")) {
            Cli.Result onDuck = Cli.run(dir, "show", "analyses/" + analysis + ".sql");
            Cli.Result onPg = Cli.run(dir, Map.of(), "show", "--target", "pg", "analyses/" + analysis + ".sql");
            assertEquals(0, onDuck.status(), onDuck::toString);
            assertEquals(0, onPg.status(), onPg::toString);
            assertTrue(onDuck.out().contains("row"), onDuck::toString);
            assertEquals(onDuck.out(), onPg.out(), analysis);
        }
    }

    /** Fills event_staging and song_staging from the sample files, as COPY would: PostgreSQL parses each JSON line. */
    static void stage(PostgresServer pg, Path dir, String schema) throws IOException, SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + schema + ".raw");
            s.execute("create table " + schema + ".raw (kind text, line text)");
            try (PreparedStatement insert = c.prepareStatement("insert into " + schema + ".raw values (?, ?)")) {
                for (String kind : List.of("log_data", "song_data")) {
                    try (Stream<Path> files = Files.walk(dir.resolve("data/sample").resolve(kind))) {
                        for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                            for (String line : Files.readAllLines(file)) {
                                if (!line.isBlank()) {
                                    insert.setString(1, kind);
                                    insert.setString(2, line);
                                    insert.addBatch();
                                }
                            }
                        }
                    }
                }
                insert.executeBatch();
            }
            String events = ("select j->>'artist' as artist, j->>'auth' as auth,"
                    + " j->>'firstName' as first_name, j->>'gender' as gender, (j->>'itemInSession')::integer as item_in_session,"
                    + " j->>'lastName' as last_name, (j->>'length')::double precision as length, j->>'level' as level,"
                    + " j->>'location' as location, j->>'method' as method, j->>'page' as page,"
                    + " (j->>'registration')::double precision as registration, (j->>'sessionId')::integer as session_id,"
                    + " j->>'song' as song, (j->>'status')::integer as status, (j->>'ts')::bigint as ts,"
                    + " j->>'userAgent' as user_agent, j->>'userId' as user_id, null::bigint as _starling_batch"
                    + " from (select line::json as j from " + schema + ".raw where kind = 'log_data') as e");
            fill(s, schema + ".event_staging", events);
            String songs = ("select (j->>'num_songs')::integer as num_songs,"
                    + " j->>'artist_id' as artist_id, (j->>'artist_latitude')::double precision as artist_latitude,"
                    + " (j->>'artist_longitude')::double precision as artist_longitude,"
                    + " j->>'artist_location' as artist_location, j->>'artist_name' as artist_name, j->>'song_id' as song_id,"
                    + " j->>'title' as title, (j->>'duration')::double precision as duration, (j->>'year')::integer as year,"
                    + " null::bigint as _starling_batch"
                    + " from (select line::json as j from " + schema + ".raw where kind = 'song_data') as s");
            fill(s, schema + ".song_staging", songs);
            s.execute("drop table " + schema + ".raw");
        }
    }

    /** Creates {@code table} from {@code select}, or replaces its rows (views on it stay) when it exists. */
    private static void fill(Statement s, String table, String select) throws SQLException {
        s.execute("create table if not exists " + table + " as " + select + " limit 0");
        s.execute("delete from " + table);
        s.execute("insert into " + table + " " + select);
    }

    private long count(String relation) throws SQLException {
        return Long.parseLong(column("select count(*) from " + relation).get(0));
    }

    private List<String> column(String sql) throws SQLException {
        return pg.column(sql);
    }

    private static List<String> strings(List<List<Object>> rows) {
        return rows.stream().map(r -> String.valueOf(r.get(0))).toList();
    }
}
