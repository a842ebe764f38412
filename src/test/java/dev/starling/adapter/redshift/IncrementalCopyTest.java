package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.SourceFile;
import dev.starling.execute.NodeResult;
import dev.starling.execute.RunListener;
import dev.starling.execute.RunResults;
import dev.starling.execute.Runner;
import dev.starling.graph.Dag;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import dev.starling.support.PostgresServer;
import dev.starling.support.S3Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental source on Redshift: the location is listed in S3 (a real S3-compatible server, s3proxy), the
 * load state kept in {@code starling_loaded_files}, and only new files are COPYed, one COPY each. The statements
 * run for real on PostgreSQL through the Redshift driver, except COPY FROM S3, which PostgreSQL cannot run: each
 * COPY is recorded as sent, then done by the test with an INSERT of the records the object holds under the key
 * prefix COPY reads.
 */
class IncrementalCopyTest {

    @TempDir
    static Path serverDir;
    static S3Server s3;

    private final PostgresServer pg = PostgresServer.shared();

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start(serverDir.resolve("blobs"));
        s3.createBucket("logs");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private static final Pattern COPY = Pattern.compile("(?s)copy (\\S+) \\(([^)]*)\\)\\nfrom '([^']*)'.*");
    private static final Pattern ID = Pattern.compile("\"id\":\\s*(\\d+)");
    private static final Pattern MANIFEST_URL = Pattern.compile("\"url\": \"s3://logs/([^\"]+)\", \"mandatory\": true");

    /** The Redshift adapter, with each COPY recorded and replaced by an INSERT of what it would read. */
    private static final class CopiesRecorded extends DelegatingAdapter {
        private final List<String> copies;

        CopiesRecorded(Adapter redshift, List<String> copies) {
            super(redshift);
            this.copies = copies;
        }

        @Override
        List<String> rewrite(List<String> statements) {
            List<String> out = new ArrayList<>();
            for (String sql : statements) {
                Matcher copy = COPY.matcher(sql);
                if (!copy.matches()) {
                    out.add(sql);
                    continue;
                }
                copies.add(sql);
                List<String> keys = new ArrayList<>();
                if (sql.endsWith("\nmanifest")) {
                    // COPY ... MANIFEST reads exactly the objects the manifest lists; a missing mandatory one fails it
                    String[] manifest = copy.group(3).substring("s3://".length()).split("/", 2);
                    String text = s3.client().getObjectAsBytes(b -> b.bucket(manifest[0]).key(manifest[1])).asUtf8String();
                    Matcher url = MANIFEST_URL.matcher(text);
                    while (url.find()) {
                        String key = url.group(1);
                        if (s3.client().listObjectsV2(b -> b.bucket("logs").prefix(key)).contents().stream()
                                .noneMatch(o -> o.key().equals(key))) {
                            throw new IllegalStateException("COPY: the manifest's mandatory s3://logs/" + key
                                    + " does not exist");
                        }
                        keys.add(key);
                    }
                    if (keys.isEmpty() || !text.contains("\"entries\"")) {
                        throw new IllegalStateException("COPY: a manifest lists its objects under entries: " + text);
                    }
                } else {
                    String from = copy.group(3).substring("s3://logs/".length());
                    s3.client().listObjectsV2Paginator(b -> b.bucket("logs").prefix(from)).contents()
                            .forEach(object -> keys.add(object.key()));
                }
                List<String> values = new ArrayList<>();
                boolean gzip = sql.contains("\ngzip");
                keys.forEach(key -> {
                    byte[] bytes = s3.client().getObjectAsBytes(b -> b.bucket("logs").key(key)).asByteArray();
                    Matcher id = ID.matcher(gzip ? gunzip(bytes) : new String(bytes, StandardCharsets.UTF_8));
                    if (!id.find()) {
                        throw new IllegalStateException("this COPY would read " + key + ", which is not a record");
                    }
                    do {
                        values.add("(" + id.group(1) + ")");
                    } while (id.find());
                });
                out.add(values.isEmpty() ? "select 1" : "insert into " + copy.group(1) + " (" + copy.group(2)
                        + ") values " + String.join(", ", values));
            }
            return out;
        }
    }

