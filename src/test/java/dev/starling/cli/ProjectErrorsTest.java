package dev.starling.cli;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project and usage errors through the real command line: exit status 2, one line on stderr that names the file
 * and line to fix, and a stack trace only with --debug.
 */
class ProjectErrorsTest {

    @TempDir
    Path dir;

    /** Exit 2, a single "Error: ..." line on stderr, no stack trace; returns the message after "Error: ". */
    private static String assertProjectError(Cli.Result result) {
        assertEquals(2, result.status(), result.toString());
        List<String> lines = result.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr:\n" + result);
        assertTrue(lines.get(0).startsWith("Error: "), result.toString());
        assertNoStackTrace(result);
        return lines.get(0).substring("Error: ".length());
    }

    private static void assertNoStackTrace(Cli.Result result) {
        assertFalse(Pattern.compile("^\\s+at \\S+\\(", Pattern.MULTILINE).matcher(result.err()).find(),
                "no stack trace without --debug:\n" + result);
        assertFalse(result.out().contains("\tat "), result.toString());
    }

    private static void assertStartsWith(String prefix, String message) {
        assertTrue(message.startsWith(prefix), "expected to start with <" + prefix + ">: " + message);
    }

    private Path sparkify() {
        return TestProjects.sparkify(dir.resolve("sparkify"));
    }

