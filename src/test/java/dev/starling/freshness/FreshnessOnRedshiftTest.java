package dev.starling.freshness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.PostgresServer;
import dev.starling.support.S3Server;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code starling source freshness} on the Redshift target through the real CLI: the newest object's LastModified
 * listed from S3 (a real S3-compatible server, s3proxy, whose objects' times the test sets), and
 * max(loaded_at_field) queried for real on PostgreSQL through the Redshift driver; pass, warn and error with a fixed
 * clock (STARLING_NOW).
 */
class FreshnessOnRedshiftTest {

    private static final Instant ARRIVED = Instant.parse("2026-03-01T06:00:00Z");

    @TempDir
    static Path serverDir;
    static S3Server s3;

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start(serverDir.resolve("blobs"));
        s3.createBucket("fresh");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private String project(String schema, String prefix, String sourceExtra) {
        TestProjects.write(dir.resolve("project.yml"), """
                name: shop
                target: pg
                targets:
                  pg:
                %s%s""".formatted(pg.targetYaml(schema, "    "), s3.targetSettings("    ")));
        TestProjects.write(dir.resolve("models/sources.yml"), """
                sources:
                  - name: shop
                    tables:
                      - name: orders
                        location: {redshift: "s3://fresh/%s"}
                        pattern: "**/*.json"
                %s
                        columns:
                          - {name: id, type: integer}
                          - {name: loaded_at, type: timestamp}
                """.formatted(prefix, sourceExtra.indent(8).stripTrailing()));
        return schema;
    }

    private Cli.Result at(Instant now) {
        return Cli.run(dir, Map.of("STARLING_REDSHIFT_PASSWORD", "unused", "STARLING_NOW", now.toString()),
                "source", "freshness");
    }

    private static String flat(Cli.Result result) {
        return result.out().replaceAll(" +", " ");
    }

    /** Puts an object and sets its LastModified (s3proxy's file store reports the file's modification time). */
    private static void put(String key, Instant modified) throws IOException {
        s3.put("fresh", key, "{\"id\": 1}\n");
        Files.setLastModifiedTime(serverDir.resolve("blobs/fresh").resolve(key), FileTime.from(modified));
    }

    @Test
    void newestObjectInS3PassesWarnsAndErrors() throws IOException {
        project(pg.newSchema("fresh_s3"), "orders", "freshness: {warn_after: {count: 6, period: hour},"
                + " error_after: {count: 1, period: day}}");
        put("orders/2026/02/28.json", ARRIVED.minus(Duration.ofDays(1)));
        put("orders/2026/03/01.json", ARRIVED);
        put("orders/readme.txt", ARRIVED.plus(Duration.ofDays(30))); // not matched by the pattern
        put("orders-old/2026/03/09.json", ARRIVED.plus(Duration.ofDays(30))); // another prefix

        Cli.Result pass = at(ARRIVED.plus(Duration.ofHours(1)));
        assertEquals(0, pass.status(), pass::toString);
        assertTrue(flat(pass).contains("Starling: source freshness shop on target pg at 2026-03-01T07:00:00Z"), pass::toString);
        assertTrue(flat(pass).contains("PASS shop.orders age 1h 0m (newest file s3://fresh/orders/2026/03/01.json at"
                + " 2026-03-01T06:00:00Z); warn after 6 hours, error after 1 day"), pass::toString);

        Cli.Result warn = at(ARRIVED.plus(Duration.ofHours(7)));
        assertEquals(0, warn.status(), warn::toString);
        assertTrue(flat(warn).contains("WARN shop.orders age 7h 0m"), warn::toString);

        Cli.Result error = at(ARRIVED.plus(Duration.ofDays(1)).plusSeconds(60));
        assertEquals(1, error.status(), error::toString);
        assertTrue(flat(error).contains("ERROR shop.orders age 1d 0h"), error::toString);
        assertTrue(TestProjects.read(dir.resolve("target/sources.json")).contains("\"status\": \"error\""));
    }

    @Test
    void anEmptyPrefixIsAnError() {
        project(pg.newSchema("fresh_none"), "nothing-here", "freshness: {warn_after: {count: 6, period: hour}}");
        Cli.Result result = at(ARRIVED);
        assertEquals(1, result.status(), result::toString);
        assertTrue(flat(result).contains("ERROR shop.orders age -; warn after 6 hours"), result::toString);
        assertTrue(flat(result).contains("no file matches **/*.json under s3://fresh/nothing-here"), result::toString);
    }

    @Test
    void loadedAtFieldIsQueriedOnTheTarget() {
        String schema = project(pg.newSchema("fresh_field"), "orders", "loaded_at_field: loaded_at\n"
                + "freshness: {warn_after: {count: 30, period: minute}, error_after: {count: 2, period: hour}}");
        pg.execute("create table " + schema + ".orders (id integer, loaded_at timestamp);"
                + " insert into " + schema + ".orders values (1, '2026-03-01 04:00:00'), (2, '2026-03-01 05:00:00')");
        Instant newest = Instant.parse("2026-03-01T05:00:00Z");

        Cli.Result pass = at(newest.plus(Duration.ofMinutes(10)));
        assertEquals(0, pass.status(), pass::toString);
        assertTrue(flat(pass).contains("PASS shop.orders age 10m 0s (loaded_at_field loaded_at at 2026-03-01T05:00:00Z)"),
                pass::toString);
        Cli.Result warn = at(newest.plus(Duration.ofMinutes(45)));
        assertEquals(0, warn.status(), warn::toString);
        assertTrue(flat(warn).contains("WARN shop.orders age 45m 0s"), warn::toString);
        Cli.Result error = at(newest.plus(Duration.ofHours(3)));
        assertEquals(1, error.status(), error::toString);
        assertTrue(flat(error).contains("ERROR shop.orders age 3h 0m"), error::toString);
    }
}
