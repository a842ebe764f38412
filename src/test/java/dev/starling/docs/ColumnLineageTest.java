package dev.starling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnLineageTest {

    private static final Map<String, String> RELATIONS = Map.of("model.events", "\"main\".\"events\"",
            "model.songs", "\"main\".\"songs\"");
    private static final Map<String, List<String>> COLUMNS = Map.of("model.events", List.of("ts", "user_id", "song"),
            "model.songs", List.of("song_id", "title"));

    private static ColumnLineage.Result trace(String sql) {
        return ColumnLineage.trace(sql, RELATIONS, id -> COLUMNS.getOrDefault(id, List.of()));
    }

    private static String describe(ColumnLineage.Traced t) {
        return t.column() + (t.direct() ? " = " : " <- ") + String.join(", ", t.from().stream()
                .map(u -> u.node() + "." + u.column()).toList());
    }

    @Test
    void plainRenamedAndDerivedColumnsOfOneRelation() {
        ColumnLineage.Result result = trace("-- a comment, select x from y\nselect\n  ts,\n  user_id as uid,\n"
                + "  \"song\" title,\n  epoch_ms(ts) as start_time,\n  cast(user_id as integer) as n,\n  extract(hour from ts) as h,\n  count(*) over () as total,\n"
                + "  upper(song)\nfrom \"main\".\"events\" where ts > 0");
        assertTrue(result.known(), result::toString);
        assertEquals(List.of("ts = model.events.ts", "uid = model.events.user_id", "title = model.events.song",
                "start_time <- model.events.ts", "n <- model.events.user_id", "h <- model.events.ts", "total <- "),
                result.columns().stream().map(ColumnLineageTest::describe).toList());
    }

    @Test
    void aliasesOfJoinedRelationsAndStars() {
        ColumnLineage.Result result = trace("select e.ts, s.title as song_title, e.*, coalesce(s.song_id, e.song) as k\n"
                + "from main.events as e left join \"main\".\"songs\" s on s.title = e.song and s.song_id is not null");
        assertTrue(result.known(), result::toString);
        assertEquals(List.of("ts = model.events.ts", "song_title = model.songs.title", "ts = model.events.ts",
                "user_id = model.events.user_id", "song = model.events.song", "k <- model.songs.song_id, model.events.song"),
                result.columns().stream().map(ColumnLineageTest::describe).toList());
    }

    @Test
    void throughCtesAndSubqueries() {
        ColumnLineage.Result result = trace("with played as (\n  select e.ts, e.song as title, e.user_id from main.events e\n),\n"
                + "picked as (select song_id, title, row_number() over (partition by title order by song_id) as pick"
                + " from (select * from main.songs) as s)\n"
                + "select p.ts, k.song_id, p.title, upper(p.user_id) as who, k.pick\n"
                + "from played as p left join picked k on k.title = p.title where k.pick = 1");
        assertTrue(result.known(), result::toString);
        assertEquals(List.of("ts = model.events.ts", "song_id = model.songs.song_id", "title = model.events.song",
                "who <- model.events.user_id", "pick <- model.songs.title, model.songs.song_id"),
                result.columns().stream().map(ColumnLineageTest::describe).toList());
    }

    @Test
    void whatIsNotTracedSaysWhy() {
        assertEquals("the query has a recursive WITH clause", trace("with recursive x as (select 1) select * from x").reason());
        assertEquals("in x: the query combines selects with union",
                trace("with x as (select ts from main.events union select ts from main.events) select ts from x").reason());
        assertEquals("in a subquery: it reads main.other, which is not a model or source",
                trace("select a from (select ts as a from main.other) t").reason());
        assertEquals("the query combines selects with union", trace("select ts from main.events union all select ts from main.events").reason());
        assertEquals("it reads main.other, which is not a model or source", trace("select ts from main.other").reason());
        assertFalse(trace("insert into x values (1)").known());
    }
}
