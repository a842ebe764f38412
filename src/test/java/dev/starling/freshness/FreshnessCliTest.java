package dev.starling.freshness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code starling source freshness} and {@code build --freshness} on DuckDB through the real CLI, with a fixed clock
 * (STARLING_NOW): the newest file's modification time, or max(loaded_at_field), against warn_after and error_after.
 */
class FreshnessCliTest {

    /** When the files "arrived": their modification time, set by the test. */
    private static final Instant ARRIVED = Instant.parse("2026-03-01T06:00:00Z");

    @TempDir
    Path dir;

    private void project(String sourceExtra) throws IOException {
        TestProjects.write(dir.resolve("project.yml"), "name: shop\n");
        TestProjects.write(dir.resolve("data/orders/2026-02-28.json"), "{\"id\": 1, \"loaded_at\": \"2026-02-28 10:00:00\"}\n");
        TestProjects.write(dir.resolve("data/orders/2026-03-01.json"), "{\"id\": 2, \"loaded_at\": \"2026-03-01 05:00:00\"}\n");
        TestProjects.write(dir.resolve("data/orders/notes.txt"), "not matched by the pattern, and newer\n");
        Files.setLastModifiedTime(dir.resolve("data/orders/2026-02-28.json"), FileTime.from(ARRIVED.minus(Duration.ofDays(1))));
        Files.setLastModifiedTime(dir.resolve("data/orders/2026-03-01.json"), FileTime.from(ARRIVED));
        Files.setLastModifiedTime(dir.resolve("data/orders/notes.txt"), FileTime.from(ARRIVED.plus(Duration.ofDays(10))));
        TestProjects.write(dir.resolve("models/sources.yml"), """
                sources:
                  - name: shop
                    tables:
                      - name: orders
                        location: data/orders
                        pattern: "*.json"
                %s
                        columns:
                          - {name: id, type: integer}
                          - {name: loaded_at, type: timestamp}
                      - name: customers
                        location: data/orders
                        pattern: "*.json"
                        columns:
                          - {name: id, type: integer}
                """.formatted(sourceExtra.indent(8).stripTrailing()));
        TestProjects.write(dir.resolve("models/order_count.sql"), "select count(*) as n from ${source('shop', 'orders')}");
    }

    /** The output with runs of spaces as one (columns are padded to the longest name). */
    private static String flat(Cli.Result result) {
        return result.out().replaceAll(" +", " ");
    }

    private Cli.Result at(Instant now, String... args) {
        return Cli.run(dir, Map.of("STARLING_NOW", now.toString()), args);
    }

    @Test
    void newestFilePassesThenWarnsThenErrors() throws IOException {
        project("freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 2, period: day}}");

        Cli.Result pass = at(ARRIVED.plus(Duration.ofHours(3)), "source", "freshness");
        assertEquals(0, pass.status(), pass::toString);
        assertTrue(flat(pass).contains("PASS shop.orders age 3h 0m (newest file data/orders/2026-03-01.json at"
                + " 2026-03-01T06:00:00Z); warn after 12 hours, error after 2 days"), pass::toString);
        assertTrue(flat(pass).contains("- shop.customers age 3h 0m"), pass::toString);
        assertTrue(flat(pass).contains("Freshness: 1 pass, 0 warn, 0 error, 1 without a rule"), pass::toString);

        Cli.Result warn = at(ARRIVED.plus(Duration.ofHours(13)), "source", "freshness");
        assertEquals(0, warn.status(), warn::toString);
        assertTrue(flat(warn).contains("WARN shop.orders age 13h 0m"), warn::toString);

        Cli.Result error = at(ARRIVED.plus(Duration.ofDays(2)).plusSeconds(1), "source", "freshness");
        assertEquals(1, error.status(), error::toString);
        assertTrue(flat(error).contains("ERROR shop.orders age 2d 0h"), error::toString);
        assertTrue(flat(error).contains("Freshness: 0 pass, 0 warn, 1 error, 1 without a rule"), error::toString);

        String json = TestProjects.read(dir.resolve("target/sources.json"));
        assertTrue(json.contains("\"unique_id\": \"source.shop.orders\""), json);
        assertTrue(json.contains("\"status\": \"error\""), json);
        assertTrue(json.contains("\"age_seconds\": 172801"), json);
        assertTrue(json.contains("\"newest_file\": \"data/orders/2026-03-01.json\""), json);
        assertTrue(json.contains("\"generated_at\": \"2026-03-03T06:00:01Z\""), json);
    }

    @Test
    void loadTimeDoesNotCountOnlyWhenTheDataArrived() throws IOException {
        project("freshness: {error_after: {count: 1, period: day}}");
        Cli.Result build = Cli.run(dir, "build", "--full-refresh");
        assertEquals(0, build.status(), build::toString);
        // loaded a moment ago, but the files are from ARRIVED: a week later the source is stale all the same
        Cli.Result stale = at(ARRIVED.plus(Duration.ofDays(7)), "source", "freshness", "--select", "source:shop.orders");
        assertEquals(1, stale.status(), stale::toString);
        assertTrue(flat(stale).contains("ERROR shop.orders age 7d 0h"), stale::toString);
        assertFalse(flat(stale).contains("customers"), "only the selected source: " + stale);
    }

