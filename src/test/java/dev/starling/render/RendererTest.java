package dev.starling.render;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.project.Node;
import dev.starling.project.Project;
import dev.starling.project.ProjectLoader;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RendererTest {

    private static final Dialect DUCKDB = () -> "duckdb";
    /** A dialect without its own macro library: the cross-database defaults apply. */
    private static final Dialect PLAIN = () -> "ansi";

    @TempDir
    Path dir;

    private Project project;
    private Renderer renderer;

    private Renderer open(Map<String, Object> vars, Dialect dialect) {
        project = ProjectLoader.load(dir, vars, name -> null);
        renderer = new Renderer(project, project.config().target(null), dialect, name -> null);
        return renderer;
    }

    private Renderer open() {
        return open(Map.of(), DUCKDB);
    }

    private CompiledNode compile(String id) {
        Node node = project.node(id);
        assertNotNull(node, () -> "no node " + id + " in " + project.nodes().keySet());
        return renderer.compile(node);
    }

    /** A project with one model {@code m} whose SQL is {@code sql}; returns m rendered. */
    private String renderModel(String sql) {
        write(dir.resolve("models/m.sql"), sql);
        open();
        return compile("model.m").sql();
    }

    private StarlingException renderModelFails(String sql) {
        write(dir.resolve("models/m.sql"), sql);
        open();
        return assertThrows(StarlingException.class, () -> compile("model.m"));
    }

    private void baseProject() {
        write(dir.resolve("project.yml"), """
                name: x
                vars:
                  data_dir: data/sample
                  max_errors: 0
                  big: 1234567
                  ratio: 0.5
                """);
        write(dir.resolve("models/staging/sources.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: events
                        location:
                          duckdb: "${var('data_dir')}/log_data"
                        max_errors: "${var('max_errors')}"
                        columns: [{name: user_id, type: varchar}]
                """);
        write(dir.resolve("models/user.sql"), "select 1 as user_id\n");
        write(dir.resolve("models/song.sql"), "select 1 as song_id\n");
    }

    // ---- is_incremental() ------------------------------------------------------------------------------------

    @Test
    void anIncrementalModelIsRenderedForAFullBuildAndForNewRows() {
        baseProject();
        write(dir.resolve("models/plays.sql"), "select * from ${ref('user')}"
                + "<#if is_incremental()> where user_id > (select max(user_id) from ${this})</#if>\n");
        write(dir.resolve("models/plays.yml"), "models:\n  - name: plays\n    config: {materialized: incremental,"
                + " unique_key: user_id}\n");
        open();
        CompiledNode plays = compile("model.plays");
        assertEquals("select * from \"main\".\"user\"", plays.sql());
        assertEquals("select * from \"main\".\"user\" where user_id > (select max(user_id) from \"main\".\"plays\")",
                plays.incrementalSql());
        assertEquals(Set.of("model.user"), plays.dependsOn(), "this is not a dependency");
        assertNull(compile("model.user").incrementalSql(), "a table is rendered once, with is_incremental() false");
        assertEquals("false", renderModel("${is_incremental()?c}"));
    }

    // ---- ref, source, this ---------------------------------------------------------------------------------

    @Test
    void refAndSourceReturnQuotedRelationsAndRecordDependenciesInOrder() {
        baseProject();
        write(dir.resolve("models/play.sql"), """
                select *
                from ${source('raw', 'events')} as e
                join ${ref('user')} as u on u.user_id = e.user_id
                join ${ref('song')} as s on true
                join ${ref('user')} as again on true
                """);
        open();

        CompiledNode play = compile("model.play");

        assertEquals("""
                select *
                from "main"."events" as e
                join "main"."user" as u on u.user_id = e.user_id
                join "main"."song" as s on true
                join "main"."user" as again on true""", play.sql());
        assertEquals(List.of("source.raw.events", "model.user", "model.song"), List.copyOf(play.dependsOn()));
        assertEquals("\"main\".\"play\"", play.relation());
        assertNull(play.location());
    }

    @Test
    void literalRefsAreResolvedWithoutATemplateToTheSameTextAsFreeMarker() {
        baseProject();
        List<String> bodies = List.of(
                "select * from ${ref('user')}",
                "select *\nfrom ${ source( \"raw\" , 'events' ) } as e\njoin ${ref(\"song\")} on true;\n\n",
                "-- a comment with 'quotes' and {braces}\nselect '$' as dollar, '{x}' as braces from ${ref('user')}\n",
                "select 1 as user_id -- no template at all\n",
                "select '}' from ${ref('song')} where '${ref('user')}' <> ''");
        for (int i = 0; i < bodies.size(); i++) {
            write(dir.resolve("models/fast_" + i + ".sql"), bodies.get(i));
            // a FreeMarker comment sends the same SQL through FreeMarker
            write(dir.resolve("models/slow_" + i + ".sql"), bodies.get(i) + "<#-- through FreeMarker -->");
        }
        open();
        for (int i = 0; i < bodies.size(); i++) {
            CompiledNode fast = compile("model.fast_" + i);
            CompiledNode slow = compile("model.slow_" + i);
            assertEquals(slow.sql(), fast.sql(), bodies.get(i));
            assertEquals(List.copyOf(slow.dependsOn()), List.copyOf(fast.dependsOn()), bodies.get(i));
        }
        assertEquals("select *\nfrom \"main\".\"events\" as e\njoin \"main\".\"song\" on true", compile("model.fast_1").sql());
        assertEquals(List.of("source.raw.events", "model.song"), List.copyOf(compile("model.fast_1").dependsOn()));
    }

    @Test
    void aMacroFileThatRedefinesRefOrPrintsTextKeepsEveryModelOnFreeMarker() {
        baseProject();
        write(dir.resolve("macros/refs.ftl"), "<#function ref name><#return '\"analytics\".\"' + name + '\"'></#function>\n");
        write(dir.resolve("models/plain.sql"), "select * from ${ref('user')}");
        open();
        assertEquals("select * from \"analytics\".\"user\"", compile("model.plain").sql(), "the project's ref wins");

        write(dir.resolve("macros/refs.ftl"), "-- printed by a macro file\n");
        open();
        assertEquals("-- printed by a macro file\nselect * from \"main\".\"user\"", compile("model.plain").sql());
    }

    @Test
    void anUnknownLiteralRefIsStillReportedWithItsLine() {
        baseProject();
        StarlingException e = renderModelFails("select 1\nfrom ${ref('users')}\n");
        assertTrue(e.getMessage().startsWith("models/m.sql:2: unknown ref 'users'"), e::getMessage);
    }

    @Test
    void dependencyOrderFollowsTheTemplateNotTheNames() {
        baseProject();
        write(dir.resolve("models/play.sql"), "select * from ${ref('user')}, ${ref('song')}, ${source('raw', 'events')}\n");
        open();

        assertEquals(List.of("model.user", "model.song", "source.raw.events"),
                List.copyOf(compile("model.play").dependsOn()));
    }

    @Test
    void thisIsTheModelsOwnRelationAndTheSchemaComesFromTheTarget() {
        write(dir.resolve("project.yml"), """
                name: x
                targets:
                  dev:
                    type: duckdb
                    schema: analytics
                """);
        write(dir.resolve("models/a.sql"), "select 1\n");
        write(dir.resolve("models/b.sql"), "select * from ${ref('a')} -- builds ${this}\n");
        open();

        CompiledNode b = compile("model.b");

        assertEquals("select * from \"analytics\".\"a\" -- builds \"analytics\".\"b\"", b.sql());
        assertEquals("\"analytics\".\"b\"", b.relation());
    }

    @Test
    void theTerminatorGoesWithWhitespaceAndALineCommentAfterIt() {
        assertEquals("select 1", Renderer.stripTerminator("select 1;\n\n"));
        assertEquals("select 1", Renderer.stripTerminator("select 1; -- done\n"));
        assertEquals("select 1", Renderer.stripTerminator("select 1;\n-- done\n-- really;\n"));
        assertEquals("select 1 -- no terminator: the comment stays", Renderer.stripTerminator(
                "select 1 -- no terminator: the comment stays\n"));
        assertEquals("select '--;' as dashes", Renderer.stripTerminator("select '--;' as dashes;"));
        assertEquals("select 1 as \"a--b\"", Renderer.stripTerminator("select 1 as \"a--b\"; -- done"));
    }

    @Test
    void identifiersWithQuotesAreEscaped() {
        assertEquals("\"a\"\"b\"", DUCKDB.quote("a\"b"));
        assertEquals("\"main\".\"user\"", DUCKDB.relation("main", "user"));
    }

    @Test
    void unknownRefSuggestsTheClosestModelAndNamesTheLine() {
        baseProject();
        StarlingException e = renderModelFails("select *\n\nfrom ${ref('sogn')}\n");

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/m.sql:3: unknown ref 'sogn'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'song'?"), e.getMessage());
    }

    @Test
    void unknownSourceIsAnError() {
        baseProject();
        StarlingException e = renderModelFails("select * from ${source('raw', 'event')}\n");

        assertTrue(e.getMessage().startsWith("models/m.sql:1: unknown source 'raw.event'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'raw.events'?"), e.getMessage());
    }

    @Test
    void aModelCannotRefItself() {
        baseProject();
        StarlingException e = renderModelFails("select * from ${ref('m')}\n");

        assertTrue(e.getMessage().startsWith("models/m.sql:1: model 'm' refers to itself"), e.getMessage());
    }

    @Test
    void refTakesExactlyOneArgument() {
        baseProject();
        StarlingException e = renderModelFails("select * from ${ref('user', 'song')}\n");

        assertTrue(e.getMessage().contains("ref() takes 1 argument, got 2"), e.getMessage());
    }

    @Test
    void sourceLocationAndOptionsAreRenderedWithVars() {
        baseProject();
        open(Map.of("data_dir", "/mnt/data"), DUCKDB);

        CompiledNode events = compile("source.raw.events");

        assertNull(events.sql());
        assertEquals("\"main\".\"events\"", events.relation());
        assertEquals("/mnt/data/log_data", events.location());
        assertEquals(Map.of("max_errors", "0"), events.options());
        assertTrue(events.dependsOn().isEmpty());
    }

    // ---- var, target, numbers --------------------------------------------------------------------------------

    @Test
    void varReadsProjectVarsOverridesAndDefaults() {
        baseProject();
        write(dir.resolve("models/m.sql"),
                "${var('data_dir')}|${var('max_errors')}|${var('missing', 'fallback')}|${var('missing', 42)}"
                        + "|${var('data_dir', 'unused')}");
        open(Map.of("max_errors", 3L), DUCKDB);

        assertEquals("data/sample|3|fallback|42|data/sample", compile("model.m").sql());
    }

    @Test
    void missingVarIsAnErrorNamingTheFileAndLine() {
        baseProject();
        StarlingException e = renderModelFails("select 1\nwhere x = ${var('nope')}\n");

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/m.sql:2: var 'nope' is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("--vars '{nope: ...}'"), e.getMessage());
    }

    @Test
    void targetNameTypeAndSchemaAreAvailable() {
        baseProject();
        assertEquals("dev duckdb main x", renderModel("${target.name} ${target.type} ${target.schema} ${project_name}"));
    }

    @Test
    void numbersAreNotLocaleFormatted() {
        baseProject();
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            String sql = renderModel("select ${var('big')} as n, ${var('ratio')} as r, ${var('missing', 9876543)} as d,"
                    + " ${1000000 + 1} as s, ${var('big') * 2} as twice");
            assertEquals("select 1234567 as n, 0.5 as r, 9876543 as d, 1000001 as s, 2469134 as twice", sql);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void booleansRenderAsSqlLiterals() {
        baseProject();
        assertEquals("select true, false", renderModel("select ${true}, ${1 == 2}"));
    }

    @Test
    void trailingSemicolonsAndWhitespaceAreStripped() {
        baseProject();
        assertEquals("select 1", renderModel("select 1;\n\n  ;\n"));
    }

    // ---- macros ----------------------------------------------------------------------------------------------

    @Test
    void epochMsMacroUsesTheDuckDbSpelling() {
        baseProject();
        assertEquals("select epoch_ms(ts) as start_time", renderModel("select ${epoch_ms_to_timestamp('ts')} as start_time"));
    }

    @Test
    void epochMsMacroFallsBackToAnsiWithoutADialectLibrary() {
        baseProject();
        write(dir.resolve("models/m.sql"), "select ${epoch_ms_to_timestamp('e.ts')}");
        open(Map.of(), PLAIN);

        assertEquals("select (timestamp '1970-01-01 00:00:00' + (e.ts) * interval '1 millisecond')",
                compile("model.m").sql());
    }

    @Test
    void surrogateKeyHashesTheColumns() {
        baseProject();
        assertEquals("select md5(coalesce(cast(e.ts as varchar), '') || '|' || coalesce(cast(e.user_id as varchar), ''))"
                + " as id", renderModel("select ${surrogate_key('e.ts', 'e.user_id')} as id"));
    }

    @Test
    void projectMacrosAreIncludedAndMayOverrideTheShippedOnes() {
        baseProject();
        write(dir.resolve("macros/mine.ftl"), """
                <#function cents expr><#return "(" + expr + " * 100)"></#function>
                <#function epoch_ms_to_timestamp expr><#return "to_timestamp(" + expr + " / 1000)"></#function>
                """);
        assertEquals("select (price * 100), to_timestamp(ts / 1000)",
                renderModel("select ${cents('price')}, ${epoch_ms_to_timestamp('ts')}"));
    }

    // ---- generic tests ---------------------------------------------------------------------------------------

    private void projectWithGenericTests() {
        baseProject();
        write(dir.resolve("models/play.sql"), "select * from ${ref('user')}\n");
        write(dir.resolve("models/play.yml"), """
                models:
                  - name: play
                    columns:
                      - name: play_id
                        tests: [unique, not_null]
                      - name: level
                        tests:
                          - accepted_values: {values: [free, "it's paid"]}
                      - name: rank
                        tests:
                          - accepted_values: {values: [1, 1234567, 2.5, true]}
                      - name: user_id
                        tests:
                          - relationships: {to: "ref('user')", field: user_id}
                """);
        open();
    }

    @Test
    void uniqueTestSql() {
        projectWithGenericTests();

        CompiledNode test = compile("test.unique_play_play_id");

        assertEquals("""
                -- unique: play_id has no repeated value in "main"."play"
                select play_id as unique_value, count(*) as occurrences
                from "main"."play"
                where play_id is not null
                group by play_id
                having count(*) > 1""", test.sql());
        assertEquals(List.of("model.play"), List.copyOf(test.dependsOn()));
        assertNull(test.relation());
    }

    @Test
    void notNullTestSql() {
        projectWithGenericTests();

        assertEquals("""
                -- not_null: play_id is never NULL in "main"."play"
                select *
                from "main"."play"
                where play_id is null""", compile("test.not_null_play_play_id").sql());
    }

    @Test
    void acceptedValuesQuotesStringsAndDoublesApostrophes() {
        projectWithGenericTests();

        String sql = compile("test.accepted_values_play_level").sql();

        assertTrue(sql.contains("where level not in ('free', 'it''s paid')"), sql);
        assertTrue(sql.contains("from \"main\".\"play\""), sql);
        assertTrue(sql.contains("group by level"), sql);
        String numbers = compile("test.accepted_values_play_rank").sql();
        assertTrue(numbers.contains("where rank not in (1, 1234567, 2.5, true)"), numbers);
    }

    @Test
    void relationshipsRendersTheRefArgumentAndDependsOnBoth() {
        projectWithGenericTests();

        CompiledNode test = compile("test.relationships_play_user_id__user");

        assertEquals("""
                -- relationships: every non-NULL user_id in "main"."play" exists as user_id in "main"."user"
                select child.user_id as missing_key, count(*) as occurrences
                from "main"."play" as child
                left join "main"."user" as parent on child.user_id = parent.user_id
                where child.user_id is not null
                  and parent.user_id is null
                group by child.user_id""", test.sql());
        assertEquals(List.of("model.play", "model.user"), List.copyOf(test.dependsOn()));
    }

    @Test
    void relationshipsToAnUnknownModelNamesTheYamlLine() {
        baseProject();
        write(dir.resolve("models/play.sql"), "select 1 as user_id\n");
        write(dir.resolve("models/play.yml"), """
                models:
                  - name: play
                    columns:
                      - name: user_id
                        tests:
                          - relationships: {to: "ref('usr')", field: user_id}
                """);
        open();

        StarlingException e = assertThrows(StarlingException.class,
                () -> compile("test.relationships_play_user_id__usr"));
        assertTrue(e.getMessage().startsWith("models/play.yml:6: unknown ref 'usr'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'user'?"), e.getMessage());
    }

    @Test
    void testOnASourceReadsTheSource() {
        baseProject();
        write(dir.resolve("models/staging/sources.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: events
                        location: data
                        columns:
                          - name: user_id
                            type: varchar
                            tests: [not_null]
                """);
        open();

        CompiledNode test = compile("test.not_null_events_user_id");

        assertTrue(test.sql().contains("from \"main\".\"events\"\nwhere user_id is null"), test.sql());
        assertEquals(List.of("source.raw.events"), List.copyOf(test.dependsOn()));
    }

    @Test
    void customGenericTestGetsModelColumnAndArguments() {
        baseProject();
        write(dir.resolve("models/play.sql"), "select 1 as amount\n");
        write(dir.resolve("models/play.yml"), """
                models:
                  - name: play
                    columns:
                      - name: amount
                        tests:
                          - at_least: {min: 3}
                """);
        write(dir.resolve("tests/generic/at_least.sql"), "select * from ${model} where ${column_name} < ${min};\n");
        open();

        assertEquals("select * from \"main\".\"play\" where amount < 3", compile("test.at_least_play_amount").sql());
    }

    @Test
    void singularTestAndAnalysisRenderRefs() {
        baseProject();
        write(dir.resolve("tests/assert_users.sql"), "select * from ${ref('user')} where user_id is null\n");
        write(dir.resolve("analyses/count_songs.sql"), "select count(*) from ${ref('song')}\n");
        open();

        CompiledNode test = compile("test.assert_users");
        assertEquals("select * from \"main\".\"user\" where user_id is null", test.sql());
        assertEquals(List.of("model.user"), List.copyOf(test.dependsOn()));
        CompiledNode analysis = compile("analysis.count_songs");
        assertEquals("select count(*) from \"main\".\"song\"", analysis.sql());
        assertNull(analysis.relation());
    }

    @Test
    void rendersEverySparkifyNode(@TempDir Path copy) {
        TestProjects.sparkify(copy);
        Project sparkify = ProjectLoader.load(copy, Map.of(), name -> null);
        Renderer r = new Renderer(sparkify, sparkify.config().target(null), DUCKDB, name -> null);

        for (Node node : sparkify.all()) {
            CompiledNode compiled = r.compile(node);
            if (compiled.sql() != null) {
                assertFalse(compiled.sql().contains("${"), node.id() + ": " + compiled.sql());
            }
        }
        CompiledNode songplay = r.compile(sparkify.node("model.songplay"));
        assertEquals(List.of("source.sparkify.song_staging", "model.nextsong_event"), List.copyOf(songplay.dependsOn()));
        assertTrue(r.compile(sparkify.node("model.nextsong_event")).sql().contains("epoch_ms(ts) as start_time"));
        assertEquals("data/sample/log_data", r.compile(sparkify.node("source.sparkify.event_staging")).location());
    }

    // ---- template errors -------------------------------------------------------------------------------------

    @Test
    void syntaxErrorNamesTheTemplateAndLine() {
        baseProject();
        StarlingException e = renderModelFails("select *\nfrom x\nwhere ${ref('user'}\n");

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/m.sql:3: template syntax error"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void undefinedVariableNamesTheTemplateAndLine() {
        baseProject();
        StarlingException e = renderModelFails("select *\nfrom ${nope}\n");

        assertTrue(e.getMessage().startsWith("models/m.sql:2: "), e.getMessage());
        assertTrue(e.getMessage().contains("'nope' is not defined"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void errorInsideAProjectMacroNamesTheMacroFile() {
        baseProject();
        write(dir.resolve("macros/broken.ftl"), """
                <#function broken expr>
                  <#return expr + missing_thing>
                </#function>
                """);
        StarlingException e = renderModelFails("select ${broken('a')}\n");

        assertTrue(e.getMessage().startsWith("macros/broken.ftl:2: "), e.getMessage());
        assertTrue(e.getMessage().contains("'missing_thing' is not defined"), e.getMessage());
    }

    @Test
    void envVarReadsTheEnvFunctionWithADefault() {
        baseProject();
        write(dir.resolve("models/m.sql"), "${env_var('STARLING_TEST_USER')} ${env_var('STARLING_TEST_NONE', 'anon')}");
        project = ProjectLoader.load(dir, Map.of(), name -> null);
        Map<String, String> env = Map.of("STARLING_TEST_USER", "ada");
        renderer = new Renderer(project, project.config().target(null), DUCKDB, env::get);

        assertEquals("ada anon", compile("model.m").sql());

        write(dir.resolve("models/m.sql"), "select\n${env_var('STARLING_TEST_NONE')}");
        project = ProjectLoader.load(dir, Map.of(), name -> null);
        renderer = new Renderer(project, project.config().target(null), DUCKDB, env::get);
        StarlingException e = assertThrows(StarlingException.class, () -> compile("model.m"));
        assertTrue(e.getMessage().startsWith("models/m.sql:2: environment variable STARLING_TEST_NONE is not set"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"${ref('sogn')}", "${source('raw', 'event')}", "${var('nope')}",
            "${env_var('STARLING_TEST_NONE')}", "${ref()}"})
    void errorsFromStarlingFunctionsAreOneLine(String call) {
        baseProject();
        StarlingException e = renderModelFails("select 1\nfrom " + call + "\n");

        assertTrue(e.getMessage().startsWith("models/m.sql:2: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("FTL stack trace"), e.getMessage());
    }

    // ---- sandbox ---------------------------------------------------------------------------------------------

    @Test
    void newBuiltinCannotInstantiateExecute() {
        baseProject();
        Path marker = dir.resolve("pwned");
        StarlingException e = renderModelFails("select 1 -- ${\"freemarker.template.utility.Execute\"?new()(\"touch "
                + marker + "\")}\n");

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/m.sql:1: "), e.getMessage());
        assertFalse(Files.exists(marker), "the command ran");
    }

    @Test
    void templatesCannotIncludeFilesOutsideTheProject(@TempDir Path outer) {
        Path project = outer.resolve("project");
        TestProjects.empty(project, "x");
        write(outer.resolve("secret.txt"), "TOP SECRET\n");
        write(project.resolve("models/m.sql"), "select 1 -- <#include \"../secret.txt\">\n");
        Project p = ProjectLoader.load(project, Map.of(), name -> null);
        Renderer r = new Renderer(p, p.config().target(null), DUCKDB, name -> null);

        StarlingException e = assertThrows(StarlingException.class, () -> r.compile(p.node("model.m")));

        assertTrue(e.getMessage().startsWith("models/m.sql:1: "), e.getMessage());
        assertFalse(e.getMessage().contains("TOP SECRET"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
            "<#assign oc = \"freemarker.template.utility.ObjectConstructor\"?new()>${oc(\"java.io.File\", \"/\")}",
            "${\"java.lang.ProcessBuilder\"?new()}",
            "${target?api.getClass().getName()}",
            "${target.name?api}",
            "${statics[\"java.lang.System\"].getProperty(\"user.home\")}",
            "${Static[\"java.lang.System\"].getProperty(\"user.home\")}",
            "${enums[\"java.util.concurrent.TimeUnit\"].SECONDS}",
            "${objectConstructor(\"java.io.File\", \"/\")}",
            "${target.getClass().getName()}",
            "${target.class.name}",
            "${project_name.getClass().getName()}",
            "${ref.getClass().getName()}",
            "${var('data_dir').getClass().getName()}",
            "${.data_model?api}",
    })
    void sandboxRejects(String expression) {
        baseProject();
        StarlingException e = renderModelFails("select 1 as a\n-- " + expression + "\n");

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/m.sql:2: "), e.getMessage());
        assertFalse(e.getMessage().contains("/root") || e.getMessage().contains("java.lang.Class"), e.getMessage());
    }
}
