package dev.starling.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data looks like Sparkify's: skewed popularity, mostly song plays, sessions, level changes, misses. */
class GeneratedShapeTest {

    @TempDir
    static Path dir;
    static Generated data;

    @BeforeAll
    static void generate() {
        data = Generated.write(GeneratorOptions.of(dir.resolve("out"), 30_000, 1_000).withDays(10));
    }

    private static double share(String condition) {
        return data.decimal("select avg(case when " + condition + " then 1.0 else 0.0 end) from {events}");
    }

    @Test
    void aboutEightyPercentOfEventsAreSongPlaysByLoggedInUsers() {
        double nextSong = share("page = 'NextSong'");
        assertTrue(nextSong > 0.75 && nextSong < 0.85, "NextSong share " + nextSong);
        assertEquals(0, data.number("select count(*) from {events} where page = 'NextSong'"
                + " and (auth <> 'Logged In' or userId = '' or song is null or artist is null or length is null"
                + " or method <> 'PUT' or status <> 200)"));
        List<List<Object>> pages = data.rows("select page from {events} group by page having count(*) > 0 order by page");
        for (String page : List.of("About", "Downgrade", "Error", "Help", "Home", "Login", "Logout", "NextSong",
                "Save Settings", "Settings", "Submit Downgrade", "Submit Upgrade", "Upgrade")) {
            assertTrue(pages.contains(List.of(page)), page + " in " + pages);
        }
        assertEquals(List.of(List.of("GET", 200L), List.of("GET", 404L), List.of("PUT", 200L), List.of("PUT", 307L)),
                data.rows("select distinct method, status from {events} order by all"));
    }

    @Test
    void loggedOutAndGuestEventsHaveNoUserButALevel() {
        double anonymous = share("userId = ''");
        assertTrue(anonymous > 0.005 && anonymous < 0.1, "userId '' share " + anonymous);
        assertEquals(List.of(List.of("Guest"), List.of("Logged Out")),
                data.rows("select distinct auth from {events} where userId = '' order by 1"));
        assertEquals(0, data.number("select count(*) from {events} where userId = '' and (firstName is not null"
                + " or lastName is not null or gender is not null or location is not null or registration is not null"
                + " or userAgent is not null or level is null)"));
        assertEquals(0, data.number("select count(*) from {events} where userId <> '' and auth <> 'Logged In'"));
    }

    @Test
    void songPopularityIsSkewedTowardAFewSongs() {
        // the most played 1% of the songs that are played at all get a large share of the plays
        double topShare = data.decimal("""
                with plays as (select song, artist, length, count(*) as n from {events}
                               where page = 'NextSong' group by all),
                     ranked as (select n, row_number() over (order by n desc) as r, count(*) over () as songs from plays)
                select sum(n) filter (where r <= ceil(songs / 100.0)) / sum(n) from ranked""");
        assertTrue(topShare > 0.2, "top 1% of songs get " + topShare + " of the plays (1% if uniform)");
        double topUsers = data.decimal("""
                with per_user as (select userId, count(*) as n from {events} where userId <> '' group by all),
                     ranked as (select n, row_number() over (order by n desc) as r, count(*) over () as users from per_user)
                select sum(n) filter (where r <= ceil(users / 10.0)) / sum(n) from ranked""");
        assertTrue(topUsers > 0.3, "top 10% of users make " + topUsers + " of the events");
    }

    @Test
    void somePlaysAreOfSongsNotInSongDataAndSomeAreNearMisses() {
        String matched = "exists (select 1 from {songs} s where s.title = e.song and s.artist_name = e.artist"
                + " and s.duration = e.length)";
        double share = data.decimal("select avg(case when " + matched + " then 1.0 else 0.0 end)"
                + " from {events} e where page = 'NextSong'");
        assertTrue(share > 0.3 && share < 0.9, "matched plays " + share);
        assertTrue(data.number("select count(*) from {events} e where page = 'NextSong' and not " + matched
                + " and exists (select 1 from {songs} s where s.title = e.song and s.artist_name = e.artist)") > 0,
                "a play of a real song with another length matches nothing");
    }

    @Test
    void sessionsCountItemsUpInTsOrder() {
        assertEquals(0, data.number("""
                select count(*) from (
                    select itemInSession - lag(itemInSession) over (partition by sessionId order by ts, itemInSession) as step
                    from {events}) where step is not null and step <> 1"""));
        assertEquals(0, data.number("select count(*) from (select sessionId from {events} group by sessionId"
                + " having min(itemInSession) <> 0 or count(distinct nullif(userId, '')) > 1)"));
        double perSession = data.decimal("select count(*) / count(distinct sessionId) from {events}");
        assertTrue(perSession > 5 && perSession < 40, "events per session " + perSession);
    }

    @Test
    void usersKeepTheirIdentityAndSomeChangeLevel() {
        assertEquals(0, data.number("select count(*) from (select userId from {events} where userId <> ''"
                + " group by userId having count(distinct (firstName, lastName, gender, location, registration, userAgent)) > 1)"));
        assertTrue(data.number("select count(*) from (select userId from {events} where userId <> ''"
                + " group by userId having count(distinct level) = 2)") >= 5, "users with both levels");
        // after Submit Upgrade the user's next event is paid; after Submit Downgrade it is free
        List<List<Object>> after = data.rows("""
                select page, next_level, count(*) from (
                    select page, lead(level) over (partition by userId order by ts, itemInSession) as next_level
                    from {events} where userId <> '')
                where page like 'Submit %grade' and next_level is not null group by all order by all""");
        assertTrue(after.stream().anyMatch(r -> r.get(0).equals("Submit Upgrade") && r.get(1).equals("paid")), after::toString);
        assertTrue(after.stream().noneMatch(r -> r.get(0).equals("Submit Upgrade") && r.get(1).equals("free")), after::toString);
        assertTrue(after.stream().noneMatch(r -> r.get(0).equals("Submit Downgrade") && r.get(1).equals("paid")), after::toString);
    }

    @Test
    void songDataHasArtistsWithSeveralSongsAndTheUsualGaps() {
        assertTrue(data.number("select max(n) from (select count(*) as n from {songs} group by artist_id)") >= 5,
                "an artist with several songs");
        assertEquals(0, data.number("select count(*) from (select artist_id from {songs} group by artist_id"
                + " having count(distinct (artist_name, artist_location, artist_latitude, artist_longitude)) > 1)"));
        for (String gap : List.of("year = 0", "year > 0", "artist_location = ''", "artist_location <> ''",
                "artist_latitude is null", "artist_latitude is not null")) {
            assertTrue(data.number("select count(*) from {songs} where " + gap) > 0, gap);
        }
        // some song_ids share title, artist and duration (the Million Song Dataset has such duplicates)
        assertTrue(data.number("select count(*) from (select 1 from {songs} group by title, artist_name, duration"
                + " having count(*) > 1)") > 0);
    }
}
