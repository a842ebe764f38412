package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.TestProjects;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the database file: DuckDB's own message is a failed commit ("no transaction is active"); the
 * run says the disk is full and where, and the tables are as they were. Needs a small file system of its own,
 * so it mounts a 4 MB tmpfs (as root; skipped where mounting is not allowed).
 */
class DiskFullTest {

    @TempDir
    Path dir;
    Path disk;
    boolean mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFullDiskIsNamedWithTheDatabaseFileAndTheTablesAreAsTheyWere() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        mounted = mount.waitFor() == 0;
        Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root");

        Path project = TestProjects.sparkify(dir.resolve("sparkify"));
        Path db = disk.resolve("sparkify.duckdb");
        TestProjects.write(project.resolve("project.yml"), TestProjects.read(project.resolve("project.yml"))
                .replace("path: target/sparkify.duckdb", "path: " + db));
        Cli.Result build = Cli.run(project, "build");
        assertEquals(0, build.status(), build::toString);
        List<List<Object>> before = Db.rows(db, "select * from song_staging order by song_id");

        Path filler = disk.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (java.io.IOException full) {
            // the disk is full now
        }
        Cli.Result again = Cli.run(project, "run", "--full-refresh", "-s", "source:sparkify");
        assertEquals(1, again.status(), again::toString);
        assertTrue(again.out().contains("the disk is full: no space to write the database file " + db), again::toString);
        assertTrue(again.out().contains("Nothing was changed. The staged table"), again::toString);
        assertFalse(again.out().contains("Fix the input file"), again::toString);

        Files.delete(filler);
        assertEquals(before, Db.rows(db, "select * from song_staging order by song_id"));
    }
}
