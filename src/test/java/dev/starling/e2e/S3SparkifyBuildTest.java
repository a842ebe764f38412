package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.S3Server;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sparkify build with its sources in S3: the sample's song_data and log_data are uploaded to a bucket of a
 * real S3-compatible server in this process, the sources point at {@code s3://} through the data_dir var, and
 * {@code build} through the CLI must give exactly the tables of the local build.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3SparkifyBuildTest {

    static final String BUCKET = "sparkify-data";
    static final String S3_VARS = "{data_dir: 's3://" + BUCKET + "'}";

    @TempDir
    static Path dir;
    static S3Server server;
    static Path project;
    static Cli.Result build;

    @BeforeAll
    static void uploadAndBuild() {
        server = S3Server.start(dir.resolve("s3"));
        server.createBucket(BUCKET);
        assertEquals(47, server.upload(TestProjects.REPO.resolve("data/sample/song_data"), BUCKET, "song_data"));
        assertEquals(3, server.upload(TestProjects.REPO.resolve("data/sample/log_data"), BUCKET, "log_data"));
        project = projectWith(dir.resolve("project"), server.targetSettings("    "));
        server.resetCalls();
        build = Cli.run(project, "build", "--vars", S3_VARS);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A copy of Sparkify whose dev target has extra settings. */
    static Path projectWith(Path folder, String settings) {
        TestProjects.sparkify(folder);
        Path yml = folder.resolve("project.yml");
        String text = TestProjects.read(yml);
        String anchor = "    memory_limit: ${env.STARLING_DUCKDB_MEMORY:-4GB}\n";
        assertTrue(text.contains(anchor));
        TestProjects.write(yml, text.replace(anchor, anchor + settings));
        return folder;
    }

    @Test
    @Order(1)
    void buildFromS3GivesTheLocalBuildsTables() {
        assertEquals(0, build.status(), build::toString);
        assertTrue(build.out().matches("(?s).*Done\\. 39 ok, 0 failed, 0 skipped in [0-9.]+s\\s*"), build::toString);
        assertTrue(build.out().matches("(?s).*\n {10}song_staging: 47 new, 0 changed, 0 cached objects from s3://"
                + BUCKET + "/song_data \\([0-9.]+ KB, [0-9.]+ KB downloaded\\) in [0-9.]+s\n.*"), build::toString);
        assertTrue(build.out().contains("event_staging: 3 new, 0 changed, 0 cached objects from s3://" + BUCKET
                + "/log_data ("), build::toString);
        assertEquals("", build.err());
        assertEquals(50, server.calls("getBlob"));

        Path db = project.resolve("target/sparkify.duckdb");
        Map<String, Long> expected = Map.of("event_staging", 362L, "song_staging", 47L, "nextsong_event", 278L,
                "songplay", 278L, "\"user\"", 19L, "song", 46L, "artist", 36L, "\"time\"", 277L);
        expected.forEach((relation, rows) -> assertEquals(rows, Db.count(db, relation), relation));
        assertEquals(166L, Db.count(db, "songplay where song_id is not null"));
        assertTrue(java.nio.file.Files.isRegularFile(project.resolve("target/s3_cache/" + BUCKET
                + "/log_data/2018/11/2018-11-29-events.json")), "objects are cached under target/s3_cache/<bucket>/<key>");
    }

    @Test
    @Order(2)
    void theSameRowsAsTheLocalBuild() {
        Path local = TestProjects.sparkify(dir.resolve("local"));
        Cli.Result localBuild = Cli.run(local, "build");
        assertEquals(0, localBuild.status(), localBuild::toString);
        Path s3Db = project.resolve("target/sparkify.duckdb");
        Path localDb = local.resolve("target/sparkify.duckdb");
        for (String query : List.of("select * from songplay order by songplay_id",
                "select * from \"user\" order by user_id", "select * from song order by song_id",
                "select * from artist order by artist_id", "select * from \"time\" order by start_time")) {
            assertEquals(Db.rows(localDb, query), Db.rows(s3Db, query), query);
        }
    }

    @Test
    @Order(3)
    void compileAndLsNeverTouchS3() {
        server.resetCalls();
        Cli.Result compile = Cli.run(project, "compile", "--vars", S3_VARS);
        assertEquals(0, compile.status(), compile::toString);
        Cli.Result ls = Cli.run(project, "ls", "--vars", S3_VARS);
        assertEquals(0, ls.status(), ls::toString);
        assertEquals(0, server.totalCalls(), "compile and ls sent no request");
        String staging = TestProjects.read(project.resolve("target/compiled/models/staging/sources.yml/sparkify.song_staging.sql"));
        assertTrue(staging.contains("read_json('" + project.resolve("target/s3_cache/" + BUCKET + "/song_data")
                .toString().replace('\\', '/') + "/**/*.json'"), staging);
    }

    @Test
    @Order(4)
    void aRerunDownloadsNothingAndANewLogFileIsPickedUp() {
        server.resetCalls();
        Cli.Result again = Cli.run(project, "run", "--vars", S3_VARS);
        assertEquals(0, again.status(), again::toString);
        assertTrue(again.out().contains("song_staging: 0 new, 0 changed, 47 cached objects from s3://" + BUCKET
                + "/song_data ("), again::toString);
        assertTrue(again.out().contains("event_staging: 0 new, 0 changed, 3 cached objects"), again::toString);
        assertEquals(0, server.calls("getBlob"), "no object was downloaded again");

        String day = TestProjects.read(TestProjects.REPO.resolve("data/sample/log_data/2018/11/2018-11-29-events.json"))
                .lines().filter(l -> l.contains("\"NextSong\"")).findFirst().orElseThrow()
                .replace("\"ts\":", "\"ts\":1").replace("\"sessionId\":", "\"sessionId\":9");
        server.put(BUCKET, "log_data/2018/12/2018-12-31-events.json", day + "\n");
        server.delete(BUCKET, "log_data/2018/12/2018-12-01-events.json");
        Cli.Result third = Cli.run(project, "run", "--vars", S3_VARS, "--select", "+songplay");
        assertEquals(0, third.status(), third::toString);
        assertTrue(third.out().contains("event_staging: 1 new, 0 changed, 2 cached objects, 1 removed"), third::toString);
        Path db = project.resolve("target/sparkify.duckdb");
        // event_staging is incremental: the new file's play is added, and a deleted file's rows go
        assertTrue(third.out().contains("1 loaded from 1 new file"), third::toString);
        assertEquals(197L + 1L, Db.count(db, "songplay"), "November's plays plus the new file's one");
        assertEquals(List.of(List.of(3L)), Db.rows(db, "select count(*) from starling_loaded_files"
                + " where source = 'source.sparkify.event_staging' and etag is not null and fingerprint = 'etag:' || etag"), "every S3 object loaded (3: the deleted one is forgotten) is fingerprinted by its ETag");

        Cli.Result full = Cli.run(project, "run", "--vars", S3_VARS, "--select", "+songplay", "--full-refresh");
        assertEquals(0, full.status(), full::toString);
        assertEquals(197L + 1L, Db.count(db, "songplay"), "from scratch: November's plays plus the new file's one");
    }

    @Test
    @Order(5)
    void aMissingBucketFailsTheLoadNamingTheSourceAndWhatToDo() {
        Path other = projectWith(dir.resolve("missing"), server.targetSettings("    "));
        Cli.Result result = Cli.run(other, "build", "--vars", "{data_dir: 's3://no-such-bucket'}");
        assertEquals(1, result.status(), result::toString);
        int line = lineOf(other.resolve("models/staging/sources.yml"), "- name: event_staging");
        assertTrue(result.out().contains("models/staging/sources.yml:" + line + ": source sparkify.event_staging:"
                + " cannot sync s3://no-such-bucket/log_data: bucket 'no-such-bucket' does not exist at "
                + server.endpoint() + ". Check the bucket name in the location and s3_endpoint on the target."),
                result::toString);
        assertTrue(result.out().contains("SKIP"), "models downstream are skipped");
    }

    @Test
    @Order(6)
    void wrongCredentialsFailTheLoadNamingTheSourceAndWhatToDo() {
        Path other = projectWith(dir.resolve("wrong"), server.targetSettings("    ")
                .replace("s3_secret_access_key: " + S3Server.SECRET_KEY, "s3_secret_access_key: not-the-secret"));
        Cli.Result result = Cli.run(other, "build", "--vars", S3_VARS);
        assertEquals(1, result.status(), result::toString);
        int line = lineOf(other.resolve("models/staging/sources.yml"), "- name: song_staging");
        assertTrue(result.out().contains("models/staging/sources.yml:" + line + ": source sparkify.song_staging:"
                + " cannot sync s3://" + BUCKET + "/song_data: access denied: the secret access key does not match"
                + " the access key id (SignatureDoesNotMatch). Check s3_access_key_id and s3_secret_access_key on the"
                + " target."), result::toString);
        assertFalse(result.out().contains("not-the-secret") || result.err().contains("not-the-secret"), "no secret printed");
    }

    @Test
    @Order(7)
    void aMalformedLocationOrSettingIsAProjectErrorBeforeAnythingRuns() {
        Path other = projectWith(dir.resolve("malformed"), server.targetSettings("    "));
        Cli.Result noBucket = Cli.run(other, "build", "--vars", "{data_dir: 's3://'}");
        assertEquals(2, noBucket.status(), noBucket::toString);
        assertTrue(noBucket.err().contains("models/staging/sources.yml:"), noBucket::toString);
        assertTrue(noBucket.err().contains("'s3:///log_data' names no bucket; write s3://bucket/prefix. Fix its location."),
                noBucket::toString);
        assertFalse(noBucket.out().contains("START"), noBucket::toString);

        Path badStyle = projectWith(dir.resolve("bad-style"), "    s3_path_style: sometimes\n");
        Cli.Result style = Cli.run(badStyle, "build", "--vars", S3_VARS);
        assertEquals(2, style.status(), style::toString);
        assertTrue(style.err().contains("project.yml:"), style::toString);
        assertTrue(style.err().contains("target 'dev': s3_path_style must be true or false, not 'sometimes'."
                + " Fix it under targets.dev in project.yml."), style::toString);
    }

    @Test
    @Order(8)
    void aCacheFolderHoldingOtherFilesIsRefusedAndNothingInItDeleted() {
        Path other = projectWith(dir.resolve("mine"), server.targetSettings("    ") + "    s3_cache_dir: my_files\n");
        TestProjects.write(other.resolve("my_files/notes.txt"), "mine");
        Cli.Result result = Cli.run(other, "run", "--vars", S3_VARS, "-s", "source:sparkify");
        assertEquals(1, result.status(), result::toString);
        assertTrue(result.out().contains("cannot sync s3://" + BUCKET + "/log_data: the cache folder "
                + other.resolve("my_files") + " (s3_cache_dir) already holds files that Starling did not write, and a"
                + " sync deletes files there. Point s3_cache_dir at a new or empty folder."), result::toString);
        assertEquals("mine", TestProjects.read(other.resolve("my_files/notes.txt")));
        assertFalse(Files.exists(other.resolve("target/sparkify.duckdb")) && Db.rows(other.resolve(
                "target/sparkify.duckdb"), "select table_name from information_schema.tables").size() > 0);
    }

    private static int lineOf(Path file, String text) {
        List<String> lines = TestProjects.read(file).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
