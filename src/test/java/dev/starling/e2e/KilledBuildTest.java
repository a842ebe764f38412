package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is half-built: a build killed with {@code kill -9} in the middle of creating a table leaves every
 * table readable with complete contents (the previous ones for what had not finished), and a rerun completes.
 */
class KilledBuildTest {

    private static final List<String> TABLES =
            List.of("event_staging", "song_staging", "songplay", "\"user\"", "song", "artist", "\"time\"");

    @TempDir
    Path killed;

    @TempDir
    Path reference;

    @Test
    void killMinusNineMidBuildLeavesPreviousTablesAndARerunCompletes() throws Exception {
        TestProjects.sparkify(killed);
        Path db = killed.resolve("target/sparkify.duckdb");
        assertEquals(0, Cli.run(killed, "build").status());
        Map<String, List<String>> before = snapshot(db);

        // what a complete build of the new data gives, built elsewhere
        TestProjects.sparkify(reference);
        addFourthDay(reference);
        assertEquals(0, Cli.run(reference, "build").status());
        Map<String, List<String>> after = snapshot(reference.resolve("target/sparkify.duckdb"));
        assertTrue(after.get("songplay").size() > before.get("songplay").size(), "the new day adds plays");

        // new data arrives, and songplay takes long enough to be killed while its table is being created
        addFourthDay(killed);
        Path songplay = killed.resolve("models/marts/songplay.sql");
        String fastSql = TestProjects.read(songplay);
        TestProjects.write(songplay, fastSql + "where (select sum(i % 7) from range(3000000000) as t(i)) >= 0\n");

        Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.starling.cli.Main",
                "build", "--threads", "1", "--project-dir", killed.toString())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.start();
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.contains("START incremental songplay")) {
                    break;
                }
            }
            if (!build.isAlive() || System.nanoTime() > deadline) {
                build.destroyForcibly();
                fail("the build never reached songplay:\n" + seen);
            }
        }
        Thread.sleep(700); // inside CREATE TABLE songplay__starling_tmp AS ...
        Process kill = new ProcessBuilder("kill", "-9", String.valueOf(build.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(build.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, build.exitValue(), "killed by SIGKILL");
        reader.join(5000);
        assertTrue(seen.toString().contains("OK    load  sparkify.event_staging"), seen::toString);

        Map<String, List<String>> afterKill = snapshot(db);
        assertEquals(before.get("songplay"), afterKill.get("songplay"), "songplay keeps its previous contents");
        for (String table : TABLES) {
            List<String> rows = afterKill.get(table);
            assertTrue(rows.equals(before.get(table)) || rows.equals(after.get(table)),
                    table + " is either as before or completely rebuilt, never partial");
        }
        assertEquals(List.of(), Db.rows(db, "select table_name from information_schema.tables"
                + " where table_name like '%starling_tmp%'"), "no temporary table survives");

        TestProjects.write(songplay, fastSql);
        Cli.Result rerun = Cli.run(killed, "build");
        assertEquals(0, rerun.status(), rerun::toString);
        assertEquals(after, snapshot(db), "the rerun completes the build");
    }

    /** A fourth day of events: the first day's lines, four days later. */
    private static void addFourthDay(Path project) {
        String day1 = TestProjects.read(project.resolve("data/sample/log_data/2018/11/2018-11-29-events.json"));
        Matcher m = Pattern.compile("\"ts\":(\\d+)").matcher(day1);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "\"ts\":" + (Long.parseLong(m.group(1)) + 4L * 86_400_000L));
        }
        m.appendTail(out);
        TestProjects.write(project.resolve("data/sample/log_data/2018/12/2018-12-03-events.json"), out.toString());
    }

    private static Map<String, List<String>> snapshot(Path db) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            String columns = table.endsWith("_staging") ? "* exclude (_starling_batch)" : "*";
            out.put(table, Db.rows(db, "select " + columns + " from " + table + " order by all").stream()
                    .map(Object::toString).toList());
        }
        return out;
    }
}
