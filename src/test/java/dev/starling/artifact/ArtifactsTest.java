package dev.starling.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {

    @TempDir
    Path dir;

    @Test
    void writeAllCreatesFoldersAndLeavesFilesThatAlreadyHoldTheTextUntouched() throws Exception {
        Path same = dir.resolve("a/b/same.sql");
        Path changed = dir.resolve("a/changed.sql");
        Path longer = dir.resolve("c/longer.sql");
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(same, "select 1\n");
        files.put(changed, "select 2\n");
        files.put(longer, "select 'é'\n");
        Artifacts.writeAll(files);
        FileTime old = FileTime.fromMillis(1_000_000_000L);
        for (Path file : files.keySet()) {
            Files.setLastModifiedTime(file, old);
        }

        files.put(changed, "select 3\n"); // same length, other bytes
        files.put(longer, "select 'é', 2\n");
        Artifacts.writeAll(files);

        assertEquals(old, Files.getLastModifiedTime(same), "an identical file is not rewritten");
        assertNotEquals(old, Files.getLastModifiedTime(changed));
        assertEquals("select 3\n", Files.readString(changed));
        assertEquals("select 'é', 2\n", Files.readString(longer));
    }
}
