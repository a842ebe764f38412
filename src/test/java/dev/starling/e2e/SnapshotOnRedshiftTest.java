package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily-load snapshot scenario of {@link SnapshotTest} through the Redshift adapter on PostgreSQL: the staging
 * tables are filled by the test from the day files (as in {@link SparkifyOnRedshiftDriverTest}), the rest is the
 * real build, snapshot included.
 */
class SnapshotOnRedshiftTest {

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    @Test
    void theDailyLoadClosesExactlyTheRowsOfUsersWhoseLevelChanged() throws Exception {
        TestProjects.sparkify(dir);
        String schema = pg.newSchema("snap");
        RedshiftStandIns.getdate(pg);
        TestProjects.withoutDistAndSort(dir);
        Files.writeString(dir.resolve("project.yml"), Files.readString(dir.resolve("project.yml"))
                .replace("\ntargets:\n", "\ntargets:\n  pg:\n" + pg.targetYaml(schema, "    ")));
        SparkifyOnRedshiftDriverTest.stage(pg, dir, schema);
        Map<String, String> env = Map.of("STARLING_REDSHIFT_PASSWORD", "unused", "STARLING_SNAPSHOT_TIME",
                "2018-12-02T00:00:00Z");
        Cli.Result first = Cli.run(dir, env, "build", "--target", "pg", "--exclude", "source:sparkify");
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().contains("PASS  test  assert_one_current_user_history_row"), first::toString);
        Map<String, String> before = levels("select user_id, level from " + schema + ".\"user\"");
        assertEquals(19, before.size());
        assertEquals(before, levels("select user_id, level from " + schema + ".user_history where valid_to is null"));

        TestProjects.write(dir.resolve(DailyLoadTest.DAY_4), DailyLoadTest.fourthDay(dir));
        SparkifyOnRedshiftDriverTest.stage(pg, dir, schema);
        Map<String, String> day4 = Map.of("STARLING_REDSHIFT_PASSWORD", "unused", "STARLING_SNAPSHOT_TIME",
                "2018-12-04T06:00:00Z");
        Cli.Result second = Cli.run(dir, day4, "build", "--target", "pg", "--exclude", "source:sparkify");
        assertEquals(0, second.status(), second::toString);
        Map<String, String> after = levels("select user_id, level from " + schema + ".\"user\"");
        List<String> changed = before.keySet().stream().filter(u -> !before.get(u).equals(after.get(u))).toList();
        assertEquals(List.of("16", "36"), changed);
        assertEquals(changed, pg.column("select user_id from " + schema + ".user_history where valid_to is not null"
                + " order by 1"));
        assertEquals(List.of("2018-12-04 06:00:00"), pg.column("select distinct to_char(valid_to,"
                + " 'YYYY-MM-DD HH24:MI:SS') from " + schema + ".user_history where valid_to is not null"));
        assertEquals(after, levels("select user_id, level from " + schema + ".user_history where valid_to is null"));
        assertEquals(List.of("22"), pg.column("select count(*) from " + schema + ".user_history"));

        String all = "select user_id || '|' || level || '|' || valid_from || '|' || coalesce(cast(valid_to as varchar),"
                + " '-') || '|' || scd_id from " + schema + ".user_history order by 1";
        List<String> history = pg.column(all);
        Map<String, String> rerunEnv = Map.of("STARLING_REDSHIFT_PASSWORD", "unused", "STARLING_SNAPSHOT_TIME",
                "2018-12-05T00:00:00Z");
        Cli.Result rerun = Cli.run(dir, rerunEnv, "build", "--target", "pg", "--exclude", "source:sparkify",
                "--full-refresh");
        assertEquals(0, rerun.status(), rerun::toString);
        assertEquals(history, pg.column(all), "a rerun (even with --full-refresh) changes nothing");
    }

    private Map<String, String> levels(String sql) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String row : pg.column("select " + "user_id || '=' || level from (" + sql + ") as x")) {
            out.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
        }
        return out;
    }
}
