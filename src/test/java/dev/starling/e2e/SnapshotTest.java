package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkify's user_history snapshot (check strategy on level, keyed by user_id) over the daily load: days 1-3, then
 * day 4, on DuckDB. Exactly the users whose level changed get their current row closed and a new one opened, a new
 * user gets one row, a rerun (and --full-refresh) changes nothing; the snapshot time is fixed by
 * STARLING_SNAPSHOT_TIME.
 */
class SnapshotTest {

    @TempDir
    Path dir;

    static Map<String, String> at(String time) {
        return Map.of("STARLING_SNAPSHOT_TIME", time);
    }

    @Test
    void theDailyLoadClosesExactlyTheRowsOfUsersWhoseLevelChanged() {
        TestProjects.sparkify(dir);
        Path db = dir.resolve("target/sparkify.duckdb");
        Cli.Result first = Cli.run(dir, at("2018-12-02T00:00:00Z"), "build");
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().contains("OK    snapshot user_history"), first::toString);
        assertTrue(first.out().contains("PASS  test  assert_one_current_user_history_row"), first::toString);
        Map<String, String> before = levels(db, "select user_id, level from \"user\"");
        assertEquals(before, levels(db, "select user_id, level from user_history where valid_to is null"));
        assertEquals(List.of(List.of(19L, 19L)), Db.rows(db, "select count(*), count(*) filter (where valid_from ="
                + " timestamp '2018-12-02 00:00:00' and updated_at = valid_from and scd_id is not null)"
                + " from user_history"));

        TestProjects.write(dir.resolve(DailyLoadTest.DAY_4), DailyLoadTest.fourthDay(dir));
        Cli.Result second = Cli.run(dir, at("2018-12-04T06:00:00Z"), "build");
        assertEquals(0, second.status(), second::toString);
        Map<String, String> after = levels(db, "select user_id, level from \"user\"");
        TreeSet<String> changed = new TreeSet<>();
        before.forEach((user, level) -> {
            if (!level.equals(after.get(user))) {
                changed.add(user);
            }
        });
        assertEquals(new TreeSet<>(List.of("16", "36")), changed, "day 4 moves 16 and 36 (independent check)");
        assertEquals(List.copyOf(changed), column(db, "select user_id from user_history where valid_to is not null"
                + " order by 1"), "exactly the changed users' rows are closed");
        assertEquals(List.of(List.of("16", "paid", "2018-12-02 00:00:00.0", "2018-12-04 06:00:00.0"),
                        List.of("16", "free", "2018-12-04 06:00:00.0", "null"),
                        List.of("36", "free", "2018-12-02 00:00:00.0", "2018-12-04 06:00:00.0"),
                        List.of("36", "paid", "2018-12-04 06:00:00.0", "null"),
                        List.of("999", "free", "2018-12-04 06:00:00.0", "null")),
                strings(Db.rows(db, "select user_id, level, valid_from, valid_to from user_history where user_id in"
                        + " ('16', '36', '999') order by cast(user_id as int), valid_from")));
        assertEquals(after, levels(db, "select user_id, level from user_history where valid_to is null"));
        assertEquals(22L, Db.count(db, "user_history"), "19 users, 2 new versions, 1 new user");

        List<List<Object>> history = Db.rows(db, "select * from user_history order by all");
        Cli.Result rerun = Cli.run(dir, at("2018-12-05T00:00:00Z"), "build");
        assertEquals(0, rerun.status(), rerun::toString);
        assertEquals(history, Db.rows(db, "select * from user_history order by all"), "a rerun changes nothing");
        Cli.Result refresh = Cli.run(dir, at("2018-12-06T00:00:00Z"), "build", "--full-refresh");
        assertEquals(0, refresh.status(), refresh::toString);
        assertEquals(history, Db.rows(db, "select * from user_history order by all"),
                "--full-refresh never rebuilds a snapshot");
        Cli.Result alone = Cli.run(dir, at("2018-12-07T00:00:00Z"), "snapshot");
        assertEquals(0, alone.status(), alone::toString);
        assertTrue(alone.out().contains("1 of 1 OK    snapshot user_history"), alone::toString);
        assertEquals(history, Db.rows(db, "select * from user_history order by all"));

        Cli.Result plan = Cli.run(dir, at("2018-12-08T00:00:00Z"), "snapshot", "--dry-run");
        assertEquals(0, plan.status(), plan::toString);
        assertTrue(plan.out().contains("-- transaction: close the changed rows and open their new versions (check,"
                + " hard_deletes ignore)"), plan::toString);
        assertTrue(plan.out().contains("is not distinct from"), plan::toString);
        assertTrue(plan.out().contains("timestamp '2018-12-08 00:00:00.000'"), plan::toString);
        Cli.Result buildPlan = Cli.run(dir, at("2018-12-08T00:00:00Z"), "build", "--dry-run");
        assertEquals(0, buildPlan.status(), buildPlan::toString);
        assertTrue(buildPlan.out().matches("(?s).*-- \\d+ of 39  snapshot  user_history\n.*-- transaction: close the"
                + " changed rows.*"), buildPlan::toString);
        assertEquals(history, Db.rows(db, "select * from user_history order by all"), "a dry run changes nothing");
    }

    static Map<String, String> levels(Path db, String sql) {
        Map<String, String> out = new TreeMap<>();
        Db.rows(db, sql).forEach(row -> out.put(String.valueOf(row.get(0)), String.valueOf(row.get(1))));
        return out;
    }

    static List<String> column(Path db, String sql) {
        return Db.rows(db, sql).stream().map(row -> String.valueOf(row.get(0))).toList();
    }

    static List<List<String>> strings(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(String::valueOf).toList()).toList();
    }
}
