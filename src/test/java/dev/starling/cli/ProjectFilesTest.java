package dev.starling.cli;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project files that cannot be used are project errors with their reason, found before anything runs (so no
 * database is even opened): not UTF-8, a link loop, a link leaving the project, an empty model, two models whose
 * names differ only in case, a project with nothing in it.
 */
class ProjectFilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void project() {
        write(dir.resolve("project.yml"), "name: shop\n");
        write(dir.resolve("models/orders.sql"), "select 1 as id\n");
    }

    private String refused() {
        Cli.Result result = Cli.run(dir, "build");
        assertEquals(2, result.status(), result::toString);
        List<String> lines = result.err().strip().lines().toList();
        assertEquals(1, lines.size(), result::toString);
        assertFalse(Files.exists(dir.resolve("target/shop.duckdb")), "nothing was built");
        return lines.get(0);
    }

    @Test
    void aFileThatIsNotUtf8() throws Exception {
        Files.write(dir.resolve("models/orders.sql"), new byte[] {'s', 'e', 'l', 'e', 'c', 't', ' ', (byte) 0xff, '1'});
        assertEquals("Error: models/orders.sql: cannot read: it is not UTF-8 text; save it as UTF-8", refused());
        write(dir.resolve("models/orders.sql"), "select 1 as id\n");
        Files.write(dir.resolve("models/schema.yml"), new byte[] {'m', 'o', 'd', 'e', 'l', 's', ':', ' ', (byte) 0xc3});
        assertEquals("Error: models/schema.yml: cannot read: it is not UTF-8 text; save it as UTF-8", refused());
    }

    @Test
    void aSymbolicLinkLoop() throws Exception {
        Files.createSymbolicLink(dir.resolve("models/again"), dir.resolve("models"));
        assertTrue(refused().startsWith("Error: models/again: cannot read: a symbolic link loops back to a folder"
                + " that contains it"));
    }

    @Test
    void aSymbolicLinkLeavingTheProject() throws Exception {
        Path outside = Files.createTempFile("outside", ".sql");
        try {
            Files.writeString(outside, "select 2 as id\n");
            Files.createSymbolicLink(dir.resolve("models/other.sql"), outside);
            assertEquals("Error: models/other.sql: is a symbolic link to " + outside.toRealPath() + ", outside the"
                    + " project; Starling reads only files inside the project folder. Copy the file in instead.",
                    refused());
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void aSymbolicLinkInsideTheProjectIsFine() throws Exception {
        write(dir.resolve("shared/customers.sql"), "select 3 as id\n");
        Files.createSymbolicLink(dir.resolve("models/customers.sql"), dir.resolve("shared/customers.sql"));
        Cli.Result ls = Cli.run(dir, "ls");
        assertEquals(0, ls.status(), ls::toString);
        assertTrue(ls.out().contains("customers"), ls::toString);
    }

    @Test
    void anEmptyModelFile() {
        write(dir.resolve("models/marts/empty.sql"), "-- to do\n\n");
        assertEquals("Error: models/marts/empty.sql: the model file is empty; write its select statement, or delete"
                + " the file", refused());
    }

    @Test
    void modelNamesDifferingOnlyInCase() {
        write(dir.resolve("models/staging/User.sql"), "select 1 as id\n");
        write(dir.resolve("models/marts/user.sql"), "select 2 as id\n");
        assertEquals("Error: models/staging/User.sql: two models have the same name but for case, 'user' and 'User'"
                + " (table names ignore case): models/marts/user.sql and models/staging/User.sql. Model names must be"
                + " unique across folders; rename one of the files.", refused());
    }

    @Test
    void aProjectWithNothingInIt() throws Exception {
        Files.delete(dir.resolve("models/orders.sql"));
        assertEquals("Error: the project has no models and no sources: add a .sql file under models (its name is"
                + " the model's name), e.g. models/my_model.sql with: select 1 as id", refused());
    }
}
