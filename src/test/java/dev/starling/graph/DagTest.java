package dev.starling.graph;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.Workspace;
import dev.starling.project.Node;
import dev.starling.render.CompiledNode;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagTest {

    @TempDir
    Path dir;

    /** A node {@code name} (file models/name.sql) that reads {@code parents}. */
    private static CompiledNode node(String name, String... parents) {
        Set<String> dependsOn = new LinkedHashSet<>();
        for (String parent : parents) {
            dependsOn.add("analysis." + parent);
        }
        return new CompiledNode(Node.adHoc(name, Path.of("models/" + name + ".sql"), "select 1"), "select 1", null,
                dependsOn, null, null);
    }

    private static String id(String name) {
        return "analysis." + name;
    }

    /** Every edge parent -> child of the dag goes forwards in the order. */
    private static void assertTopological(Dag dag, List<String> order) {
        assertEquals(dag.nodes().size(), order.size(), order.toString());
        assertEquals(dag.nodes().size(), new LinkedHashSet<>(order).size(), "no duplicates: " + order);
        for (CompiledNode node : dag.nodes()) {
            for (String parent : dag.parents(node.id())) {
                assertTrue(order.indexOf(parent) < order.indexOf(node.id()),
                        parent + " must come before " + node.id() + " in " + order);
            }
        }
    }

    private Workspace open(Path projectDir) {
        return Workspace.open(new Workspace.Options(projectDir, null, Map.of(), null, name -> null));
    }

    // ---- order and navigation --------------------------------------------------------------------------------

    @Test
    void topologicalOrderPutsParentsFirst() {
        // given in an order where children come before their parents
        Dag dag = Dag.of(List.of(
                node("report", "fact", "dim"),
                node("fact", "stage", "dim"),
                node("dim", "stage"),
                node("stage", "raw"),
                node("raw"),
                node("lonely")));

        List<String> order = dag.topologicalOrder();

        assertEquals(Set.of(id("report"), id("fact"), id("dim"), id("stage"), id("raw"), id("lonely")), Set.copyOf(order));
        assertTopological(dag, order);
        assertTrue(order.indexOf(id("raw")) < order.indexOf(id("stage")));
        assertTrue(order.indexOf(id("stage")) < order.indexOf(id("dim")));
        assertTrue(order.indexOf(id("dim")) < order.indexOf(id("fact")));
        assertTrue(order.indexOf(id("fact")) < order.indexOf(id("report")));
    }

    @Test
    void parentsChildrenAncestorsDescendants() {
        Dag dag = Dag.of(List.of(
                node("raw"),
                node("stage", "raw"),
                node("dim", "stage"),
                node("fact", "stage", "dim"),
                node("report", "fact")));

        assertEquals(Set.of(id("stage"), id("dim")), dag.parents(id("fact")));
        assertEquals(Set.of(id("dim"), id("fact")), dag.children(id("stage")));
        assertEquals(Set.of(id("raw"), id("stage"), id("dim")), dag.ancestors(id("fact")));
        assertEquals(Set.of(id("stage"), id("dim"), id("fact"), id("report")), dag.descendants(id("raw")));
        assertEquals(Set.of(), dag.parents(id("raw")));
        assertEquals(Set.of(), dag.descendants(id("report")));
        assertTrue(dag.contains(id("dim")));
        assertFalse(dag.contains(id("nope")));
        assertEquals("dim", dag.node(id("dim")).node().name());
    }

    @Test
    void dependenciesOutsideTheGraphAreIgnored() {
        Dag dag = Dag.of(List.of(node("a", "not_compiled"), node("b", "a")));

        assertEquals(Set.of(), dag.parents(id("a")));
        assertEquals(List.of(id("a"), id("b")), dag.topologicalOrder());
    }

    // ---- cycles ----------------------------------------------------------------------------------------------

    @Test
    void twoNodeCycleIsReportedWithItsPath() {
        StarlingException e = assertThrows(StarlingException.class,
                () -> Dag.of(List.of(node("a", "b"), node("b", "a"))));

        assertEquals(StarlingException.Code.PROJECT, e.code());
        assertTrue(e.getMessage().startsWith("models/a.sql: dependency cycle: a -> b -> a."), e.getMessage());
        assertTrue(e.getMessage().contains("remove one of these ref() calls"), e.getMessage());
    }

    @Test
    void threeNodeCycleIsReportedInTheDirectionDataFlows() {
        // b reads a, c reads b, a reads c: data flows a -> b -> c -> a
        List<CompiledNode> nodes = List.of(node("ok"), node("a", "c", "ok"), node("b", "a"), node("c", "b"),
                node("after", "c"));

        StarlingException e = assertThrows(StarlingException.class, () -> Dag.of(nodes));

        String message = e.getMessage();
        List<String> rotations = List.of("a -> b -> c -> a", "b -> c -> a -> b", "c -> a -> b -> c");
        assertTrue(rotations.stream().anyMatch(message::contains), message);
        assertFalse(message.contains("ok") || message.contains("after"), "only the cycle's nodes: " + message);
    }

    @Test
    void selfLoopIsACycle() {
        StarlingException e = assertThrows(StarlingException.class, () -> Dag.of(List.of(node("a", "a"))));

        assertTrue(e.getMessage().contains("dependency cycle: a -> a"), e.getMessage());
    }

    @Test
    void cycleBehindAnAcyclicPartIsFound() {
        StarlingException e = assertThrows(StarlingException.class, () -> Dag.of(List.of(
                node("root"), node("x", "root"), node("y", "x", "z"), node("z", "y"))));

        assertTrue(e.getMessage().contains("y -> z -> y") || e.getMessage().contains("z -> y -> z"), e.getMessage());
    }

    @Test
    void diamondIsNotACycle() {
        Dag dag = Dag.of(List.of(node("top"), node("left", "top"), node("right", "top"), node("bottom", "left", "right")));

        assertTopological(dag, dag.topologicalOrder());
        assertEquals(Set.of(id("top"), id("left"), id("right")), dag.ancestors(id("bottom")));
    }

    @Test
    void cycleThroughRefsInAProject() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/a.sql"), "select * from ${ref('b')}\n");
        write(dir.resolve("models/b.sql"), "select * from ${ref('a')}\n");

        try (Workspace workspace = open(dir)) {
            StarlingException e = assertThrows(StarlingException.class, workspace::dag);
            assertTrue(e.getMessage().startsWith("models/a.sql:1: dependency cycle: a -> b -> a."), e.getMessage());
        }
    }

    // ---- build graph: tests gate children --------------------------------------------------------------------

    @Test
    void testsGateTheChildrenOfWhatTheyTest() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/parent.sql"), "select 1 as id\n");
        write(dir.resolve("models/child.sql"), "select * from ${ref('parent')}\n");
        write(dir.resolve("models/grandchild.sql"), "select * from ${ref('child')}\n");
        write(dir.resolve("models/props.yml"), """
                models:
                  - name: parent
                    columns:
                      - name: id
                        tests: [unique, not_null]
                  - name: child
                    columns:
                      - name: id
                        tests: [not_null]
                """);

        try (Workspace workspace = open(dir)) {
            Dag dag = workspace.dag();
            Dag gated = dag.withTestsGatingChildren();

            assertNotSame(dag, gated);
            assertEquals(Set.of("model.parent"), dag.parents("model.child"), "the plain graph is unchanged");
            assertEquals(Set.of("model.parent", "test.unique_parent_id", "test.not_null_parent_id"),
                    gated.parents("model.child"));
            assertEquals(Set.of("model.child", "test.not_null_child_id"), gated.parents("model.grandchild"));
            assertEquals(Set.of("model.child"), gated.parents("test.not_null_child_id"));
            assertTrue(gated.descendants("test.unique_parent_id").contains("model.grandchild"));
            assertEquals(Set.of(), gated.children("test.not_null_child_id").stream()
                    .filter(id -> id.startsWith("test.")).collect(java.util.stream.Collectors.toSet()),
                    "a test never gates another test");
            assertTopological(gated, gated.topologicalOrder());
        }
    }

    @Test
    void aTestGatesOnlyTheChildrenOfTheNodeItIsAttachedTo() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/events.sql"), "select 1 as user_id\n");
        write(dir.resolve("models/plays.sql"), "select * from ${ref('events')}\n");
        write(dir.resolve("models/users.sql"), "select * from ${ref('events')}\n");
        write(dir.resolve("models/report.sql"), "select * from ${ref('users')}\n");
        write(dir.resolve("tests/one_play_per_event.sql"),
                "select * from ${ref('events')} e left join ${ref('plays')} p using (user_id) where p.user_id is null\n");
        write(dir.resolve("tests/events_not_empty.sql"), "select 1 where not exists (select 1 from ${ref('events')})\n");
        write(dir.resolve("models/props.yml"), """
                models:
                  - name: plays
                    columns:
                      - name: user_id
                        tests:
                          - relationships: {to: "ref('users')", field: user_id}
                """);

        try (Workspace workspace = open(dir)) {
            Dag gated = workspace.dag().withTestsGatingChildren();

            // a singular test of one model gates that model's children
            assertEquals(Set.of("model.events", "test.events_not_empty"), gated.parents("model.users"));
            // a singular test over two models, and a relationships test declared on plays, do not hold back
            // users' branch: users and report can run while plays is built and tested
            assertEquals(Set.of("model.users"), gated.parents("model.report"));
            assertFalse(gated.ancestors("model.users").contains("model.plays"));
            assertTopological(gated, gated.topologicalOrder());
        }
    }

    @Test
    void gatingSkipsEdgesThatWouldCloseACycle() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/user.sql"), "select 1 as user_id\n");
        write(dir.resolve("models/play.sql"), "select * from ${ref('user')}\n");
        write(dir.resolve("models/report.sql"), "select * from ${ref('play')}\n");
        write(dir.resolve("models/props.yml"), """
                models:
                  - name: play
                    columns:
                      - name: user_id
                        tests:
                          - relationships: {to: "ref('user')", field: user_id}
                """);

        try (Workspace workspace = open(dir)) {
            Dag dag = workspace.dag();
            String test = "test.relationships_play_user_id__user";
            assertEquals(Set.of("model.play", "model.user"), dag.parents(test));

            Dag gated = dag.withTestsGatingChildren();

            // user -> play is a real edge; the test reads play, so test -> play would be a cycle: left out
            assertFalse(gated.parents("model.play").contains(test), gated.parents("model.play").toString());
            assertEquals(Set.of("model.user"), gated.parents("model.play"));
            // play's own child is still gated by the test
            assertEquals(Set.of("model.play", test), gated.parents("model.report"));
            assertTopological(gated, gated.topologicalOrder());
        }
    }

    @Test
    void sparkifyBuildGraphIsAcyclicAndOrdered(@TempDir Path copy) {
        TestProjects.sparkify(copy);
        try (Workspace workspace = open(copy)) {
            Dag dag = workspace.dag();
            List<String> order = dag.topologicalOrder();
            assertTopological(dag, order);
            assertTrue(order.indexOf("source.sparkify.event_staging") < order.indexOf("model.nextsong_event"));
            assertTrue(order.indexOf("model.nextsong_event") < order.indexOf("model.songplay"));
            assertTrue(order.indexOf("model.nextsong_event") < order.indexOf("model.time"));
            assertTrue(order.indexOf("model.time") < order.indexOf("analysis.listens_per_month"));

            Dag gated = dag.withTestsGatingChildren();
            List<String> gatedOrder = new ArrayList<>(gated.topologicalOrder());
            assertTopological(gated, gatedOrder);
            // nextsong_event's tests run before time, which reads nextsong_event...
            assertTrue(gated.parents("model.time").contains("test.not_null_nextsong_event_start_time"));
            // ...except the relationships test to time itself, which reads time
            assertFalse(gated.parents("model.time").contains("test.relationships_songplay_start_time__time"));
            // nextsong_event's test gates songplay; user_latest_event's tests gate user
            assertTrue(gated.parents("model.songplay").contains("test.not_null_nextsong_event_start_time"));
            assertTrue(gated.parents("model.user").contains("test.unique_user_latest_event_user_id"));
        }
    }
}
