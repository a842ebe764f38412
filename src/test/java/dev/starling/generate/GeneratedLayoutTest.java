package dev.starling.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files have the folders, names, field names, field order, types and JSON spelling of the Udacity sample. */
class GeneratedLayoutTest {

    static final List<String> EVENT_FIELDS = List.of("artist", "auth", "firstName", "gender", "itemInSession",
            "lastName", "length", "level", "location", "method", "page", "registration", "sessionId", "song",
            "status", "ts", "userAgent", "userId");
    static final List<String> SONG_FIELDS = List.of("num_songs", "artist_id", "artist_latitude", "artist_longitude",
            "artist_location", "artist_name", "song_id", "title", "duration", "year");

    /** A key right after '{' or ',': never inside a string, where every quote is escaped. */
    private static final Pattern KEY = Pattern.compile("[{,] ?\"(\\w+)\": ?");

    @TempDir
    static Path dir;
    static Generated data;
    static TreeMap<String, byte[]> files;

    @BeforeAll
    static void generate() {
        data = Generated.write(GeneratorOptions.of(dir.resolve("out"), 6_000, 300).withDays(5).withSeed(7)
                .withThreads(2));
        files = Generated.files(dir.resolve("out"));
    }

    @Test
    void oneLogFilePerDayAndOneSongFilePerSongInTheSparkifyFolders() {
        assertEquals(new SparkifyGenerator.Result(6_000, 5, 300, data.result.bytes()), data.result);
        List<String> logs = files.keySet().stream().filter(f -> f.startsWith("log_data/")).toList();
        assertEquals(List.of("log_data/2018/11/2018-11-01-events.json", "log_data/2018/11/2018-11-02-events.json",
                "log_data/2018/11/2018-11-03-events.json", "log_data/2018/11/2018-11-04-events.json",
                "log_data/2018/11/2018-11-05-events.json"), logs);
        List<String> songs = files.keySet().stream().filter(f -> f.startsWith("song_data/")).toList();
        assertEquals(300, songs.size());
        Pattern songPath = Pattern.compile("song_data/(A)/([A-Z])/([A-Z])/(TR\\1\\2\\3[A-Z0-9]{13})\\.json");
        for (String song : songs) {
            assertTrue(songPath.matcher(song).matches(), song);
        }
        assertEquals(files.values().stream().mapToLong(b -> b.length).sum(), data.result.bytes());
    }

