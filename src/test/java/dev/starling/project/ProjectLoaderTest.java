package dev.starling.project;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {

    private static final Function<String, String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    private static Project load(Path dir) {
        return ProjectLoader.load(dir, Map.of(), NO_ENV);
    }

    private static Set<String> ids(Project project, NodeKind kind) {
        return project.all().stream().filter(n -> n.kind() == kind).map(Node::id).collect(Collectors.toSet());
    }

    private static Node test(Project project, String id) {
        Node node = project.node(id);
        assertNotNull(node, () -> "no node " + id + " in " + project.nodes().keySet());
        assertEquals(NodeKind.TEST, node.kind());
        return node;
    }

    // ---- models ----------------------------------------------------------------------------------------------

    @Test
    void findsModelsRecursivelyInAnyFolderNamedByFileName() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/top.sql"), "select 1 as a\n");
        write(dir.resolve("models/dims/deep/nested/dim_user.sql"), "select 2 as b\n");
        write(dir.resolve("models/facts/fct_play.sql"), "select 3 as c\n");
        write(dir.resolve("models/facts/notes.md"), "not a model\n");
        write(dir.resolve("models/facts/.hidden.sql"), "select 4\n");

        Project project = load(dir);

        assertEquals(Set.of("model.top", "model.dim_user", "model.fct_play"), ids(project, NodeKind.MODEL));
        Node dim = project.node("model.dim_user");
        assertEquals("dim_user", dim.name());
        assertEquals(Path.of("models/dims/deep/nested/dim_user.sql"), dim.path());
        assertEquals("select 2 as b\n", dim.template());
        assertEquals(1, dim.line());
        assertEquals("table", dim.materialized(), "a model without properties is a table");
        assertEquals("", dim.description());
        assertEquals(dir.toAbsolutePath().normalize(), project.dir());
    }

    @Test
    void honoursModelPathsFromProjectYml() {
        write(dir.resolve("project.yml"), "name: x\nmodel-paths: [sql, more]\n");
        write(dir.resolve("sql/a.sql"), "select 1\n");
        write(dir.resolve("more/sub/b.sql"), "select 2\n");
        write(dir.resolve("models/ignored.sql"), "select 3\n");

        Project project = load(dir);

        assertEquals(Set.of("model.a", "model.b"), ids(project, NodeKind.MODEL));
    }

    @Test
    void modelFileNameMustBeAnIdentifier() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/my-model.sql"), "select 1\n");

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/my-model.sql: "), e.getMessage());
    }

    @Test
    void twoModelsWithOneNameNameBothFiles() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a/dup.sql"), "select 1\n");
        write(dir.resolve("models/b/dup.sql"), "select 2\n");

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().contains("models/a/dup.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("models/b/dup.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("'dup'"), e.getMessage());
    }

    // ---- properties YAML -------------------------------------------------------------------------------------

    @Test
    void readsModelPropertiesColumnsTestsAndSeverity() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/marts/orders.sql"), "select 1 as id\n");
        write(dir.resolve("models/marts/customers.sql"), "select 1 as id\n");
        write(dir.resolve("models/marts/props.yml"), """
                version: 1
                models:
                  - name: orders
                    description: One row per order.
                    config:
                      materialized: view
                      dist: key(id)
                      tags: [nightly]
                    tags: [fact, core]
                    columns:
                      - name: id
                        description: the key
                        data_type: integer
                        tests:
                          - unique
                          - not_null:
                              severity: warn
                      - name: status
                        tests:
                          - accepted_values:
                              values: [placed, shipped]
                              config: {severity: warn}
                      - name: customer_id
                        tests:
                          - relationships: {to: "ref('customers')", field: id}
                  - name: customers
                    columns:
                      - name: id
                        tests: [not_null]
                """);

        Project project = load(dir);

        Node orders = project.node("model.orders");
        assertEquals("One row per order.", orders.description());
        assertEquals("view", orders.materialized());
        assertEquals("key(id)", orders.config().get("dist"));
        assertFalse(orders.config().containsKey("tags"), "tags are not a physical config option");
        assertEquals(Set.of("fact", "core", "nightly"), orders.tags());
        assertEquals(Path.of("models/marts/props.yml"), orders.propertiesFile());
        assertEquals(List.of("id", "status", "customer_id"), orders.columns().stream().map(Column::name).toList());
        assertEquals("integer", orders.columns().get(0).type());
        assertEquals("the key", orders.columns().get(0).description());

        Node unique = test(project, "test.unique_orders_id");
        assertEquals(new TestSpec("unique", "model.orders", "id", Map.of()), unique.test());
        assertEquals(Node.SEVERITY_ERROR, unique.severity());
        assertEquals(Path.of("models/marts/props.yml"), unique.path());
        assertEquals(15, unique.line(), "line of the '- unique' item");
        assertEquals(Set.of("fact", "core", "nightly"), unique.tags(), "a test inherits the tags of its model");

        Node notNull = test(project, "test.not_null_orders_id");
        assertEquals(Node.SEVERITY_WARN, notNull.severity(), "severity: warn");
        assertEquals(Map.of(), notNull.test().args(), "severity is not a test argument");

        Node accepted = test(project, "test.accepted_values_orders_status");
        assertEquals(Node.SEVERITY_WARN, accepted.severity(), "config: {severity: warn}");
        assertEquals(Map.of("values", List.of("placed", "shipped")), accepted.test().args());

        Node relationships = test(project, "test.relationships_orders_customer_id__customers");
        assertEquals("relationships", relationships.test().testName());
        assertEquals("ref('customers')", relationships.test().args().get("to"));
        assertEquals("id", relationships.test().args().get("field"));
        assertEquals(Node.SEVERITY_ERROR, relationships.severity());

        Node customers = project.node("model.customers");
        assertEquals("table", customers.materialized());
        assertNotNull(project.node("test.not_null_customers_id"));
    }

    @Test
    void sameTestTwiceGetsADistinctName() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1 as id\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    columns:
                      - name: id
                        tests: [not_null]
                        data_tests: [not_null]
                """);

        Project project = load(dir);

        assertNotNull(project.node("test.not_null_m_id"));
        assertNotNull(project.node("test.not_null_m_id_2"));
    }

    @Test
    void badSeverityIsAnErrorAtItsLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1 as id\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    columns:
                      - name: id
                        tests:
                          - unique:
                              severity: fatal
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/m.yml:7: severity must be 'error' or 'warn'"), e.getMessage());
    }

    @Test
    void incrementalModelsNeedAKnownStrategyAndAKeyToMatchOn() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1 as id\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    config:
                      materialized: incremental
                      unique_key: [id, part]
                """);
        Node m = load(dir).node("model.m");
        assertEquals(List.of("id", "part"), m.uniqueKey());
        assertEquals("delete+insert", m.incrementalStrategy(), "the default with a key");

        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    config:
                      materialized: incremental
                      incremental_strategy: merge
                """);
        StarlingException noKey = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(noKey.getMessage().startsWith("models/m.yml:5: incremental_strategy merge of model 'm' needs a"
                + " unique_key"), noKey.getMessage());

        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    config:
                      materialized: incremental
                      incremental_strategy: upsert
                      unique_key: id
                """);
        StarlingException unknown = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(unknown.getMessage().startsWith("models/m.yml:5: unknown incremental_strategy 'upsert' for model 'm';"
                + " use one of append, delete+insert, merge."), unknown.getMessage());
    }

    @Test
    void sourceLayoutAndIncrementalAreChecked() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/s.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: songs
                        location: data
                        layout: document
                        incremental: true
                        columns: [{name: id, type: varchar}]
                """);
        SourceSpec spec = load(dir).node("source.raw.songs").source();
        assertEquals(SourceSpec.LAYOUT_DOCUMENT, spec.layout());
        assertTrue(spec.incremental());
        assertFalse(spec.options().containsKey("layout"), "known keys are not options");

        write(dir.resolve("models/s.yml"), TestProjects.read(dir.resolve("models/s.yml")).replace("document", "csv"));
        StarlingException layout = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(layout.getMessage().startsWith("models/s.yml:6: unknown layout 'csv'"), layout.getMessage());

        write(dir.resolve("models/s.yml"), TestProjects.read(dir.resolve("models/s.yml")).replace("csv", "lines")
                .replace("incremental: true", "incremental: sometimes"));
        StarlingException flag = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(flag.getMessage().startsWith("models/s.yml:7: incremental of source table 'songs' is true or false, not 'sometimes'"), flag.getMessage());
    }

    @Test
    void unknownMaterializationIsAnErrorAtItsLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    config:
                      materialized: ephemeral
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/m.yml:4: unknown materialization 'ephemeral'"), e.getMessage());
    }

    @Test
    void propertiesForAMissingModelSuggestTheClosestName() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/orders.sql"), "select 1\n");
        write(dir.resolve("models/m.yml"), "models:\n  - name: order\n");

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/m.yml:2: "), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'orders'?"), e.getMessage());
    }

    @Test
    void unknownTestNameSuggestsTheClosest() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1 as id\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    columns:
                      - name: id
                        tests:
                          - not_null
                          - uniqe
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/m.yml:7: unknown test 'uniqe'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'unique'?"), e.getMessage());
    }

    @Test
    void relationshipsWithoutFieldIsAnError() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1 as id\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    columns:
                      - name: id
                        tests:
                          - relationships: {to: "ref('m')"}
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/m.yml:6: test 'relationships' needs 'field'"), e.getMessage());
    }

    // ---- sources -------------------------------------------------------------------------------------------

    @Test
    void readsSourcesWithColumnsTypesLocationsAndTests() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/staging/sources.yml"), """
                version: 1
                sources:
                  - name: raw
                    description: Raw files.
                    tags: [landing]
                    tables:
                      - name: events
                        location:
                          duckdb: "${var('data_dir')}/events"
                          prod: s3://bucket/events
                        pattern: "*.ndjson"
                        max_errors: 5
                        columns:
                          - {name: user_id, field: userId, type: VARCHAR, description: the user}
                          - name: ts
                            type: bigint
                            tests: [not_null]
                      - name: songs
                        description: Songs.
                        location: data/songs
                        columns:
                          - {name: song_id, type: varchar}
                """);

        Project project = load(dir);

        assertEquals(Set.of("source.raw.events", "source.raw.songs"), ids(project, NodeKind.SOURCE));
        Node events = project.node("source.raw.events");
        assertEquals("events", events.name());
        assertEquals("raw.events", events.displayName());
        assertEquals(Path.of("models/staging/sources.yml"), events.path());
        assertEquals(7, events.line(), "line of the table entry");
        assertNull(events.template());
        assertEquals("Raw files.", events.description(), "falls back to the source's description");
        assertEquals(Set.of("landing"), events.tags());

        SourceSpec spec = events.source();
        assertEquals("raw", spec.sourceName());
        assertEquals("events", spec.tableName());
        assertEquals("json", spec.format());
        assertEquals("*.ndjson", spec.pattern());
        assertEquals(Map.of("duckdb", "${var('data_dir')}/events", "prod", "s3://bucket/events"), spec.locations());
        assertEquals("s3://bucket/events", spec.locationFor("prod", "redshift"), "by target name first");
        assertEquals("${var('data_dir')}/events", spec.locationFor("dev", "duckdb"), "then by target type");
        assertEquals(Map.of("max_errors", 5L), spec.options());
        assertEquals(List.of(new Column("user_id", "userId", "varchar", "the user"), new Column("ts", "ts", "bigint", "")),
                spec.columns());
        assertEquals(spec.columns(), events.columns());

        Node songs = project.node("source.raw.songs");
        assertEquals("Songs.", songs.description());
        assertEquals(Map.of("*", "data/songs"), songs.source().locations());
        assertEquals("**/*.json", songs.source().pattern());

        Node tsTest = test(project, "test.not_null_events_ts");
        assertEquals(new TestSpec("not_null", "source.raw.events", "ts", Map.of()), tsTest.test());
        assertEquals(Set.of("landing"), tsTest.tags());
    }

    @Test
    void sourceColumnWithoutTypeIsAnError() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/s.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: events
                        location: data
                        columns:
                          - name: user_id
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/s.yml:7: missing 'type'"), e.getMessage());
    }

    @Test
    void sourceTableWithTheNameOfAModelIsAnError() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/events.sql"), "select 1\n");
        write(dir.resolve("models/s.yml"), """
                sources:
                  - name: raw
                    tables:
                      - name: events
                        location: data
                        columns: [{name: a, type: varchar}]
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/s.yml:4: "), e.getMessage());
        assertTrue(e.getMessage().contains("models/events.sql"), e.getMessage());
    }

    // ---- tests, generic tests, analyses ----------------------------------------------------------------------

    @Test
    void readsSingularTestsCustomGenericTestsAndAnalyses() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1 as amount\n");
        write(dir.resolve("models/m.yml"), """
                models:
                  - name: m
                    columns:
                      - name: amount
                        tests:
                          - is_positive
                          - at_least: {min: 3}
                """);
        write(dir.resolve("tests/assert_something.sql"), "select * from ${ref('m')} where false\n");
        write(dir.resolve("tests/more/assert_nested.sql"), "select 1 where false\n");
        write(dir.resolve("tests/generic/is_positive.sql"), "select * from ${model} where ${column_name} <= 0\n");
        write(dir.resolve("tests/generic/at_least.sql"), "select * from ${model} where ${column_name} < ${min}\n");
        write(dir.resolve("analyses/report.sql"), "select count(*) from ${ref('m')}\n");
        write(dir.resolve("analyses/sub/deeper.sql"), "select 2\n");

        Project project = load(dir);

        Node singular = test(project, "test.assert_something");
        assertEquals("assert_something", singular.name());
        assertEquals(Path.of("tests/assert_something.sql"), singular.path());
        assertEquals("select * from ${ref('m')} where false\n", singular.template());
        assertNull(singular.test(), "a singular test is its own SQL, not a generic test");
        assertNotNull(project.node("test.assert_nested"));

        assertEquals(Set.of("is_positive", "at_least"), project.genericTests().keySet());
        Project.GenericTestTemplate positive = project.genericTests().get("is_positive");
        assertEquals(Path.of("tests/generic/is_positive.sql"), positive.path());
        assertTrue(positive.template().contains("${column_name} <= 0"));
        assertNull(project.node("test.is_positive"), "a generic test template is not itself a node");

        Node applied = test(project, "test.is_positive_m_amount");
        assertEquals(new TestSpec("is_positive", "model.m", "amount", Map.of()), applied.test());
        Node withArgs = test(project, "test.at_least_m_amount");
        assertEquals(Map.of("min", 3L), withArgs.test().args());

        assertEquals(Set.of("analysis.report", "analysis.deeper"), ids(project, NodeKind.ANALYSIS));
        Node report = project.node("analysis.report");
        assertEquals(Path.of("analyses/report.sql"), report.path());
        assertEquals("select count(*) from ${ref('m')}\n", report.template());
    }

    @Test
    void nodesAreOrderedSourcesModelsTestsAnalyses() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("analyses/an.sql"), "select 1\n");
        write(dir.resolve("tests/t.sql"), "select 1\n");
        write(dir.resolve("models/b.sql"), "select 1\n");
        write(dir.resolve("models/a.sql"), "select 1\n");
        write(dir.resolve("models/s.yml"), "sources:\n  - name: raw\n    tables:\n      - name: ev\n"
                + "        location: d\n        columns: [{name: c, type: varchar}]\n");

        Project project = load(dir);

        assertEquals(List.of("source.raw.ev", "model.a", "model.b", "test.t", "analysis.an"),
                List.copyOf(project.nodes().keySet()));
    }

    @Test
    void loadsSparkify(@TempDir Path copy) {
        TestProjects.sparkify(copy);

        Project project = load(copy);

        assertEquals("sparkify", project.config().name());
        assertEquals(Set.of("source.sparkify.event_staging", "source.sparkify.song_staging"), ids(project, NodeKind.SOURCE));
        assertEquals(Set.of("model.nextsong_event", "model.songplay", "model.user", "model.song", "model.artist",
                "model.time", "model.user_latest_event"), ids(project, NodeKind.MODEL));
        assertEquals(Set.of("analysis.listens_per_month", "analysis.number_of_users", "analysis.top_artists",
                "analysis.top_songs"), ids(project, NodeKind.ANALYSIS));
        Set<String> tests = ids(project, NodeKind.TEST);
        assertTrue(tests.containsAll(Set.of("test.assert_one_songplay_per_play", "test.assert_time_parts_match_start_time",
                "test.relationships_songplay_user_id__user", "test.not_null_event_staging_ts",
                "test.accepted_values_user_level", "test.unique_songplay_songplay_id")), tests.toString());
        assertEquals(29, tests.size(), tests.toString());
        assertEquals(Set.of("snapshot.user_history"), ids(project, NodeKind.SNAPSHOT));
        assertEquals(Map.of("unique_key", "user_id", "strategy", "check", "check_cols", List.of("level")),
                project.node("snapshot.user_history").config(), "read from its <@config .../>");
        assertEquals("view", project.node("model.nextsong_event").materialized());
        assertEquals(Set.of("staging"), project.node("model.nextsong_event").tags());
        assertEquals(18, project.node("source.sparkify.event_staging").source().columns().size());
        assertEquals(Map.of("duckdb", "${var('data_dir')}/song_data", "redshift", "${var('s3_song_data')}"),
                project.node("source.sparkify.song_staging").source().locations());
    }

    // ---- project.yml: vars, env, targets ---------------------------------------------------------------------

    @Test
    void varsFromProjectYmlAreOverriddenByTheVarsMap() {
        write(dir.resolve("project.yml"), """
                name: x
                vars:
                  data_dir: data/sample
                  max_errors: 0
                  ratio: 0.5
                  enabled: true
                  list: [a, b]
                """);

        Map<String, Object> overrides = new HashMap<>();
        overrides.put("data_dir", "/data");
        overrides.put("extra", 7L);
        Project project = ProjectLoader.load(dir, overrides, NO_ENV);

        Map<String, Object> vars = project.config().vars();
        assertEquals("/data", vars.get("data_dir"));
        assertEquals(0L, vars.get("max_errors"));
        assertEquals(0.5, vars.get("ratio"));
        assertEquals(true, vars.get("enabled"));
        assertEquals(List.of("a", "b"), vars.get("list"));
        assertEquals(7L, vars.get("extra"));

        Map<String, Object> plain = load(dir).config().vars();
        assertEquals("data/sample", plain.get("data_dir"));
        assertFalse(plain.containsKey("extra"));
    }

    @Test
    void envReferencesInProjectYmlUseTheEnvFunction() {
        write(dir.resolve("project.yml"), """
                name: x
                vars:
                  home: ${env.STARLING_TEST_HOME}
                  mem: "${env.STARLING_TEST_MEM:-4GB}"
                  empty_default: "[${env.STARLING_TEST_NONE:-}]"
                  both: ${env.STARLING_TEST_HOME}/${env.STARLING_TEST_MEM:-1GB}
                  nested: {path: "${env.STARLING_TEST_HOME}/x"}
                targets:
                  dev:
                    type: duckdb
                    path: ${env.STARLING_TEST_DB:-target/dev.duckdb}
                    schema: ${env.STARLING_TEST_SCHEMA}
                """);
        Map<String, String> env = Map.of("STARLING_TEST_HOME", "/home/me", "STARLING_TEST_SCHEMA", "analytics");

        Project project = ProjectLoader.load(dir, Map.of(), env::get);

        Map<String, Object> vars = project.config().vars();
        assertEquals("/home/me", vars.get("home"));
        assertEquals("4GB", vars.get("mem"));
        assertEquals("[]", vars.get("empty_default"));
        assertEquals("/home/me/1GB", vars.get("both"));
        assertEquals(Map.of("path", "/home/me/x"), vars.get("nested"));

        TargetConfig target = project.config().target(null);
        assertEquals("dev", target.name());
        assertEquals("target/dev.duckdb", target.setting("path"));
        assertEquals("analytics", target.setting("schema"));

        Map<String, String> withMem = Map.of("STARLING_TEST_HOME", "/h", "STARLING_TEST_MEM", "8GB",
                "STARLING_TEST_SCHEMA", "s");
        assertEquals("8GB", ProjectLoader.load(dir, Map.of(), withMem::get).config().vars().get("mem"),
                "a set variable wins over the default");
    }

    @Test
    void unsetEnvReferenceIsAnErrorAtItsLine() {
        write(dir.resolve("project.yml"), """
                name: x
                vars:
                  a: 1
                  password: ${env.STARLING_TEST_SECRET}
                """);

        StarlingException e = assertThrows(StarlingException.class,
                () -> ProjectLoader.load(dir, Map.of(), Map.of("OTHER", "1")::get));

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("project.yml:4: environment variable STARLING_TEST_SECRET is not set"),
                e.getMessage());
        assertTrue(e.getMessage().contains("${env.STARLING_TEST_SECRET:-default}"), e.getMessage());
    }

    @Test
    void targetEnvIsReadOnlyWhenThatTargetIsUsed() {
        write(dir.resolve("project.yml"), """
                name: x
                target: dev
                targets:
                  dev:
                    type: duckdb
                  prod:
                    type: redshift
                    password: ${env.STARLING_TEST_PASSWORD}
                """);

        Project project = load(dir);

        TargetConfig dev = project.config().target(null);
        assertEquals("dev", dev.name());
        assertEquals("duckdb", dev.type());
        assertEquals("main", dev.schema());
        // a connection setting is resolved when it is read (by a command that connects), not when the target is
        StarlingException e = assertThrows(StarlingException.class, () -> project.config().target("prod").setting("password"));
        assertTrue(e.getMessage().startsWith("project.yml:8: environment variable STARLING_TEST_PASSWORD"), e.getMessage());
        StarlingException unknown = assertThrows(StarlingException.class, () -> project.config().target("qa"));
        assertEquals(StarlingException.Code.USAGE, unknown.code());
    }

    @Test
    void withoutTargetsTheDefaultIsAnEmbeddedDuckDbFile() {
        write(dir.resolve("project.yml"), "name: x\n");

        TargetConfig target = load(dir).config().target(null);

        assertEquals("dev", target.name());
        assertEquals("duckdb", target.type());
        assertEquals("main", target.schema());
        assertEquals("target/x.duckdb", target.setting("path"));
    }

    @Test
    void missingProjectYmlIsAProjectError() {
        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().contains("no project.yml in"), e.getMessage());
    }

    @Test
    void projectYmlNeedsAName() {
        write(dir.resolve("project.yml"), "version: 1\n");

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("project.yml:1: missing 'name'"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), "select 1\n");
        write(dir.resolve("models/props.yml"), """
                version: 1
                models:
                  - name: m
                    description: this: breaks
                """);

        StarlingException e = assertThrows(StarlingException.class, () -> load(dir));
        assertTrue(e.getMessage().startsWith("models/props.yml:4: YAML syntax error"), e.getMessage());
    }
}
