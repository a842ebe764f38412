package dev.starling.graph;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.Workspace;
import dev.starling.support.Cli;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorTest {

    private static final String EVENTS = "source.sparkify.events";
    private static final String SONGS = "source.sparkify.songs";
    private static final String STG_EVENTS = "model.stg_events";
    private static final String STG_SONGS = "model.stg_songs";
    private static final String DIM_SONG = "model.dim_song";
    private static final String DIM_USER = "model.dim_user";
    private static final String FCT_PLAY = "model.fct_play";
    private static final String REPORT = "analysis.report";
    private static final String T_EVENTS = "test.not_null_events_user_id";
    private static final String T_DIM_SONG = "test.not_null_dim_song_id";
    private static final String T_DIM_USER = "test.unique_dim_user_user_id";
    private static final String T_REL = "test.relationships_fct_play_user_id__dim_user";
    private static final String T_PLAY = "test.assert_play";

    @TempDir
    Path dir;

    private Workspace workspace;

    /**
     * sources sparkify.events, sparkify.songs -> stg_events, stg_songs (models/staging) -> dim_user, dim_song
     * (models/dims, tag dim) -> fct_play (models/facts, tag fact) -> analysis report; tests on each.
     */
    @BeforeEach
    void project() {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/staging/sources.yml"), """
                sources:
                  - name: sparkify
                    tables:
                      - name: events
                        location: data/events
                        columns:
                          - name: user_id
                            type: varchar
                            tests: [not_null]
                      - name: songs
                        location: data/songs
                        columns: [{name: song_id, type: varchar}]
                """);
        write(dir.resolve("models/staging/stg_events.sql"), "select * from ${source('sparkify', 'events')}\n");
        write(dir.resolve("models/staging/stg_songs.sql"), "select * from ${source('sparkify', 'songs')}\n");
        write(dir.resolve("models/dims/dim_song.sql"), "select * from ${ref('stg_songs')}\n");
        write(dir.resolve("models/dims/dim_user.sql"), "select * from ${ref('stg_events')}\n");
        write(dir.resolve("models/facts/fct_play.sql"),
                "select * from ${ref('stg_events')}, ${ref('dim_song')}, ${ref('dim_user')}\n");
        write(dir.resolve("models/properties.yml"), """
                models:
                  - name: stg_events
                    tags: [staging]
                  - name: dim_song
                    tags: [dim]
                    columns:
                      - name: id
                        tests: [not_null]
                  - name: dim_user
                    tags: [dim]
                    columns:
                      - name: user_id
                        tests: [unique]
                  - name: fct_play
                    tags: [fact]
                    columns:
                      - name: user_id
                        tests:
                          - relationships: {to: "ref('dim_user')", field: user_id}
                """);
        write(dir.resolve("tests/assert_play.sql"), "select * from ${ref('fct_play')} where false\n");
        write(dir.resolve("analyses/report.sql"), "select count(*) from ${ref('fct_play')}\n");
        workspace = Workspace.open(new Workspace.Options(dir, null, Map.of(), null, name -> null));
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private List<String> select(List<String> select, List<String> exclude) {
        List<String> selected = workspace.select(new Workspace.Selection(select, exclude));
        assertEquals(selected.size(), new HashSet<>(selected).size(), "no duplicates: " + selected);
        assertInDependencyOrder(selected);
        return selected;
    }

    private Set<String> select(String... selectors) {
        return Set.copyOf(select(List.of(selectors), List.of()));
    }

    private void assertInDependencyOrder(List<String> selected) {
        Dag dag = workspace.dag();
        for (int i = 0; i < selected.size(); i++) {
            for (int j = i + 1; j < selected.size(); j++) {
                assertFalse(dag.ancestors(selected.get(i)).contains(selected.get(j)),
                        selected.get(j) + " is upstream of " + selected.get(i) + " but comes after it: " + selected);
            }
        }
    }

    private StarlingException selectFails(String selector) {
        return assertThrows(StarlingException.class,
                () -> workspace.select(new Workspace.Selection(List.of(selector), List.of())));
    }

    @Test
    void noSelectorSelectsEverything() {
        Set<String> all = Set.copyOf(select(List.of(), List.of()));

        assertEquals(Set.of(EVENTS, SONGS, STG_EVENTS, STG_SONGS, DIM_SONG, DIM_USER, FCT_PLAY, REPORT,
                T_EVENTS, T_DIM_SONG, T_DIM_USER, T_REL, T_PLAY), all);
    }

    @Test
    void nameSelectsTheNodeAndTheTestsThatReadIt() {
        assertEquals(Set.of(DIM_SONG, T_DIM_SONG), select("dim_song"));
        assertEquals(Set.of(STG_SONGS), select("stg_songs"));
        assertEquals(Set.of(FCT_PLAY, T_REL, T_PLAY), select("fct_play"));
    }

    @Test
    void aTestIsSelectedWhenAnyNodeItReadsIsSelected() {
        // the relationships test is defined on fct_play but also reads dim_user
        assertEquals(Set.of(DIM_USER, T_DIM_USER, T_REL), select("dim_user"));
    }

    @Test
    void testsAndAnalysesCanBeSelectedByName() {
        assertEquals(Set.of(T_DIM_SONG), select("not_null_dim_song_id"));
        assertEquals(Set.of(REPORT), select("report"));
    }

    @Test
    void plusBeforeAddsAncestors() {
        assertEquals(Set.of(SONGS, STG_SONGS, DIM_SONG, T_DIM_SONG), select("+dim_song"));
        assertEquals(Set.of(EVENTS, SONGS, STG_EVENTS, STG_SONGS, DIM_SONG, DIM_USER, FCT_PLAY,
                T_EVENTS, T_DIM_SONG, T_DIM_USER, T_REL, T_PLAY), select("+fct_play"));
    }

    @Test
    void plusAfterAddsDescendants() {
        assertEquals(Set.of(STG_EVENTS, DIM_USER, FCT_PLAY, REPORT, T_DIM_USER, T_REL, T_PLAY), select("stg_events+"));
        assertEquals(Set.of(FCT_PLAY, REPORT, T_REL, T_PLAY), select("fct_play+"));
    }

    @Test
    void plusOnBothSidesAddsBoth() {
        assertEquals(Set.of(EVENTS, STG_EVENTS, DIM_USER, FCT_PLAY, REPORT, T_EVENTS, T_DIM_USER, T_REL, T_PLAY),
                select("+dim_user+"));
    }

    @Test
    void tagSelectsTaggedNodes() {
        assertEquals(Set.of(DIM_SONG, DIM_USER, T_DIM_SONG, T_DIM_USER, T_REL), select("tag:dim"));
        assertEquals(Set.of(STG_EVENTS), select("tag:staging"));
        assertEquals(Set.of(FCT_PLAY, T_REL, T_PLAY), select("tag:fact"));
    }

    @Test
    void pathSelectsEverythingUnderAFolderOrOneFile() {
        Set<String> dims = Set.of(DIM_SONG, DIM_USER, T_DIM_SONG, T_DIM_USER, T_REL);
        assertEquals(dims, select("path:models/dims"));
        assertEquals(dims, select("path:models/dims/"));
        assertEquals(Set.of(DIM_SONG, T_DIM_SONG), select("path:models/dims/dim_song.sql"));
        assertEquals(Set.of(T_PLAY), select("path:tests"));
        // sources (and tests) declared in YAML live at the YAML file's path
        assertEquals(Set.of(EVENTS, SONGS, STG_EVENTS, STG_SONGS, T_EVENTS), select("path:models/staging"));
    }

    @Test
    void pathIsAFolderPrefixNotAStringPrefix() {
        StarlingException e = selectFails("path:models/dim");
        assertEquals(StarlingException.Code.USAGE, e.code());
    }

    @Test
    void sourceSelectsASourceGroupOrOneTable() {
        assertEquals(Set.of(EVENTS, SONGS, T_EVENTS), select("source:sparkify"));
        assertEquals(Set.of(EVENTS, T_EVENTS), select("source:sparkify.events"));
        assertEquals(Set.of(SONGS), select("sparkify.songs"));
        assertEquals(Set.of(EVENTS, SONGS, STG_EVENTS, STG_SONGS, T_EVENTS), select("source:sparkify+,tag:staging",
                "source:sparkify", "stg_songs"));
    }

    @Test
    void sourceTableNameAloneDoesNotSelectTheSource() {
        // a source is named by its group and table (sparkify.songs); the bare table name is no node's name
        assertEquals(StarlingException.Code.USAGE, selectFails("songs").code());
    }

    @Test
    void wildcardsMatchNames() {
        assertEquals(Set.of(STG_EVENTS, STG_SONGS), select("stg_*"));
        assertEquals(Set.of(DIM_SONG, DIM_USER, T_DIM_SONG, T_DIM_USER, T_REL), select("dim_????"));
        assertEquals(Set.of(EVENTS, SONGS, T_EVENTS), select("source:spark*"));
    }

    @Test
    void spaceSeparatedSelectorsAreAUnion() {
        Set<String> expected = Set.of(DIM_SONG, DIM_USER, T_DIM_SONG, T_DIM_USER, T_REL);
        assertEquals(expected, select("dim_song dim_user"));
        assertEquals(expected, select("dim_song", "dim_user"));
        assertEquals(expected, select("  dim_song   dim_user  "));
    }

    @Test
    void commaSeparatedSelectorsAreAnIntersection() {
        assertEquals(Set.of(DIM_SONG, T_DIM_SONG), select("tag:dim,path:models/dims/dim_song.sql"));
        assertEquals(Set.of(DIM_SONG, DIM_USER, T_DIM_SONG, T_DIM_USER, T_REL), select("+fct_play,tag:dim"));
        assertEquals(Set.of(STG_EVENTS, STG_SONGS), select("stg_*,path:models/staging"));
    }

    @Test
    void emptyIntersectionSelectsNothing() {
        assertEquals(Set.of(), select("tag:dim,tag:fact"));
    }

    @Test
    void excludeRemovesNodesAndTheirTests() {
        List<String> all = select(List.of(), List.of("dim_user"));
        assertEquals(Set.of(EVENTS, SONGS, STG_EVENTS, STG_SONGS, DIM_SONG, FCT_PLAY, REPORT,
                T_EVENTS, T_DIM_SONG, T_PLAY), Set.copyOf(all));

        assertEquals(Set.of(STG_EVENTS, STG_SONGS, DIM_SONG, DIM_USER, FCT_PLAY, T_DIM_SONG, T_DIM_USER, T_REL, T_PLAY),
                Set.copyOf(select(List.of("+fct_play"), List.of("source:sparkify"))));
        // the relationships test reads dim_user too, so it goes with it
        assertEquals(Set.of(FCT_PLAY, T_PLAY),
                Set.copyOf(select(List.of("tag:fact", "tag:dim"), List.of("path:models/dims"))));
    }

    @Test
    void excludeOfEverythingLeavesNothing() {
        assertEquals(List.of(), select(List.of("tag:dim"), List.of("path:models")));
    }

    @Test
    void selectionIsInDependencyOrder() {
        List<String> selected = select(List.of("+fct_play+"), List.of());

        List<String> models = selected.stream().filter(id -> id.startsWith("model.")).toList();
        assertTrue(models.indexOf(STG_EVENTS) < models.indexOf(DIM_USER), selected.toString());
        assertTrue(models.indexOf(STG_SONGS) < models.indexOf(DIM_SONG), selected.toString());
        assertTrue(models.indexOf(DIM_USER) < models.indexOf(FCT_PLAY), selected.toString());
        assertTrue(models.indexOf(DIM_SONG) < models.indexOf(FCT_PLAY), selected.toString());
        assertTrue(selected.indexOf(FCT_PLAY) < selected.indexOf(REPORT), selected.toString());
        assertTrue(selected.indexOf(EVENTS) < selected.indexOf(STG_EVENTS), selected.toString());
        assertEquals(new LinkedHashSet<>(selected).size(), selected.size());
    }

    @Test
    void unknownNameIsAUsageErrorWithASuggestion() {
        StarlingException e = selectFails("dim_sng");

        assertEquals(StarlingException.Code.USAGE, e.code());
        assertTrue(e.getMessage().startsWith("selector 'dim_sng' matches no node."), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean 'dim_song'?"), e.getMessage());
    }

    @Test
    void unknownNameWithPlusSuggestsTheBareName() {
        StarlingException e = selectFails("+fct_ply+");

        assertEquals(StarlingException.Code.USAGE, e.code());
        assertTrue(e.getMessage().contains("Did you mean 'fct_play'?"), e.getMessage());
    }

    @Test
    void unknownPartOfAnIntersectionIsAnError() {
        StarlingException e = selectFails("tag:dim,dim_usr");

        assertEquals(StarlingException.Code.USAGE, e.code());
        assertTrue(e.getMessage().contains("Did you mean 'dim_user'?"), e.getMessage());
    }

    @Test
    void unknownExcludeIsAnError() {
        StarlingException e = assertThrows(StarlingException.class,
                () -> workspace.select(new Workspace.Selection(List.of(), List.of("fct_plya"))));
        assertEquals(StarlingException.Code.USAGE, e.code());
        assertTrue(e.getMessage().contains("Did you mean 'fct_play'?"), e.getMessage());
    }

    @Test
    void unknownMethodIsAUsageError() {
        StarlingException e = selectFails("colour:red");

        assertEquals(StarlingException.Code.USAGE, e.code());
        assertTrue(e.getMessage().contains("unknown selector method 'colour:'"), e.getMessage());
    }

    @Test
    void unknownSelectorThroughTheCliExitsTwo() {
        Cli.Result result = Cli.run(dir, "ls", "--select", "dim_sng");

        assertEquals(2, result.status(), result.toString());
        assertTrue(result.err().contains("Did you mean 'dim_song'?"), result.toString());
    }

    @Test
    void cliSelectAndExclude() {
        Cli.Result result = Cli.run(dir, "ls", "--select", "tag:dim", "--exclude", "dim_user");

        assertEquals(0, result.status(), result.toString());
        assertTrue(result.out().contains("dim_song"), result.toString());
        assertTrue(result.out().contains("not_null_dim_song_id"), result.toString());
        assertFalse(result.out().contains("dim_user"), result.toString());
        assertFalse(result.out().contains("fct_play"), result.toString());
    }
}