    @Test
    void yamlSyntaxErrorInAPropertiesFile() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "select 1 as id\n");
        write(dir.resolve("models/dims/schema.yml"), """
                version: 1

                models:
                  - name: a
                    description: the a: model
                    columns:
                      - name: id
                """);

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertStartsWith("models/dims/schema.yml:5: YAML syntax error", message);
    }

    @Test
    void yamlSyntaxErrorWithBadIndentation() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "select 1 as id\n");
        write(dir.resolve("models/schema.yml"), """
                models:
                  - name: a
                    columns:
                      - name: id
                        tests: [unique
                  - name: b
                """);

        String message = assertProjectError(Cli.run(dir, "ls"));

        assertTrue(message.matches("models/schema\\.yml:[56]: YAML syntax error.*"), message);
    }

    @Test
    void yamlSyntaxErrorInProjectYml() {
        write(dir.resolve("project.yml"), "name: x\nvars:\n  a: [1, 2\n");

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertTrue(message.matches("project\\.yml:[34]: YAML syntax error.*"), message);
    }

    /** Exit 2 and the first line of stderr is "Error: ..." with no Java stack trace; returns the message. */
    private static String assertFirstLineError(Cli.Result result) {
        assertEquals(2, result.status(), result.toString());
        String first = result.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Error: "), result.toString());
        assertNoStackTrace(result);
        return first.substring("Error: ".length());
    }

    @Test
    void unknownRefSuggestsTheClosestModel() {
        Path project = sparkify();
        write(project.resolve("models/marts/popular.sql"), "-- songs\nselect *\nfrom ${ref('sogn')}\n");

        String message = assertFirstLineError(Cli.run(project, "compile"));

        assertStartsWith("models/marts/popular.sql:3: unknown ref 'sogn'", message);
        assertTrue(message.contains("Did you mean 'song'?"), message);
    }

    @Test
    void unknownRefIsReportedOnOneLine() {
        Path project = sparkify();
        write(project.resolve("models/marts/popular.sql"), "-- songs\nselect *\nfrom ${ref('sogn')}\n");

        String message = assertProjectError(Cli.run(project, "compile"));

        assertStartsWith("models/marts/popular.sql:3: unknown ref 'sogn'", message);
        assertTrue(message.contains("Did you mean 'song'?"), message);
    }

    @Test
    void cycleIsPrintedWithItsPath() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "-- reads b\nselect *\nfrom ${ref('b')}\n");
        write(dir.resolve("models/b.sql"), "select * from ${ref('a')}\n");
        write(dir.resolve("models/c.sql"), "select 1\n");

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertStartsWith("models/a.sql:3: ", message);
        assertTrue(message.contains("dependency cycle: a -> b -> a"), message);
    }

    @Test
    void threeModelCycleIsPrintedWithItsPath() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "select * from ${ref('c')}\n");
        write(dir.resolve("models/b.sql"), "select * from ${ref('a')}\n");
        write(dir.resolve("models/c.sql"), "select * from ${ref('b')}\n");

        String message = assertProjectError(Cli.run(dir, "ls"));

        assertTrue(message.contains("dependency cycle: a -> b -> c -> a"), message);
    }

    @Test
    void twoModelsWithOneNameInDifferentFolders() {
        Path project = sparkify();
        write(project.resolve("models/staging/song.sql"), "select 1 as song_id\n");

        String message = assertProjectError(Cli.run(project, "compile"));

        assertTrue(message.contains("models/marts/song.sql"), message);
        assertTrue(message.contains("models/staging/song.sql"), message);
        assertTrue(message.contains("two models are named 'song'"), message);
    }

    @Test
    void unknownTestNameSuggestsUnique() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "select 1 as id\n");
        write(dir.resolve("models/schema.yml"), """
                models:
                  - name: a
                    columns:
                      - name: id
                        tests:
                          - not_null
                          - uniqe
                """);

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertStartsWith("models/schema.yml:7: unknown test 'uniqe' on column id of a.", message);
        assertTrue(message.contains("Did you mean 'unique'?"), message);
    }

    @Test
    void unknownTestNameInSparkify() {
        Path project = sparkify();
        Path schema = project.resolve("models/marts/schema.yml");
        String yaml = TestProjects.read(schema);
        write(schema, yaml.replace("      - name: artist_id\n        tests: [unique, not_null]",
                "      - name: artist_id\n        tests: [uniqe, not_null]"));
        int line = (int) yaml.substring(0, yaml.indexOf("tests: [unique, not_null]",
                yaml.indexOf("- name: artist\n"))).lines().count();

        String message = assertProjectError(Cli.run(project, "ls"));

        assertStartsWith("models/marts/schema.yml:" + line + ": unknown test 'uniqe'", message);
        assertTrue(message.contains("Did you mean 'unique'?"), message);
    }

    @Test
    void freemarkerSyntaxErrorNamesTheTemplateAndLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "select 1 as id\n");
        write(dir.resolve("models/marts/b.sql"), "select *\nfrom a\nwhere ${ref('a'}\n");

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertStartsWith("models/marts/b.sql:3: template syntax error", message);
    }

    @Test
    void unclosedDirectiveIsASyntaxError() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/b.sql"), "select 1\n<#if true>\nwhere x\n");

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertTrue(message.matches("models/b\\.sql:\\d+: template syntax error.*"), message);
    }

    @Test
    void undefinedVariableNamesTheTemplateAndLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/b.sql"), "select *\n\nfrom ${nope}\n");

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertStartsWith("models/b.sql:3: ", message);
        assertTrue(message.contains("'nope' is not defined"), message);
    }

    @Test
    void missingVarNamesTheTemplateAndLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/b.sql"), "select ${var('limit')}\n");

        String message = assertFirstLineError(Cli.run(dir, "compile"));

        assertStartsWith("models/b.sql:1: var 'limit' is not set", message);
    }

    @Test
    void missingVarIsReportedOnOneLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/b.sql"), "select ${var('limit')}\n");

        String message = assertProjectError(Cli.run(dir, "compile"));

        assertStartsWith("models/b.sql:1: var 'limit' is not set", message);
    }

    @Test
    void missingDataFolderNamesTheSourceYamlAndSuggestsVars() {
        Path project = sparkify();

        Cli.Result result = Cli.run(project, "build", "--vars", "{data_dir: /nonexistent}");
        String message = assertProjectError(result);

        assertTrue(message.matches("models/staging/sources\\.yml:(7|37): source sparkify\\.(event|song)_staging:"
                + " data folder /nonexistent/(log|song)_data does not exist.*"), message);
        assertTrue(message.contains("--vars '{data_dir: "), message);
        assertFalse(Files.exists(project.resolve("target/sparkify.duckdb")),
                "the sources are checked before anything runs: " + result);
    }

    @Test
    void missingProjectYml() {
        Path empty = dir.resolve("empty");
        write(empty.resolve("models/a.sql"), "select 1\n");

        String message = assertProjectError(Cli.run(empty, "compile"));

        assertStartsWith("no project.yml in ", message);
        assertTrue(message.contains("--project-dir"), message);
    }

    @Test
    void unsetEnvironmentVariableInProjectYml() {
        write(dir.resolve("project.yml"), "name: x\nvars:\n  key: ${env.STARLING_TEST_KEY}\n");
        write(dir.resolve("models/a.sql"), "select 1 as id\n");

        String message = assertProjectError(Cli.run(dir, Map.of(), "compile"));
        assertStartsWith("project.yml:3: environment variable STARLING_TEST_KEY is not set", message);

        Cli.Result ok = Cli.run(dir, Map.of("STARLING_TEST_KEY", "k"), "compile");
        assertEquals(0, ok.status(), ok.toString());
    }

    @Test
    void badVarsOptionIsAUsageError() {
        write(dir.resolve("project.yml"), "name: x\n");

        Cli.Result result = Cli.run(dir, "compile", "--vars", "[1, 2]");
        String message = assertProjectError(result);

        assertTrue(message.contains("--vars takes a YAML mapping"), message);
    }

    @Test
    void unknownOptionIsAUsageError() {
        write(dir.resolve("project.yml"), "name: x\n");

        Cli.Result result = Cli.run(dir, "compile", "--frobnicate");

        assertEquals(2, result.status(), result.toString());
        assertTrue(result.err().contains("Unknown option: '--frobnicate'"), result.toString());
        assertNoStackTrace(result);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result result = Cli.run(null, "frobnicate");

        assertEquals(2, result.status(), result.toString());
        assertTrue(result.err().contains("frobnicate"), result.toString());
        assertNoStackTrace(result);
    }

    @Test
    void unknownTargetIsAUsageError() {
        write(dir.resolve("project.yml"), "name: x\n");

        String message = assertProjectError(Cli.run(dir, "compile", "--target", "prod"));

        assertTrue(message.contains("unknown target 'prod'"), message);
    }

    @Test
    void debugAddsAStackTrace() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/b.sql"), "select *\nfrom ${nope}\n");

        Cli.Result plain = Cli.run(dir, "compile");
        String message = assertProjectError(plain);
        assertStartsWith("models/b.sql:2: ", message);

        Cli.Result debug = Cli.run(dir, "compile", "--debug");

        assertEquals(2, debug.status(), debug.toString());
        List<String> lines = debug.err().strip().lines().toList();
        assertEquals("Error: " + message, lines.get(0), debug.toString());
        assertTrue(lines.size() > 3, debug.toString());
        assertTrue(debug.err().contains("dev.starling.StarlingException"), debug.toString());
        assertTrue(Pattern.compile("^\\s+at dev\\.starling\\.", Pattern.MULTILINE).matcher(debug.err()).find(),
                debug.toString());
    }

    @Test
    void debugAddsAStackTraceToALoadError() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a/dup.sql"), "select 1\n");
        write(dir.resolve("models/b/dup.sql"), "select 1\n");

        Cli.Result debug = Cli.run(dir, "ls", "--debug");

        assertEquals(2, debug.status(), debug.toString());
        assertTrue(debug.err().startsWith("Error: models/b/dup.sql: two models are named 'dup'"), debug.toString());
        assertTrue(Pattern.compile("^\\s+at dev\\.starling\\.project\\.ProjectLoader\\.", Pattern.MULTILINE)
                .matcher(debug.err()).find(), debug.toString());
    }

    @Test
    void aValidProjectCompilesWithExitZero() {
        Path project = sparkify();

        Cli.Result result = Cli.run(project, "compile");

        assertEquals(0, result.status(), result.toString());
        assertEquals("", result.err(), result.toString());
        assertTrue(Files.isRegularFile(project.resolve("target/compiled/models/marts/song.sql")), result.toString());
    }
}
