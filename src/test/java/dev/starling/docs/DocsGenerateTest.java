package dev.starling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docs generate} through the CLI without a browser: what data.js holds, and the errors it reports. */
class DocsGenerateTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private Map<String, Object> data() {
        String script = TestProjects.read(dir.resolve("target/docs/data.js"));
        assertTrue(script.startsWith("window.STARLING_DOCS = {") && script.endsWith("};\n"));
        return (Map<String, Object>) DocsSite.readJsonText(script.substring("window.STARLING_DOCS = ".length(), script.length() - 2));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> data, String id) {
        return ((List<Map<String, Object>>) data.get("nodes")).stream().filter(n -> id.equals(n.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id));
    }

    @Test
    @SuppressWarnings("unchecked")
    void beforeABuildColumnsComeFromYamlAndNothingIsCreatedButTheSite() {
        TestProjects.sparkify(dir);
        Cli.Result docs = Cli.run(dir, "docs", "generate");
        assertEquals(0, docs.status(), docs::toString);
        assertTrue(docs.out().contains("columns: YAML (the database target/sparkify.duckdb does not exist yet: run 'starling build')"), docs::toString);
        assertTrue(docs.out().contains("no target/run_results.json: test status unknown"), docs::toString);
        assertFalse(Files.exists(dir.resolve("target/sparkify.duckdb")), "a command that only looks creates no database");
        for (String file : List.of("index.html", "app.js", "style.css", "data.js")) {
            assertTrue(Files.isRegularFile(dir.resolve("target/docs").resolve(file)), file);
        }
        String html = TestProjects.read(dir.resolve("target/docs/index.html"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("//cdn"), "no remote asset: " + html);

        Map<String, Object> data = data();
        assertEquals(List.of("source", "seed", "model", "snapshot", "test", "analysis"), data.get("kinds"));
        Map<String, Object> songplay = node(data, "model.songplay");
        assertTrue(String.valueOf(songplay.get("description")).startsWith("<p>Fact table, <strong>one row per song play</strong>"),
                songplay::toString);
        assertEquals("incremental", songplay.get("materialized"));
        assertEquals("models/marts", songplay.get("folder"));
        assertEquals(List.of("source.sparkify.song_staging", "model.nextsong_event"), songplay.get("depends_on"));
        List<Map<String, Object>> columns = (List<Map<String, Object>>) node(data, "source.sparkify.event_staging").get("columns");
        assertEquals(Map.of("name", "ts", "type", "bigint", "type_from", "yaml", "description", "<p>Event time, epoch milliseconds</p>"),
                columns.stream().filter(c -> c.get("name").equals("ts")).findFirst().orElseThrow());
        Map<String, Object> test = node(data, "test.not_null_songplay_songplay_id");
        assertEquals("model.songplay", test.get("tests_node"));
        assertEquals("songplay_id", test.get("column"));
        assertFalse(test.containsKey("status"), "never run: no status");
        assertEquals(null, node(data, "model.time").get("column_lineage"), "traced");
        assertTrue(node(data, "model.time").get("column_sources").toString()
                .contains("{column=hour, direct=false, from=[[model.nextsong_event, start_time]]}"), node(data, "model.time")::toString);
    }

    @Test
    void serveBeforeGenerateSaysWhatToRun() {
        TestProjects.empty(dir, "shop");
        TestProjects.write(dir.resolve("models/orders.sql"), "select 1 as id\n"); // an empty project is an error
        Cli.Result serve = Cli.run(dir, "docs", "serve", "--port", "0");
        assertEquals(2, serve.status(), serve::toString);
        assertTrue(serve.err().contains("no site in " + dir.toAbsolutePath().normalize().resolve("target/docs")
                + ": run 'starling docs generate' first"), serve::toString);
    }

    @Test
    void anUnknownDocsBlockIsAProjectErrorWithTheFile() {
        TestProjects.sparkify(dir);
        TestProjects.write(dir.resolve("models/marts/docs.md"), "{% docs songplays %}\nOther text\n{% enddocs %}\n");
        Cli.Result docs = Cli.run(dir, "docs", "generate");
        assertEquals(2, docs.status(), docs::toString);
        assertTrue(docs.err().contains("models/marts/schema.yml: the description of model songplay uses doc('songplay'),"
                + " but no .md file has a {% docs songplay %} block. Did you mean 'songplays'?"), docs::toString);
    }

    @Test
    void docsBlocksAreReadFromMdFilesAndAnUnclosedOneIsAnError() {
        TestProjects.empty(dir, "shop");
        TestProjects.write(dir.resolve("models/orders.sql"), "select 1 as id");
        TestProjects.write(dir.resolve("models/orders.md"), "Anything outside blocks is ignored.\n\n"
                + "{% docs orders %}\nOne row per **order**.\n\n<script>alert(1)</script>\n{% enddocs %}\n"
                + "{% docs order_id %}The key.{% enddocs %}\n");
        TestProjects.write(dir.resolve("models/schema.yml"), "models:\n  - name: orders\n    description: '{{ doc(\"orders\") }}'\n"
                + "    columns:\n      - name: id\n        description: 'doc(\"order_id\") Never null.'\n");
        Cli.Result docs = Cli.run(dir, "docs", "generate");
        assertEquals(0, docs.status(), docs::toString);
        Map<String, Object> orders = node(data(), "model.orders");
        assertEquals("<p>One row per <strong>order</strong>.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", orders.get("description"),
                "Markdown rendered, HTML escaped");
        assertTrue(orders.get("columns").toString().contains("description=<p>The key. Never null.</p>"), orders::toString);

        // a query that is not traced says why, on the page
        TestProjects.write(dir.resolve("models/both.sql"), "select id from ${ref('orders')} union all select 2");
        assertEquals(0, Cli.run(dir, "docs", "generate").status());
        assertEquals("the query combines selects with union", node(data(), "model.both").get("column_lineage"));

        TestProjects.write(dir.resolve("models/more.md"), "\n\n{% docs broken %}\nno end\n");
        Cli.Result broken = Cli.run(dir, "docs", "generate");
        assertEquals(2, broken.status(), broken::toString);
        assertTrue(broken.err().contains("models/more.md:3: a docs block opened here has no {% enddocs %}"), broken::toString);

        TestProjects.write(dir.resolve("models/more.md"), "{% docs orders %}\nagain\n{% enddocs %}\n");
        Cli.Result twice = Cli.run(dir, "docs", "generate");
        assertEquals(2, twice.status(), twice::toString);
        assertTrue(twice.err().contains("models/orders.md:3: docs block 'orders' is defined twice (also in models/more.md:1)"),
                twice::toString);
    }
}
