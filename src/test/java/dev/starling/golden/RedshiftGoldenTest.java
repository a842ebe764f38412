package dev.starling.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.starling.Workspace;
import dev.starling.adapter.RelationType;
import dev.starling.execute.Materializations;
import dev.starling.execute.PlanContext;
import dev.starling.plan.BuildPlan;
import dev.starling.plan.NodePlan;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift SQL of every node of the Sparkify project, compared with the reviewed copies under
 * src/test/resources/golden/redshift: {@code compiled/} is what {@code starling compile --target prod} writes
 * (COPY statements for sources), {@code plans/} every step a build sends for a source or model that already
 * exists, as {@code run --dry-run} prints it without a connection (create under a temporary name with dist/sort,
 * drop, rename; late-binding views; an incremental source whose listing was skipped). Redshift is not
 * reachable here, so this is where COPY and the DDL are checked, by text. Regenerate after an intended change with
 * {@code mvn test -Dtest=RedshiftGoldenTest -Dgolden.update=true} and review the diff.
 */
class RedshiftGoldenTest {

    private static final Path GOLDEN = TestProjects.REPO.resolve("src/test/resources/golden/redshift");
    static final String INFRA_JSON = """
            {"cluster_identifier": "starling-sparkify", "region": "us-west-2",
             "host": "starling-sparkify.abc123xyz789.us-west-2.redshift.amazonaws.com", "port": 5439,
             "database": "sparkify", "user": "starling",
             "iam_role_arn": "arn:aws:iam::123456789012:role/starling-redshift-s3-read"}
            """;

    @TempDir
    Path dir;

    @Test
    void everyNodeAndBuildPlanMatchesItsGoldenFile() throws IOException {
        TestProjects.sparkify(dir);
        TestProjects.write(dir.resolve(".starling/infra.json"), INFRA_JSON);
        Map<String, String> env = Map.of("STARLING_REDSHIFT_PASSWORD", "not-used-by-compile");
        Cli.Result compile = Cli.run(dir, env, "compile", "--target", "prod");
        assertEquals(0, compile.status(), compile::toString);
        Map<String, String> actual = new TreeMap<>();
        files(dir.resolve("target/compiled"), dir.toString()).forEach((path, sql) -> actual.put("compiled/" + path, sql));
        Workspace.Options options = new Workspace.Options(dir, "prod", Map.of(), null, env::get);
        try (Workspace workspace = Workspace.open(options)) {
            String schema = workspace.target().schema();
            // every source and model exists (a table; a view for views), and no connection: what a dry run prints
            Map<String, RelationType> existing = new HashMap<>();
            for (String id : workspace.dag().topologicalOrder()) {
                CompiledNode node = workspace.dag().node(id);
                existing.put(node.node().name(), node.node().kind() == NodeKind.MODEL
                        && node.node().materialized().equals("view") ? RelationType.VIEW : RelationType.TABLE);
            }
            PlanContext context = new PlanContext(workspace.adapter(), schema, null, existing, false, true, line -> { });
            for (String id : workspace.dag().topologicalOrder()) {
                CompiledNode node = workspace.dag().node(id);
                NodeKind kind = node.node().kind();
                if (kind != NodeKind.SOURCE && kind != NodeKind.MODEL) {
                    continue;
                }
                NodePlan plan = Materializations.of(node).plan(context, node);
                actual.put("plans/" + node.node().displayName() + ".sql", String.join("\n", BuildPlan.steps(plan)) + "\n");
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        if (Boolean.getBoolean("golden.update")) {
            if (Files.exists(GOLDEN)) {
                try (Stream<Path> old = Files.walk(GOLDEN)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            actual.forEach((path, sql) -> TestProjects.write(GOLDEN.resolve(path), sql));
        }
        Map<String, String> expected = files(GOLDEN, null);
        assertEquals(expected.keySet(), actual.keySet(), "the same files");
        actual.forEach((path, sql) -> assertEquals(expected.get(path), sql, path));
    }

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
