package dev.starling.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code starling generate}: the summary line, the output folder rules, and usage errors (exit 2). */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesAndPrintsOneSummaryLineAndNoProgressWhenNotOnATerminal() {
        Path out = dir.resolve("data");
        Cli.Result run = Cli.run(null, "generate", "--out", out.toString(), "--events", "1200", "--songs", "40",
                "--days", "3", "--start-date", "2019-12-31");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().matches("Wrote 1,200 events in 3 log files and 40 song files to \\Q" + out
                + "\\E in [0-9]+\\.[0-9]s\n"), run::toString);
        assertEquals("", run.err());
        assertTrue(Files.isRegularFile(out.resolve("log_data/2019/12/2019-12-31-events.json")));
        assertTrue(Files.isRegularFile(out.resolve("log_data/2020/01/2020-01-02-events.json")));
    }

    @Test
    void aNonEmptyOutNeedsForceWhichReplacesOnlyTheDataFolders() {
        Path out = dir.resolve("data");
        TestProjects.write(out.resolve("notes.txt"), "keep me");
        TestProjects.write(out.resolve("log_data/stale.json"), "{}");
        Cli.Result refused = Cli.run(null, "generate", "--out", out.toString(), "--events", "100", "--songs", "5");
        assertEquals(2, refused.status(), refused::toString);
        assertEquals("Error: --out " + out + " is not empty; pick an empty or new folder, or pass --force to replace"
                + " its song_data and log_data\n", refused.err());
        assertTrue(Files.exists(out.resolve("log_data/stale.json")), "nothing written or deleted without --force");

        Cli.Result forced = Cli.run(null, "generate", "--out", out.toString(), "--events", "100", "--songs", "5",
                "--force");
        assertEquals(0, forced.status(), forced::toString);
        assertEquals("keep me", TestProjects.read(out.resolve("notes.txt")));
        assertTrue(!Files.exists(out.resolve("log_data/stale.json")), "old log_data replaced");
        assertEquals(30, Generated.files(out.resolve("log_data")).size());
    }

    @Test
    void badNumbersAndDatesExitTwoWithAOneLineMessage() {
        String out = dir.resolve("data").toString();
        assertUsage("--events must be between 1 and 2000000000, not 0", "--out", out, "--events", "0", "--songs", "5");
        assertUsage("--songs must be between 1 and 5000000, not -3", "--out", out, "--events", "10", "--songs", "-3");
        assertUsage("--days must be between 1 and 3660, not 0", "--out", out, "--events", "10", "--songs", "5", "--days", "0");
        assertUsage("--songs-per-file must be between 1 and 1000000, not 0", "--out", out, "--events", "10",
                "--songs", "5", "--songs-per-file", "0");
        assertUsage("--start-date takes a date like 2018-11-01, not '2018-13-01'", "--out", out, "--events", "10",
                "--songs", "5", "--start-date", "2018-13-01");
        Cli.Result notANumber = Cli.run(null, "generate", "--out", out, "--events", "ten", "--songs", "5");
        assertEquals(2, notANumber.status(), notANumber::toString);
        assertTrue(notANumber.err().startsWith("Invalid value for option '--events': 'ten' is not a long"),
                notANumber::toString);
        Cli.Result missing = Cli.run(null, "generate", "--events", "10", "--songs", "5");
        assertEquals(2, missing.status(), missing::toString);
        assertTrue(missing.err().startsWith("Missing required option: '--out=DIR'"), missing::toString);
        assertTrue(!Files.exists(dir.resolve("data")), "nothing written on a usage error");
        TestProjects.write(dir.resolve("file"), "x");
        assertUsage("--out " + dir.resolve("file") + " is a file; pick an empty or new folder",
                "--out", dir.resolve("file").toString(), "--events", "10", "--songs", "5");
    }

    @Test
    void anOutFolderThatCannotBeCreatedIsAUsageError() {
        TestProjects.write(dir.resolve("file"), "x");
        Cli.Result result = Cli.run(null, "generate", "--out", dir.resolve("file/data").toString(), "--events", "10",
                "--songs", "5");
        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().startsWith("Error: cannot write " + dir.resolve("file/data")), result::toString);
    }

    @Test
    void fewerEventsThanDaysWritesOnlyTheDaysThatHaveEvents() {
        Path out = dir.resolve("data");
        Cli.Result run = Cli.run(null, "generate", "--out", out.toString(), "--events", "3", "--songs", "2",
                "--days", "5");
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().startsWith("Wrote 3 events in 3 log files and 2 song files to "), run::toString);
        assertEquals(3, Generated.files(out.resolve("log_data")).size());
    }

    private static void assertUsage(String message, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "generate";
        System.arraycopy(args, 0, all, 1, args.length);
        Cli.Result result = Cli.run(null, all);
        assertEquals(2, result.status(), result::toString);
        assertEquals("Error: " + message + "\n", result.err());
    }

    @Test
    void progressAndSummaryLinesAreLocaleIndependent() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("3,400,000 of 10,000,000 events (34%), 1,700,000 events/s",
                    ProgressLine.progress(3_400_000, 10_000_000, 2_000_000_000L));
            assertEquals("Wrote 10,000,000 events in 30 log files and 1 song file to out in 41.2s",
                    ProgressLine.summary(new SparkifyGenerator.Result(10_000_000, 30, 1, 0), "out", 41_234_000_000L));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
