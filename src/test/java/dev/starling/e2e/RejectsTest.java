package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records are kept, not dropped: every line of a source file is either loaded or kept in
 * {@code <source>_rejects} with its file, 1-based line, raw text and reason; more rejects than max_errors fail
 * the load as a whole, and a file's rejects replace its earlier ones.
 */
class RejectsTest {

    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void project() {
        db = dir.resolve("target/shop.duckdb");
        TestProjects.write(dir.resolve("project.yml"), "name: shop\nvars:\n  max_errors: 0\n");
        TestProjects.write(dir.resolve("models/sources.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                        location: data/orders
                        incremental: true
                        max_errors: "${var('max_errors')}"
                        columns:
                          - {name: id, type: integer}
                          - {name: item, type: varchar}
                          - {name: amount, type: double}
                          - {name: at, field: ts, type: bigint}
                      - name: events
                        location: data/events/
                        pattern: "*.json"
                        max_errors: 5
                        columns:
                          - {name: id, type: integer}
                      - name: songs
                        location: data/songs
                        layout: document
                        max_errors: 10
                        columns:
                          - {name: song_id, type: varchar}
                          - {name: duration, type: double}
                """);
    }

    private static String order(int id, String item) {
        return "{\"id\": " + id + ", \"item\": \"" + item + "\", \"amount\": " + id + ".5, \"ts\": 1543449657796}";
    }

    private void write(String file, String text) {
        TestProjects.write(dir.resolve("data/orders/" + file), text);
    }

    private void writeBytes(String file, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part);
        }
        Files.createDirectories(dir.resolve("data/orders"));
        Files.write(dir.resolve("data/orders/" + file), out.toByteArray());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Cli.Result run(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--select", "source:raw.orders"));
        args.addAll(List.of(extra));
        return Cli.run(dir, args.toArray(new String[0]));
    }

    private List<List<Object>> rejects() {
        return Db.rows(db, "select file, line, reason from orders_rejects order by file, line");
    }

    @Test
    void everyKindOfBadLineIsKeptWithItsFileAndLineWhileEveryGoodLineLoads() throws IOException {
        String huge = "y".repeat(5_000_000);
        write("a.json", order(1, "plain") + "\n"
                + "{\"id\": 2, \"item\": \"truncated\n"                        // line 2: not JSON
                + order(3, "Zoë \\\"quoted\\\" 光") + "\n"
                + "{\"id\": \"abc\", \"item\": \"wrong type\"}\n"              // line 4: id is not an integer
                + "\n   \n"                                                      // lines 5-6: blank, skipped
                + order(7, huge) + "\n"                                          // line 7: a 5 MB line loads
                + "{\"id\": 8, \"item\": \"" + huge + "\n"                     // line 8: a 5 MB line that is not JSON
                + "[1, 2]\n"                                                     // line 9: JSON, not an object
                + order(10, "crlf") + "\r\n"
                + order(11, "no newline at the end"));
        writeBytes("b.json", utf8(order(12, "before garbage") + "\n"),
                new byte[] {0x00, (byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, '\n'},   // line 2: not UTF-8
                utf8(order(13, "after garbage") + "\n"));
        write("c-empty.json", "");
        writeBytes("d-bom.json", new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(order(14, "bom") + "\n"
                + order(15, "second") + "\n"));

        Cli.Result run = run("--vars", "{max_errors: 10}");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("OK    load  raw.orders"), run::toString);
        assertTrue(run.out().contains("orders: 9 loaded, 5 rejected (see orders_rejects)"), run::toString);
        assertEquals(9L, Db.count(db, "orders"));
        assertEquals(List.of(List.of(1, "plain", 1.5, 1543449657796L), List.of(3, "Zoë \"quoted\" 光", 3.5, 1543449657796L),
                        List.of(10, "crlf", 10.5, 1543449657796L), List.of(11, "no newline at the end", 11.5, 1543449657796L),
                        List.of(12, "before garbage", 12.5, 1543449657796L), List.of(13, "after garbage", 13.5, 1543449657796L),
                        List.of(14, "bom", 14.5, 1543449657796L), List.of(15, "second", 15.5, 1543449657796L)),
                Db.rows(db, "select id, item, amount, \"at\" from orders where id <> 7 order by id"));
        assertEquals(List.of(List.of(5_000_000L)), Db.rows(db, "select length(item) from orders where id = 7"));
        assertEquals(List.of(
                List.of("data/orders/a.json", 2L, "not valid JSON"),
                List.of("data/orders/a.json", 4L, "id 'abc' is not integer"),
                List.of("data/orders/a.json", 8L, "not valid JSON"),
                List.of("data/orders/a.json", 9L, "not a JSON object"),
                List.of("data/orders/b.json", 2L, "not valid UTF-8 (raw bytes shown as \\xNN)")), rejects());
        assertEquals(List.of(List.of("{\"id\": \"abc\", \"item\": \"wrong type\"}"), List.of("\\x00\\xFF\\xFEx\\xC3")),
                Db.rows(db, "select raw from orders_rejects where line in (2, 4) and reason not like 'not valid JSON'"
                        + " order by file"), "the raw text is kept (bytes that are not UTF-8 as \\xNN)");
        assertEquals(List.of(List.of(5_000_019L)), Db.rows(db, "select length(raw) from orders_rejects where line = 8"),
                "the huge bad line is kept whole");
    }

    @Test
    void moreRejectsThanMaxErrorsFailTheLoadKeepThePreviousTableAndKeepTheRejects() {
        write("a.json", order(1, "a") + "\n" + order(2, "b") + "\n");
        Cli.Result first = run();
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().contains("[2 loaded in"), first::toString);
        assertEquals(List.of(), rejects());

        write("b.json", order(3, "c") + "\n{\"id\": 4,\n{\"id\": \"x\"}\n" + order(5, "d") + "\n");
        Cli.Result failed = run("--vars", "{max_errors: 1}");
        assertEquals(1, failed.status(), failed::toString);
        assertTrue(failed.out().contains("ERROR load  raw.orders"), failed::toString);
        assertTrue(failed.out().contains("models/sources.yml:4: 2 records rejected, more than max_errors (1): nothing"
                + " of this load was committed, orders is as it was."), failed::toString);
        assertTrue(failed.out().contains("  data/orders/b.json:2: not valid JSON\n"), failed::toString);
        assertTrue(failed.out().contains("  data/orders/b.json:3: id 'x' is not integer\n"), failed::toString);
        assertEquals(2L, Db.count(db, "orders"), "nothing of the failed load is committed");
        assertEquals(List.of(List.of("data/orders/a.json")), Db.rows(db, "select path from starling_loaded_files"),
                "b.json is not recorded as loaded");
        assertEquals(List.of(List.of("data/orders/b.json", 2L, "not valid JSON"),
                List.of("data/orders/b.json", 3L, "id 'x' is not integer")), rejects(), "the rejects stay for inspection");

        Cli.Result retried = run("--vars", "{max_errors: 1}");
        assertEquals(1, retried.status(), retried::toString);
        assertEquals(2, rejects().size(), "a retry replaces the file's rejects instead of adding them again");

        Cli.Result allowed = run("--vars", "{max_errors: 2}");
        assertEquals(0, allowed.status(), allowed::toString);
        assertTrue(allowed.out().contains("[2 loaded from 1 new file, 4 rows in"), allowed::toString);
        assertTrue(allowed.out().contains("orders: 2 loaded, 2 rejected (see orders_rejects)"), allowed::toString);

        write("b.json", order(3, "c") + "\n" + order(4, "fixed") + "\n" + order(5, "d") + "\n");
        Cli.Result fixed = run();
        assertEquals(0, fixed.status(), fixed::toString);
        assertTrue(fixed.out().contains("[3 loaded from 1 changed file, 5 rows in"), fixed::toString);
        assertEquals(List.of(), rejects(), "the fixed file's rejects are gone");
        assertEquals(List.of(List.of(1), List.of(2), List.of(3), List.of(4), List.of(5)),
                Db.rows(db, "select id from orders order by id"), "the changed file's rows are replaced, not doubled");
    }

    @Test
    void incrementalLoadsReadOnlyNewFilesAndFullRefreshReadsAll() {
        write("a.json", order(1, "a") + "\n");
        assertEquals(0, run().status());
        write("b.json", order(2, "b") + "\n");
        Cli.Result second = run();
        assertEquals(0, second.status(), second::toString);
        assertTrue(second.out().contains("[1 loaded from 1 new file, 2 rows in"), second::toString);
        Cli.Result nothing = run();
        assertTrue(nothing.out().contains("[no new files, 2 rows in"), nothing::toString);
        assertEquals(List.of(List.of("data/orders/a.json", 1), List.of("data/orders/b.json", 2)),
                Db.rows(db, "select _starling_file, id from orders order by id"));
        assertEquals(List.of(List.of("source.raw.orders", "data/orders/a.json"), List.of("source.raw.orders", "data/orders/b.json")),
                Db.rows(db, "select source, path from starling_loaded_files order by path"));

        Cli.Result refresh = run("--full-refresh");
        assertEquals(0, refresh.status(), refresh::toString);
        assertTrue(refresh.out().contains("[2 loaded in"), refresh::toString);
        assertEquals(2L, Db.count(db, "orders"));
        assertEquals(2L, Db.count(db, "starling_loaded_files"));

        // a new column cannot be appended to: the run says to reload, and --full-refresh does
        TestProjects.write(dir.resolve("models/sources.yml"), TestProjects.read(dir.resolve("models/sources.yml"))
                .replace("{name: at, field: ts, type: bigint}", "{name: at, field: ts, type: bigint}\n"
                        + "          - {name: note, type: varchar}"));
        write("c.json", order(3, "c") + "\n");
        Cli.Result changed = run();
        assertEquals(1, changed.status(), changed::toString);
        assertTrue(changed.out().contains("models/sources.yml:4: the columns of source raw.orders changed since orders"
                + " was loaded"), changed::toString);
        assertTrue(changed.out().contains("starling run --full-refresh --select source:raw.orders+"), changed::toString);
        assertEquals(2L, Db.count(db, "orders"), "the table is as it was");
        Cli.Result reloaded = run("--full-refresh");
        assertEquals(0, reloaded.status(), reloaded::toString);
        assertEquals(3L, Db.count(db, "orders where note is null"));

        // a column whose type changed cannot be appended to either
        TestProjects.write(dir.resolve("models/sources.yml"), TestProjects.read(dir.resolve("models/sources.yml"))
                .replace("{name: amount, type: double}", "{name: amount, type: varchar}"));
        write("d.json", order(4, "d") + "\n");
        Cli.Result retyped = run();
        assertEquals(1, retyped.status(), retyped::toString);
        assertTrue(retyped.out().contains("models/sources.yml:4: the column types of source raw.orders changed since"
                + " orders was loaded (amount is double in the table and varchar in the source). Nothing was appended."),
                retyped::toString);
        assertEquals(3L, Db.count(db, "orders"), "the table is as it was");
        assertEquals(3L, Db.count(db, "starling_loaded_files"), "d.json is not recorded as loaded");
    }

    @Test
    void documentFilesAreOneRecordEachPrettyPrintedOrNot() {
        String dirName = "data/songs/";
        TestProjects.write(dir.resolve(dirName + "A/pretty.json"), "\n{\n\t\"song_id\": \"S1\",\n\t\"duration\": 1.5\n}\n");
        TestProjects.write(dir.resolve(dirName + "A/one-line.json"), "{\"song_id\": \"S2\", \"duration\": 2.5}");
        TestProjects.write(dir.resolve(dirName + "B/two-records.json"),
                "{\"song_id\": \"S3\", \"duration\": 3.5}\n{\"song_id\": \"S4\", \"duration\": 4.5}\n");
        TestProjects.write(dir.resolve(dirName + "B/broken.json"), "{\n  \"song_id\": \"S5\",\n  \"duration\": ");
        TestProjects.write(dir.resolve(dirName + "B/empty.json"), "");
        Cli.Result run = Cli.run(dir, "run", "--select", "source:raw.songs");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("songs: 4 loaded, 3 rejected (see songs_rejects)"), run::toString);
        assertEquals(List.of(List.of("S1", 1.5), List.of("S2", 2.5), List.of("S3", 3.5), List.of("S4", 4.5)),
                Db.rows(db, "select * from songs order by song_id"));
        assertEquals(List.of(List.of("data/songs/B/broken.json", 1L, "{"), List.of("data/songs/B/broken.json", 2L,
                        "  \"song_id\": \"S5\","), List.of("data/songs/B/broken.json", 3L, "  \"duration\": ")),
                Db.rows(db, "select file, line, raw from songs_rejects order by line"),
                "a file that is not one document is read line by line");
    }

    @Test
    void aRecordThatIsNotAnObjectIsRejectedWhileAnEmptyObjectLoads() {
        TestProjects.write(dir.resolve("data/events/x.json"), "{\"id\": 1}\nnull\n{}\n[1, 2]\n{\"id\": 5}\n");
        TestProjects.write(dir.resolve("data/songs/A/null.json"), "null");
        TestProjects.write(dir.resolve("data/songs/A/empty-object.json"), "{}");
        TestProjects.write(dir.resolve("data/songs/A/one.json"), "{\"song_id\": \"S1\", \"duration\": 1.5}");
        Cli.Result run = Cli.run(dir, "run", "--select", "source:raw.events", "source:raw.songs");
        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(Arrays.asList(1), Arrays.asList(5), Arrays.asList((Object) null)),
                Db.rows(db, "select id from events order by id nulls last"), "{} is a record with no fields");
        assertEquals(List.of(List.of("data/events/x.json", 2L, "null", "not a JSON object"),
                        List.of("data/events/x.json", 4L, "[1, 2]", "not a JSON object")),
                Db.rows(db, "select file, line, raw, reason from events_rejects order by line"));
        assertEquals(List.of(List.of("data/songs/A/null.json", 1L, "not a JSON object")),
                Db.rows(db, "select file, line, reason from songs_rejects"));
        assertEquals(2L, Db.count(db, "songs"));
    }

    @Test
    void aDocumentSourceWithNoFileFailsNamingItsYamlAndKeepsTheTable() {
        TestProjects.write(dir.resolve("data/songs/A/one.json"), "{\"song_id\": \"S1\", \"duration\": 1.5}");
        assertEquals(0, Cli.run(dir, "run", "--select", "source:raw.songs").status());
        try {
            Files.delete(dir.resolve("data/songs/A/one.json"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Cli.Result empty = Cli.run(dir, "run", "--select", "source:raw.songs");
        assertEquals(1, empty.status(), empty::toString);
        assertTrue(empty.out().contains("models/sources.yml:19: source raw.songs: no file under "), empty::toString);
        assertTrue(empty.out().contains("matches '**/*.json'. Nothing was loaded; check the location and run again."),
                empty::toString);
        assertEquals(List.of(List.of("S1", 1.5)), Db.rows(db, "select * from songs"), "the table is as it was");
    }

    @Test
    void aFullLoadKeepsRejectsTooAndAFixedLoadClearsThem() {
        TestProjects.write(dir.resolve("data/events/x.json"), "{\"id\": 1}\n{\"id\": \"two\"}\n{\"id\": 3}\n");
        TestProjects.write(dir.resolve("data/events/sub/not-matched.json"), "not read: the pattern is *.json\n");
        Cli.Result run = Cli.run(dir, "run", "--select", "source:raw.events");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("events: 2 loaded, 1 rejected (see events_rejects)"), run::toString);
        assertEquals(List.of(List.of("data/events/x.json", 2L, "{\"id\": \"two\"}", "id 'two' is not integer")),
                Db.rows(db, "select file, line, raw, reason from events_rejects"));
        assertEquals(List.of(List.of("id")), Db.rows(db, "select column_name from information_schema.columns"
                + " where table_name = 'events'"), "a source that is not incremental has no file column");

        TestProjects.write(dir.resolve("data/events/x.json"), "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n");
        Cli.Result fixed = Cli.run(dir, "run", "--select", "source:raw.events");
        assertEquals(0, fixed.status(), fixed::toString);
        assertTrue(fixed.out().contains("[3 loaded, 1 file skipped by pattern '*.json' (1 .json) in"), fixed::toString);
        assertEquals(0L, Db.count(db, "events_rejects"), "a full load replaces every reject");
    }

    @Test
    void incrementalSourcesLoadSideBySideAndMaxErrorsMustBeANumber() {
        TestProjects.write(dir.resolve("models/sources.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: a
                        location: data/a
                        incremental: true
                        columns: [{name: id, type: integer}]
                      - name: b
                        location: data/b
                        incremental: true
                        max_errors: "${var('max_errors')}"
                        columns: [{name: id, type: integer}]
                """);
        for (int day = 1; day <= 3; day++) {
            TestProjects.write(dir.resolve("data/a/" + day + ".json"), "{\"id\": " + day + "}\n");
            TestProjects.write(dir.resolve("data/b/" + day + ".json"), "{\"id\": " + day + "}\n");
            Cli.Result run = Cli.run(dir, "run", "--threads", "2");
            assertEquals(0, run.status(), run::toString);
        }
        assertEquals(List.of(List.of("source.raw.a", 3L), List.of("source.raw.b", 3L)), Db.rows(db,
                "select source, count(*) from starling_loaded_files group by source order by source"));
        assertEquals(3L, Db.count(db, "a"));
        assertEquals(3L, Db.count(db, "b"));

        Cli.Result bad = Cli.run(dir, "run", "--vars", "{max_errors: many}");
        assertEquals(2, bad.status(), "a project error, found before anything runs: " + bad);
        assertTrue(bad.err().contains("models/sources.yml:8: max_errors of source raw.b must be a whole number of 0 or"
                + " more, not 'many'"), bad::toString);
        assertFalse(bad.out().contains("START"), "nothing ran: " + bad);
    }
}
