package dev.starling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: help, usage errors, ls and compile output. */
class CliTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("build", "run", "test", "compile", "ls", "show")) {
            Cli.Result help = Cli.run(null, command, "--help");
            assertEquals(0, help.status(), command);
            assertTrue(help.out().startsWith("Usage: starling " + command), help::toString);
            assertTrue(help.out().contains("--project-dir"), help::toString);
        }
        Cli.Result top = Cli.run(null, "--help");
        assertEquals(0, top.status());
        for (String command : List.of("build", "run", "test", "compile", "ls", "show")) {
            assertTrue(top.out().contains("  " + command), command + " listed: " + top);
        }
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, Cli.run(null, "frobnicate").status());
        Cli.Result unknownOption = Cli.run(dir, "build", "--no-such-option");
        assertEquals(2, unknownOption.status(), unknownOption::toString);
        assertTrue(unknownOption.err().contains("Unknown option: '--no-such-option'"), unknownOption::toString);
        TestProjects.sparkify(dir);
        Cli.Result badThreads = Cli.run(dir, "run", "--threads", "0");
        assertEquals(2, badThreads.status(), badThreads::toString);
        assertEquals("Error: --threads must be at least 1\n", badThreads.err());
        Cli.Result badVars = Cli.run(dir, "run", "--vars", "[1, 2]");
        assertEquals(2, badVars.status(), badVars::toString);
        assertTrue(badVars.err().startsWith("Error: --vars takes a YAML mapping"), badVars::toString);
        Cli.Result showNothing = Cli.run(dir, "show");
        assertEquals(2, showNothing.status(), showNothing::toString);
        Cli.Result missingFile = Cli.run(dir, "show", "analyses/nope.sql");
        assertEquals(2, missingFile.status(), missingFile::toString);
        assertTrue(missingFile.err().startsWith("Error: no such file: analyses/nope.sql"), missingFile::toString);
        Cli.Result unknownTarget = Cli.run(dir, "compile", "--target", "qa");
        assertEquals(2, unknownTarget.status(), unknownTarget::toString);
        assertEquals("Error: unknown target 'qa'; project.yml declares: dev, prod\n", unknownTarget.err());
    }

    @Test
    void lsListsNodesWithTypesAndDependencies() {
        TestProjects.sparkify(dir);
        Cli.Result ls = Cli.run(dir, "ls", "--select", "songplay", "nextsong_event", "--exclude", "resource_type:test");
        assertEquals(0, ls.status(), ls::toString);
        List<String> lines = ls.out().lines().toList();
        assertEquals(4, lines.size(), ls::toString);
        assertTrue(lines.get(0).matches("type\\s+\\| name\\s+\\| depends on\\s+\\| file"), ls::toString);
        assertTrue(lines.get(2).matches("model \\(view\\)\\s+\\| nextsong_event\\s+\\| sparkify\\.event_staging\\s+\\| "
                + "models/staging/nextsong_event\\.sql"), ls::toString);
        assertTrue(lines.get(3).matches("model \\(incremental\\)\\s+\\| songplay\\s+\\| sparkify\\.song_staging, nextsong_event\\s+\\| "
                + "models/marts/songplay\\.sql"), ls::toString);
    }

    @Test
    void compileWritesEveryNodeAndPrintsSelectedOnes() {
        TestProjects.sparkify(dir);
        Cli.Result compile = Cli.run(dir, "compile", "--select", "time");
        assertEquals(0, compile.status(), compile::toString);
        assertTrue(compile.out().startsWith("-- model time (models/marts/time.sql)\n"), compile::toString);
        assertTrue(compile.out().contains("from \"main\".\"songplay\""), compile::toString);
        assertTrue(compile.out().endsWith("Compiled 5 nodes to target/compiled\n"), compile::toString);
        assertTrue(Files.isRegularFile(dir.resolve("target/compiled/models/marts/time.sql")));
        assertTrue(Files.isRegularFile(dir.resolve("target/compiled/models/marts/schema.yml/unique_time_start_time.sql")));
        assertTrue(TestProjects.read(dir.resolve("target/manifest.json")).contains("\"model.songplay\""));

        Cli.Result all = Cli.run(dir, "compile");
        assertEquals("Compiled 43 nodes to target/compiled\n", all.out());
    }

    @Test
    void runResultsAreWrittenAfterABuild() {
        TestProjects.sparkify(dir);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        String results = TestProjects.read(dir.resolve("target/run_results.json"));
        assertTrue(results.contains("\"command\": \"build\""), results);
        assertTrue(results.contains("\"unique_id\": \"model.song\""), results);
        assertTrue(results.contains("\"status\": \"success\""), results);
        assertTrue(results.contains("\"rows\": 46"), results);
    }
}