    @Test
    void loadedAtFieldIsTheNewestValueInTheStagedTable() throws IOException {
        project("loaded_at_field: loaded_at\nfreshness: {warn_after: {count: 1, period: hour}, error_after: {count: 1, period: day}}");
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        Instant newest = Instant.parse("2026-03-01T05:00:00Z"); // max(loaded_at), read as UTC
        Cli.Result pass = at(newest.plus(Duration.ofMinutes(30)), "source", "freshness", "--select", "source:shop.orders");
        assertEquals(0, pass.status(), pass::toString);
        assertTrue(flat(pass).contains("PASS shop.orders age 30m 0s (loaded_at_field loaded_at at 2026-03-01T05:00:00Z)"), pass::toString);
        Cli.Result warn = at(newest.plus(Duration.ofHours(2)), "source", "freshness", "--select", "source:shop.orders");
        assertEquals(0, warn.status(), warn::toString);
        assertTrue(flat(warn).contains("WARN shop.orders age 2h 0m"), warn::toString);
        Cli.Result error = at(newest.plus(Duration.ofDays(3)), "source", "freshness", "--select", "source:shop.orders");
        assertEquals(1, error.status(), error::toString);
        assertTrue(flat(error).contains("ERROR shop.orders age 3d 0h"), error::toString);
    }

    @Test
    void aLoadedAtFieldOfATableNotBuiltIsAnErrorThatSaysWhatToDo() throws IOException {
        project("loaded_at_field: loaded_at\nfreshness: {warn_after: {count: 1, period: hour}}");
        Cli.Result result = at(ARRIVED, "source", "freshness");
        assertEquals(1, result.status(), result::toString);
        assertTrue(flat(result).contains("ERROR shop.orders age -"), result::toString);
        assertTrue(flat(result).contains("models/sources.yml:4: source shop.orders: cannot read max(loaded_at) from \"main\".\"orders\""),
                result::toString);
        assertTrue(flat(result).contains("run 'starling build' first"), result::toString);
    }

    @Test
    void buildWithFreshnessStopsBeforeBuildingWhenASourceIsInErrorAndBuildsOtherwise() throws IOException {
        project("freshness: {warn_after: {count: 1, period: hour}, error_after: {count: 1, period: day}}");
        Cli.Result stopped = at(ARRIVED.plus(Duration.ofDays(5)), "build", "--freshness");
        assertEquals(1, stopped.status(), stopped::toString);
        assertTrue(flat(stopped).contains("ERROR shop.orders"), stopped::toString);
        assertTrue(flat(stopped).contains("Not building: a source is in error (see above)."), stopped::toString);
        assertFalse(flat(stopped).contains("START"), stopped::toString);
        assertFalse(Files.exists(dir.resolve("target/dev.duckdb")), "nothing was built, the database not even created");

        // with a selection, the sources it reads are checked
        Cli.Result selected = at(ARRIVED.plus(Duration.ofDays(5)), "build", "--freshness", "--select", "order_count");
        assertEquals(1, selected.status(), selected::toString);
        assertTrue(flat(selected).contains("ERROR shop.orders"), selected::toString);
        assertFalse(flat(selected).contains("shop.customers"), "not read by order_count: " + selected);

        Cli.Result warned = at(ARRIVED.plus(Duration.ofHours(2)), "build", "--freshness");
        assertEquals(0, warned.status(), warned::toString);
        assertTrue(flat(warned).contains("WARN shop.orders"), warned::toString);
        assertTrue(warned.out().indexOf("WARN shop.orders") < flat(warned).indexOf("Starling: build shop"), warned::toString);
        assertTrue(flat(warned).contains("OK table order_count"), warned::toString);
    }

    @Test
    void aBadRuleStopsWithItsFileAndLine() throws IOException {
        project("freshness: {warn_after: {count: 1, period: week}}");
        Cli.Result result = at(ARRIVED, "source", "freshness");
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().contains("models/sources.yml:4: source shop.orders: freshness warn_after period 'week'"
                + " is not one of minute, hour, day."), result::toString);

        project("freshness: {warn_afer: {count: 1, period: day}}");
        Cli.Result typo = at(ARRIVED, "source", "freshness");
        assertEquals(2, typo.status(), typo::toString);
        assertTrue(typo.err().contains("unknown key 'warn_afer' in freshness"), typo::toString);
        assertTrue(typo.err().contains("warn_after"), typo::toString);

        Cli.Result badClock = Cli.run(dir, Map.of("STARLING_NOW", "yesterday"), "source", "freshness");
        assertEquals(2, badClock.status(), badClock::toString);
        assertTrue(badClock.err().contains("STARLING_NOW 'yesterday' is not an ISO-8601 instant"), badClock::toString);
    }
}
