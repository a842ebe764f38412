package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.S3Server;
import dev.starling.support.TestProjects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gzip-compressed NDJSON ({@code *.json.gz}) loads on DuckDB, through the JSON reader and, when a line does not
 * read, through the line-by-line reader, which keeps every good line and rejects the bad ones with their
 * decompressed text, file and line.
 */
class GzipSourcesTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("target/shop.duckdb");
    }

    private void sources(String extra) {
        TestProjects.write(dir.resolve("project.yml"), "name: shop\n");
        TestProjects.write(dir.resolve("models/sources.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                        location: data/orders
                """ + extra + """
                        columns:
                          - {name: id, type: integer}
                          - {name: item, type: varchar}
                """);
    }

    private static String order(int id, String item) {
        return "{\"id\": " + id + ", \"item\": \"" + item + "\"}";
    }

    private void gzip(String file, byte[]... parts) throws IOException {
        Path path = dir.resolve("data/orders/" + file);
        Files.createDirectories(path.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            for (byte[] part : parts) {
                out.write(part);
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aGzipFileWithBadLinesKeepsItsGoodRowsAndRejectsTheDecompressedLinesWithFileAndLine() throws IOException {
        sources("""
                        pattern: "**/*.json*"
                        incremental: true
                        max_errors: 10
                """);
        TestProjects.write(dir.resolve("data/orders/a.json"), order(1, "plain") + "\n");
        gzip("b.json.gz", utf8(order(2, "gz first") + "\n"
                        + "{\"id\": 3, \"item\": \"truncated\n"        // line 2: not JSON
                        + "\n"                                          // line 3: blank
                        + order(4, "crlf, with a comma") + "\r\n"
                        + "{\"id\": \"abc\", \"item\": \"x\"}\n"),     // line 5: id is not an integer
                new byte[] {'{', '"', 'i', 'd', '"', ':', ' ', '6', ',', ' ', '"', 'i', 't', 'e', 'm', '"', ':', ' ', '"',
                        (byte) 0xff, (byte) 0xfe, '"', '}', '\n'},      // line 6: not UTF-8
                utf8(order(7, "Zoë 光 after") + "\n" + order(8, "no newline at the end")));
        gzip("c.json.gz", utf8(order(9, "all good") + "\n"));
        gzip("d-empty.json.gz");

        Cli.Result run = Cli.run(dir, "run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("orders: 6 loaded, 3 rejected (see orders_rejects)"), run::toString);
        assertEquals(List.of(List.of(1, "plain", "data/orders/a.json"), List.of(2, "gz first", "data/orders/b.json.gz"),
                        List.of(4, "crlf, with a comma", "data/orders/b.json.gz"),
                        List.of(7, "Zoë 光 after", "data/orders/b.json.gz"),
                        List.of(8, "no newline at the end", "data/orders/b.json.gz"),
                        List.of(9, "all good", "data/orders/c.json.gz")),
                Db.rows(db(), "select id, item, _starling_file from orders order by id"));
        assertEquals(List.of(
                        List.of("data/orders/b.json.gz", 2L, "{\"id\": 3, \"item\": \"truncated", "not valid JSON"),
                        List.of("data/orders/b.json.gz", 5L, "{\"id\": \"abc\", \"item\": \"x\"}", "id 'abc' is not integer")),
                Db.rows(db(), "select file, line, raw, reason from orders_rejects where reason not like 'not valid UTF-8%'"
                        + " order by line"), "the rejects hold the decompressed line, its file and its line");
        assertEquals(List.of(List.of("data/orders/b.json.gz", 6L)),
                Db.rows(db(), "select file, line from orders_rejects where reason like 'not valid UTF-8%'"));
        assertEquals(4L, Db.count(db(), "starling_loaded_files"), "every file, the gzip ones too, is recorded as loaded");

        gzip("e.json.gz", utf8(order(10, "next day") + "\n"));
        Cli.Result next = Cli.run(dir, "run");
        assertEquals(0, next.status(), next::toString);
        assertTrue(next.out().contains("[1 loaded from 1 new file, 7 rows in"), next::toString);
    }

    @Test
    void aWholeLocationOfGzipFilesLoadsThroughTheJsonReader() throws IOException {
        sources("""
                        pattern: "*.json.gz"
                """);
        gzip("a.json.gz", utf8(order(1, "a") + "\n" + order(2, "b") + "\n"));
        gzip("b.json.gz", utf8(order(3, "c") + "\n"));

        Cli.Result run = Cli.run(dir, "run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("[3 loaded in"), run::toString);
        assertEquals(List.of(List.of(1), List.of(2), List.of(3)), Db.rows(db(), "select id from orders order by id"));

        gzip("b.json.gz", utf8(order(3, "c") + "\nnot json\n"));
        Cli.Result bad = Cli.run(dir, "run");
        assertEquals(1, bad.status(), bad::toString);
        assertTrue(bad.out().contains("  data/orders/b.json.gz:2: not valid JSON"), bad::toString);
        assertEquals(3L, Db.count(db(), "orders"), "the failed load keeps the table");
    }

    @Test
    void compressionGzipReadsFilesWhoseNameDoesNotSaySo() throws IOException {
        sources("""
                        compression: gzip
                        max_errors: 1
                """);
        gzip("a.json", utf8(order(1, "a") + "\n{oops\n" + order(3, "c") + "\n"));

        Cli.Result run = Cli.run(dir, "run");
        assertEquals(0, run.status(), run::toString);
        assertEquals(List.of(List.of(1), List.of(3)), Db.rows(db(), "select id from orders order by id"));
        assertEquals(List.of(List.of("data/orders/a.json", 2L, "{oops")), Db.rows(db(), "select file, line, raw from orders_rejects"));
    }

    @Test
    void theLoadLineCountsTheFilesThePatternSkipsWhenThereAreAny() throws IOException {
        sources("");
        TestProjects.write(dir.resolve("data/orders/2018/a.json"), order(1, "a") + "\n");
        TestProjects.write(dir.resolve("data/orders/b.json"), order(2, "b") + "\n");
        gzip("2018/c.json.gz", utf8(order(3, "c") + "\n"));
        gzip("d.json.gz", utf8(order(4, "d") + "\n"));
        TestProjects.write(dir.resolve("data/orders/README.txt"), "notes\n");

        Cli.Result run = Cli.run(dir, "run");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("[2 loaded, 3 files skipped by pattern '**/*.json' (2 .json.gz, 1 .txt) in "),
                run::toString);

        Files.delete(dir.resolve("data/orders/README.txt"));
        Files.delete(dir.resolve("data/orders/d.json.gz"));
        Files.delete(dir.resolve("data/orders/2018/c.json.gz"));
        Cli.Result clean = Cli.run(dir, "run");
        assertEquals(0, clean.status(), clean::toString);
        assertTrue(clean.out().contains("[2 loaded in "), clean::toString);
        assertFalse(clean.out().contains("skipped by pattern"), clean::toString);
    }

    @Test
    void anIncrementalLoadCountsTheFilesThePatternSkipsToo() throws IOException {
        sources("""
                        incremental: true
                """);
        TestProjects.write(dir.resolve("data/orders/a.json"), order(1, "a") + "\n");
        gzip("b.json.gz", utf8(order(2, "b") + "\n"));

        Cli.Result first = Cli.run(dir, "run");
        assertEquals(0, first.status(), first::toString);
        assertTrue(first.out().contains("[1 loaded, 1 file skipped by pattern '**/*.json' (1 .json.gz) in "),
                first::toString);
        Cli.Result nothingNew = Cli.run(dir, "run");
        assertTrue(nothingNew.out().contains("[no new files, 1 rows, 1 file skipped by pattern '**/*.json' (1 .json.gz)"
                + " in "), nothingNew::toString);
    }

    @Test
    void anS3LocationCountsTheObjectsThePatternSkips(@TempDir Path serverDir) throws IOException {
        try (S3Server server = S3Server.start(serverDir)) {
            server.createBucket("shop");
            server.put("shop", "orders/a.json", order(1, "a") + "\n");
            server.put("shop", "orders/b.json.gz", "compressed");
            server.put("shop", "orders/c.json.gz", "compressed");
            TestProjects.write(dir.resolve("project.yml"), "name: shop\ntargets:\n  dev:\n    type: duckdb\n"
                    + "    path: target/shop.duckdb\n" + server.targetSettings("    "));
            TestProjects.write(dir.resolve("models/sources.yml"), """
                    sources:
                      - name: raw
                        tables:
                          - name: orders
                            location: s3://shop/orders
                            columns:
                              - {name: id, type: integer}
                    """);
            Cli.Result run = Cli.run(dir, "run");
            assertEquals(0, run.status(), run::toString);
            assertTrue(run.out().contains("[1 loaded, 2 files skipped by pattern '**/*.json' (2 .json.gz) in "),
                    run::toString);
        }
    }

    @Test
    void anUnknownCompressionIsAProjectError() {
        sources("""
                        compression: zip
                """);
        TestProjects.write(dir.resolve("data/orders/a.json"), order(1, "a") + "\n");
        Cli.Result run = Cli.run(dir, "run");
        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains("models/sources.yml:6: compression of source table 'orders' is 'zip'; use one of auto,"
                + " gzip, none. Did you mean 'gzip'?"), run::toString);
    }
}
