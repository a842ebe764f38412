package dev.starling.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL that {@code starling compile} renders for every node of the Sparkify project, compared with the
 * reviewed copies under src/test/resources/golden/duckdb. After an intended change, regenerate them with
 * {@code mvn test -Dtest=CompiledSqlGoldenTest -Dgolden.update=true} and review the diff.
 */
class CompiledSqlGoldenTest {

    private static final Path GOLDEN = TestProjects.REPO.resolve("src/test/resources/golden/duckdb");

    @TempDir
    Path dir;

    @Test
    void everyCompiledNodeMatchesItsGoldenFile() throws IOException {
        TestProjects.sparkify(dir);
        Cli.Result compile = Cli.run(dir, "compile");
        assertEquals(0, compile.status(), compile::toString);
        assertEquals("Compiled 43 nodes to target/compiled\n", compile.out());
        Map<String, String> actual = files(dir.resolve("target/compiled"), dir.toString());
        if (Boolean.getBoolean("golden.update")) {
            try (Stream<Path> old = Files.walk(GOLDEN)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.nio.file.NoSuchFileException ignored) {
                // first run
            }
            actual.forEach((path, sql) -> TestProjects.write(GOLDEN.resolve(path), sql));
        }
        Map<String, String> expected = files(GOLDEN, null);
        assertEquals(expected.keySet(), actual.keySet(), "the same compiled files");
        actual.forEach((path, sql) -> assertEquals(expected.get(path), sql, path));
    }

    /** Every file under root by relative path, with the project folder written as {@code <project>}. */
    private static Map<String, String> files(Path root, String projectDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String text = Files.readString(file);
                if (projectDir != null) {
                    text = text.replace(projectDir, "<project>");
                }
                out.put(root.relativize(file).toString().replace('\\', '/'), text);
            }
        }
        return out;
    }
}