    @Test
    void eventsHaveEveryFieldInOrderAndAreSortedByTsWithinTheirDay() {
        long total = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!file.getKey().startsWith("log_data/")) {
                continue;
            }
            LocalDate day = LocalDate.parse(file.getKey().substring(17, 27));
            long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            String text = ascii(file.getValue());
            assertTrue(!text.endsWith("\n"), "no newline after the last event, as in the Udacity logs");
            long previous = start;
            for (String line : text.split("\n")) {
                assertEquals(EVENT_FIELDS, keys(line), line);
                long ts = Long.parseLong(field(line, "ts"));
                assertTrue(ts >= previous && ts < start + 86_400_000L, file.getKey() + ": " + Instant.ofEpochMilli(ts));
                previous = ts;
                total++;
            }
        }
        assertEquals(6_000, total);
    }

    @Test
    void songFilesAreOneObjectEachSpelledLikeTheMillionSongDataset() {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (file.getKey().startsWith("song_data/")) {
                String text = ascii(file.getValue());
                assertEquals(SONG_FIELDS, keys(text), file.getKey());
                assertTrue(text.startsWith("{\"num_songs\": 1, \"artist_id\": \"AR") && text.endsWith("}")
                        && !text.contains("\n"), text);
            }
        }
    }

    @Test
    void duckDbReadsTheFieldsWithTheTypesOfTheRealData() {
        assertEquals(List.of(
                List.of("artist", "VARCHAR"), List.of("auth", "VARCHAR"), List.of("firstName", "VARCHAR"),
                List.of("gender", "VARCHAR"), List.of("itemInSession", "BIGINT"), List.of("lastName", "VARCHAR"),
                List.of("length", "DOUBLE"), List.of("level", "VARCHAR"), List.of("location", "VARCHAR"),
                List.of("method", "VARCHAR"), List.of("page", "VARCHAR"), List.of("registration", "DOUBLE"),
                List.of("sessionId", "BIGINT"), List.of("song", "VARCHAR"), List.of("status", "BIGINT"),
                List.of("ts", "BIGINT"), List.of("userAgent", "VARCHAR"), List.of("userId", "VARCHAR")),
                data.rows("select column_name, column_type from (describe select * from {events})"));
        assertEquals(List.of(
                List.of("num_songs", "BIGINT"), List.of("artist_id", "VARCHAR"), List.of("artist_latitude", "DOUBLE"),
                List.of("artist_longitude", "DOUBLE"), List.of("artist_location", "VARCHAR"),
                List.of("artist_name", "VARCHAR"), List.of("song_id", "VARCHAR"), List.of("title", "VARCHAR"),
                List.of("duration", "DOUBLE"), List.of("year", "BIGINT")),
                data.rows("select column_name, column_type from (describe select * from {songs})"));
        assertEquals(300, data.number("select count(distinct song_id) from {songs}"));
        assertEquals(List.of(List.of(0L, 0L)), data.rows("select count(*) filter (where registration <> floor(registration)),"
                + " count(*) filter (where userId <> '' and not regexp_full_match(userId, '[1-9][0-9]*')) from {events}"));
    }

    @Test
    void textIsEscapedAsciiThatDecodesToUnicodeQuotesAndBackslashes() {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            for (byte b : file.getValue()) {
                assertTrue(b >= 0x20 && b < 0x7f || b == '\n', file.getKey() + " has a raw byte " + b);
            }
        }
        String titles = "(select title as t from {songs} union all select song from {events}"
                + " union all select artist_name from {songs} union all select lastName from {events})";
        assertTrue(data.number("select count(*) from " + titles + " where regexp_matches(t, '[À-ÿ]')") > 0, "accents");
        assertTrue(data.number("select count(*) from " + titles + " where regexp_matches(t, '[一-龥ぁ-ゟ가-힣]')") > 0, "CJK");
        assertTrue(data.number("select count(*) from " + titles + " where contains(t, '\"')") > 0, "double quotes");
        assertTrue(data.number("select count(*) from " + titles + " where contains(t, '''')") > 0, "apostrophes");
        assertTrue(data.number("select count(*) from " + titles + " where contains(t, '\\')") > 0, "backslashes");
        String logs = ascii(files.get("log_data/2018/11/2018-11-01-events.json"));
        assertTrue(logs.contains("Mozilla\\/5.0"), "the logs escape slashes, as the Udacity logs do");
        assertTrue(files.entrySet().stream().filter(f -> f.getKey().startsWith("song_data/"))
                .noneMatch(f -> ascii(f.getValue()).contains("\\/")), "song files do not escape slashes");
    }

    @Test
    void songsPerFilePutsSeveralNewlineDelimitedRecordsInOneFile(@TempDir Path other) {
        Generated packed = Generated.write(GeneratorOptions.of(other.resolve("out"), 100, 25).withSongsPerFile(10));
        assertEquals(3, packed.result.songFiles());
        TreeMap<String, byte[]> songFiles = Generated.files(other.resolve("out/song_data"));
        assertEquals(List.of(10, 10, 5), songFiles.values().stream()
                .map(b -> ascii(b).split("\n").length).sorted(java.util.Comparator.reverseOrder()).toList());
        assertEquals(25, packed.number("select count(distinct song_id) from {songs}"));
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    static List<String> keys(String json) {
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(json);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static String field(String line, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([^,}]*)").matcher(line);
        assertTrue(m.find(), key + " in " + line);
        return m.group(1);
    }
}
