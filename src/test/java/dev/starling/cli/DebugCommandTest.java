package dev.starling.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code starling debug} on the embedded target (the redshift target's checks run in RedshiftCliTest). */
class DebugCommandTest {

    @TempDir
    Path dir;

    @Test
    void checksTheDuckDbTarget() {
        TestProjects.sparkify(dir);
        Cli.Result debug = Cli.run(dir, "debug");
        assertEquals(0, debug.status(), debug::toString);
        assertTrue(debug.out().startsWith("Starling debug: target dev (duckdb)\n"), debug::toString);
        assertTrue(debug.out().contains("  path: target/sparkify.duckdb\n"), debug::toString);
        assertTrue(debug.out().contains("OK    create table  created and dropped \"main\".\"starling_debug_check\"\n"),
                debug::toString);
        assertTrue(debug.out().endsWith("All checks passed.\n"), debug::toString);
    }

    @Test
    void aMissingSchemaFailsWithAFix() {
        TestProjects.sparkify(dir);
        TestProjects.write(dir.resolve("project.yml"), TestProjects.read(dir.resolve("project.yml"))
                .replace("schema: main", "schema: staging"));
        Cli.Result debug = Cli.run(dir, Map.of(), "debug", "--target", "dev");
        assertEquals(1, debug.status(), debug::toString);
        assertTrue(debug.out().contains("FAIL  schema        schema staging does not exist\n      fix: create it"),
                debug::toString);
        assertTrue(debug.out().endsWith("1 check failed.\n"), debug::toString);
    }

    @Test
    void secretsAreMaskedAtAnyDepthOfTheSettings() {
        TestProjects.sparkify(dir);
        TestProjects.write(dir.resolve("project.yml"), TestProjects.read(dir.resolve("project.yml"))
                .replace("    schema: main\n", "    schema: main\n    meta: {connection: {SecretAccessKey: s3cr3t-value, user_agent: x}}\n"));
        Cli.Result debug = Cli.run(dir, Map.of(), "debug");
        assertFalse(debug.out().contains("s3cr3t-value"), debug::toString);
        assertTrue(debug.out().contains("SecretAccessKey=****** (set)"), debug::toString);
    }
}