    /** What COPY's GZIP does: the object decompressed (a plain object is no gzip, and fails the COPY). */
    private static String gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("this COPY with GZIP would read an object that is not gzip", e);
        }
    }

    private Adapter adapter(String schema, List<String> copies) {
        return adapter(schema, copies, Map.of());
    }

    private Adapter adapter(String schema, List<String> copies, Map<String, Object> extra) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "s3_endpoint", s3.endpoint().toString(), "s3_path_style", true, "s3_region", "us-east-1",
                "s3_access_key_id", S3Server.ACCESS_KEY, "s3_secret_access_key", S3Server.SECRET_KEY,
                "s3_cache_dir", serverDir.resolve("cache").toString()));
        settings.putAll(extra);
        return new CopiesRecorded(AdapterProvider.forTarget(RedshiftOnPostgresTest.target(pg.port(), schema, settings),
                Path.of(".")), copies);
    }

    private static CompiledNode source(String schema, String prefix) {
        return source(schema, prefix, 0);
    }

    private static CompiledNode source(String schema, String prefix, int maxErrors) {
        Node node = TestNodes.source("app", "events", List.of(new Column("id", "id", "integer", "")), true);
        return new CompiledNode(node, null, "\"" + schema + "\".\"events\"", Set.of(), "s3://logs/" + prefix,
                Map.of("max_errors", maxErrors, "json", "auto"));
    }

    private NodeResult load(String schema, CompiledNode source, List<String> copies, boolean fullRefresh) {
        return load(schema, source, copies, fullRefresh, Map.of());
    }

    private NodeResult load(String schema, CompiledNode source, List<String> copies, boolean fullRefresh,
                            Map<String, Object> settings) {
        RunResults run;
        try (Adapter adapter = adapter(schema, copies, settings)) {
            run = new Runner(adapter, schema, 1, fullRefresh, RunListener.SILENT).execute("run", Runner.Mode.RUN,
                    Dag.of(List.of(source)), List.of(source.id()));
        }
        return run.results().get(0);
    }

    private List<String> column(String sql) throws SQLException {
        return pg.column(sql);
    }

    @Test
    void withAStagingPrefixEachBatchOfNewFilesIsOneCopyThroughAManifest() throws SQLException {
        String schema = pg.newSchema("inc_manifest");
        LoadErrorsStandIn.install(pg);
        s3.createBucket("staging");
        Map<String, Object> staging = Map.of("staging_prefix", "s3://staging/starling");
        CompiledNode source = source(schema, "manifest/song_data");
        for (int i = 1; i <= 3; i++) {
            s3.put("logs", "manifest/song_data/A/TR" + i + ".json", "{\"id\": " + i + "}");
        }
        // a key that extends another's name: a COPY of the prefix TR1.json would read it too, a manifest does not
        s3.put("logs", "manifest/song_data/A/TR1.json.json", "{\"id\": 11}");
        List<String> copies = new ArrayList<>();
        NodeResult first = load(schema, source, copies, false, staging);
        assertEquals(NodeResult.Status.SUCCESS, first.status(), first::toString);
        assertEquals(1, copies.size(), "one COPY for the four files: " + copies);
        java.util.regex.Matcher from = Pattern.compile("from '(s3://staging/starling/manifests/source\\.app\\.events/"
                + "[0-9a-f]{64}\\.manifest)'").matcher(copies.get(0));
        assertTrue(from.find(), copies.get(0));
        assertTrue(copies.get(0).endsWith("\nmanifest"), copies.get(0));
        String key = from.group(1).substring("s3://staging/".length());
        assertEquals("{\"entries\": [\n"
                + "    {\"url\": \"s3://logs/manifest/song_data/A/TR1.json\", \"mandatory\": true},\n"
                + "    {\"url\": \"s3://logs/manifest/song_data/A/TR1.json.json\", \"mandatory\": true},\n"
                + "    {\"url\": \"s3://logs/manifest/song_data/A/TR2.json\", \"mandatory\": true},\n"
                + "    {\"url\": \"s3://logs/manifest/song_data/A/TR3.json\", \"mandatory\": true}\n]}\n",
                s3.client().getObjectAsBytes(b -> b.bucket("staging").key(key)).asUtf8String());
        assertEquals(List.of("1", "2", "3", "11"), column("select id from " + schema + ".events order by id"));

        for (int i = 4; i <= 6; i++) {
            s3.put("logs", "manifest/song_data/B/TR" + i + ".json", "{\"id\": " + i + "}");
        }
        copies.clear();
        NodeResult second = load(schema, source, copies, false, staging);
        assertEquals(NodeResult.Status.SUCCESS, second.status(), second::toString);
        assertEquals(1, copies.size(), "the three new files: one COPY");
        assertEquals(3, second.load().filesRead());
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "11"), column("select id from " + schema
                + ".events order by id"));
        assertEquals(List.of("4", "5", "6"), column("select id from " + schema + ".events where _starling_batch ="
                + " (select max(batch) from " + schema + ".starling_batches) order by id"),
                "the appended rows carry the batch id");
    }

    @Test
    void loadsTheWholePrefixFirstThenOnlyNewFilesOneCopyEachAndRefusesAChangedFile() throws SQLException {
        String schema = pg.newSchema("inc_copy");
        LoadErrorsStandIn.install(pg);
        CompiledNode source = source(schema, "first/log_data");
        s3.put("logs", "first/log_data/2018/11/d1.json", "{\"id\": 1}\n{\"id\": 2}\n");
        s3.put("logs", "first/log_data/2018/11/d2.json", "{\"id\": 3}\n");
        s3.put("logs", "first/log_data/README.txt", "not matched by **/*.json");
        List<String> copies = new ArrayList<>();

        NodeResult first = load(schema, source, copies, false);
        assertEquals(NodeResult.Status.SUCCESS, first.status(), first::toString);
        assertEquals(2, copies.size(), "the first load COPYs each listed file, and only those (not README.txt)");
        assertEquals("copy \"events__starling_rows\" (\"id\")\nfrom 's3://logs/first/log_data/2018/11/d1.json'\n"
                + "iam_role 'arn:aws:iam::123456789012:role/test'\nformat as json 'auto'\nmaxerror 1", copies.get(0));
        assertTrue(copies.get(1).contains("from 's3://logs/first/log_data/2018/11/d2.json'"), copies.get(1));
        assertEquals(3, first.load().loaded());
        assertEquals(2, first.load().filesRead());
        assertEquals(List.of("1", "2", "3"), column("select id from " + schema + ".events order by id"));
        assertEquals(List.of("s3://logs/first/log_data/2018/11/d1.json", "s3://logs/first/log_data/2018/11/d2.json"),
                column("select path from " + schema + ".starling_loaded_files order by path"));

        s3.put("logs", "first/log_data/2018/11/d3.json", "{\"id\": 4}\n{\"id\": 5}\n");
        copies.clear();
        // the COPY of d3.json rejects one line (within max_errors 1): the report reads it back by COPY id
        LoadErrorsStandIn.lastCopy(pg, 77, List.of(
                "(77, 's3://logs/first/log_data/2018/11/d3.json', 3, 'id', 'Invalid digit, Value ''x''')"));
        NodeResult second = load(schema, source(schema, "first/log_data", 1), copies, false);
        LoadErrorsStandIn.lastCopy(pg, 78, List.of());
        assertEquals(NodeResult.Status.SUCCESS, second.status(), second::toString);
        assertEquals(1, copies.size(), "only the new file is COPYed");
        assertTrue(copies.get(0).startsWith("copy \"events__starling_rows\" (\"id\")\nfrom"
                + " 's3://logs/first/log_data/2018/11/d3.json'\niam_role"), copies.get(0));
        assertTrue(copies.get(0).endsWith("\nmaxerror 2"), "MAXERROR is one more than max_errors: " + copies.get(0));
        assertEquals(List.of("1", "2", "3", "4", "5"), column("select id from " + schema + ".events order by id"));
        assertEquals(2, second.load().loaded());
        assertEquals(1, second.load().rejected());
        assertEquals(List.of(new LoadReport.Reject("s3://logs/first/log_data/2018/11/d3.json", 3, "id",
                "Invalid digit, Value 'x'")), second.load().rejects());
        assertEquals("select * from stl_load_errors where query in (77)", second.load().seeAlso());
        assertEquals(1, second.load().filesRead());
        assertEquals(2, second.load().filesSkipped());
        assertEquals(3, column("select path from " + schema + ".starling_loaded_files").size());

        copies.clear();
        NodeResult third = load(schema, source, copies, false);
        assertEquals(NodeResult.Status.SUCCESS, third.status(), third::toString);
        assertEquals(List.of(), copies, "nothing new: no COPY");
        assertEquals(0, third.load().loaded());
        assertEquals(5, third.load().rows());

        s3.put("logs", "first/log_data/2018/11/d1.json", "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 6}\n");
        NodeResult changed = load(schema, source, copies, false);
        assertEquals(NodeResult.Status.ERROR, changed.status(), changed::toString);
        assertTrue(changed.message().contains("models/staging/sources.yml:4: source app.events: s3://logs/first/log_data/2018/11/d1.json"
                + " changed since it was loaded, and COPY cannot replace one file's rows."), changed::toString);
        assertEquals(5, column("select id from " + schema + ".events").size(), "the table is as it was");

        copies.clear();
        NodeResult refreshed = load(schema, source, copies, true);
        assertEquals(NodeResult.Status.SUCCESS, refreshed.status(), refreshed::toString);
        assertEquals(3, copies.size(), "--full-refresh COPYs every file again");
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), column("select id from " + schema + ".events order by id"));

        // a column added to the source: appending to the old table would fail in COPY, so the run says what to do
        CompiledNode wider = new CompiledNode(TestNodes.source("app", "events", List.of(new Column("id", "id", "integer",
                ""), new Column("note", "note", "varchar", "")), true), null, source.relation(), Set.of(),
                source.location(), source.options());
        s3.put("logs", "first/log_data/2018/11/d4.json", "{\"id\": 7}\n");
        NodeResult added = load(schema, wider, copies, false);
        assertEquals(NodeResult.Status.ERROR, added.status(), added::toString);
        assertTrue(added.message().contains("the columns of source app.events changed since events was loaded (the"
                + " table has id; the source declares id, note)"), added::toString);
    }

    @Test
    void eachGzipFileIsCopiedWithGzipAndEachPlainOneWithout() throws SQLException, IOException {
        String schema = pg.newSchema("inc_copy_gzip");
        LoadErrorsStandIn.install(pg);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"id\": 7}\n{\"id\": 8}\n".getBytes(StandardCharsets.UTF_8));
        }
        s3.client().putObject(b -> b.bucket("logs").key("gzip/log_data/d1.json.gz"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(gz.toByteArray()));
        s3.put("logs", "gzip/log_data/d2.json", "{\"id\": 9}\n");
        Node node = TestNodes.source("app", "events", List.of(new Column("id", "id", "integer", "")), true, "**/*.json*");
        CompiledNode source = new CompiledNode(node, null, "\"" + schema + "\".\"events\"", Set.of(),
                "s3://logs/gzip/log_data", Map.of("json", "auto"));
        List<String> copies = new ArrayList<>();

        NodeResult loaded = load(schema, source, copies, false);
        assertEquals(NodeResult.Status.SUCCESS, loaded.status(), loaded::toString);
        assertEquals(List.of("copy \"events__starling_rows\" (\"id\")\nfrom 's3://logs/gzip/log_data/d1.json.gz'\n"
                        + "iam_role 'arn:aws:iam::123456789012:role/test'\nformat as json 'auto'\ngzip\nmaxerror 1",
                "copy \"events__starling_rows\" (\"id\")\nfrom 's3://logs/gzip/log_data/d2.json'\n"
                        + "iam_role 'arn:aws:iam::123456789012:role/test'\nformat as json 'auto'\nmaxerror 1"), copies);
        assertEquals(List.of("7", "8", "9"), column("select id from " + schema + ".events order by id"));
    }

    @Test
    void aKeyThatAnotherKeyExtendsCannotBeCopiedAlone() {
        String schema = pg.newSchema("inc_copy_prefix");
        s3.put("logs", "second/log_data/a.json", "{\"id\": 1}\n");
        s3.put("logs", "second/log_data/a.json.bak", "{\"id\": 1}\n");
        NodeResult refused = load(schema, source(schema, "second/log_data"), new ArrayList<>(), false);
        assertEquals(NodeResult.Status.ERROR, refused.status(), refused::toString);
        assertTrue(refused.message().contains("COPY cannot load s3://logs/second/log_data/a.json on its own, because it"
                + " also reads s3://logs/second/log_data/a.json.bak"), refused::toString);
    }

    @Test
    void maxErrorsBoundsTheRejectsOfAllTheLoadsCopiesTogether() throws SQLException {
        String schema = pg.newSchema("inc_max_errors");
        LoadErrorsStandIn.install(pg);
        s3.put("logs", "third/log_data/a.json", "{\"id\": 1}\n");
        s3.put("logs", "third/log_data/b.json", "{\"id\": 2}\n");
        // each file's COPY rejected one line: two for the load (the stand-in gives both COPYs the same id)
        LoadErrorsStandIn.lastCopy(pg, 91, List.of(
                "(91, 's3://logs/third/log_data/a.json', 2, 'id', 'Invalid digit, Value ''x''')",
                "(91, 's3://logs/third/log_data/b.json', 2, 'id', 'Invalid digit, Value ''y''')"));
        List<String> copies = new ArrayList<>();
        try {
            NodeResult refused = load(schema, source(schema, "third/log_data", 1), copies, false);
            assertEquals(NodeResult.Status.ERROR, refused.status(), refused::toString);
            assertTrue(refused.message().contains("models/staging/sources.yml:4: 2 records rejected, more than"
                    + " max_errors (1): nothing of this load was committed, events is as it was."), refused::toString);
            assertTrue(refused.message().contains("select * from stl_load_errors where query in (91)"), refused::toString);
            assertEquals(2, copies.size());
            assertTrue(copies.stream().allMatch(copy -> copy.endsWith("\nmaxerror 2")),
                    "each COPY may reject up to max_errors + 1; the load counts them together: " + copies);
            assertEquals(List.of("0"), column("select count(*) from pg_catalog.pg_tables where schemaname = '" + schema
                    + "' and tablename = 'events'"), "nothing of the load was committed");

            copies.clear();
            NodeResult within = load(schema, source(schema, "third/log_data", 2), copies, false);
            assertEquals(NodeResult.Status.SUCCESS, within.status(), within::toString);
            assertEquals(2, within.load().rejected());
            assertEquals(List.of("1", "2"), column("select id from " + schema + ".events order by id"));
        } finally {
            LoadErrorsStandIn.lastCopy(pg, 92, List.of());
        }
    }
}
