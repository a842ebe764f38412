package dev.starling.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.S3Server;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 cache against a real S3-compatible server (s3proxy) in this process. */
class S3CacheTest {

    @TempDir
    static Path serverDir;
    static S3Server server;
    static int buckets;

    @TempDir
    Path cacheDir;
    String bucket;

    @BeforeAll
    static void startServer() {
        server = S3Server.start(serverDir.resolve("blobs"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A fresh bucket per test with data/a/1.json, data/b/2.json, data/top.json, data/notes.txt, other/x.json. */
    @BeforeEach
    void arrange() {
        bucket = "cache-test-" + (++buckets);
        server.createBucket(bucket);
        server.put(bucket, "data/a/1.json", "{\"n\": 1}\n");
        server.put(bucket, "data/b/2.json", "{\"n\": 2}\n{\"n\": 22}\n");
        server.put(bucket, "data/top.json", "{\"n\": 0}\n");
        server.put(bucket, "data/notes.txt", "not json");
        server.put(bucket, "other/x.json", "{\"n\": 9}\n");
        server.resetCalls();
    }

    private S3Cache cache() {
        return new S3Cache(new S3Settings("us-east-1", server.endpoint(), true, S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, cacheDir));
    }

    private S3Location data() {
        return S3Location.parse("s3://" + bucket + "/data");
    }

    @Test
    void downloadsTheMatchingObjectsUnderTheBucketAndKey() throws IOException {
        try (S3Cache cache = cache()) {
            S3Cache.Sync sync = cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            Path folder = cacheDir.resolve(bucket).resolve("data");
            assertEquals(folder, sync.folder());
            assertEquals(List.of("a/1.json", "b/2.json", "top.json"), files(folder), "no .txt, nothing outside the prefix");
            assertEquals("{\"n\": 2}\n{\"n\": 22}\n", Files.readString(folder.resolve("b/2.json")));
            assertEquals(3, sync.added());
            assertEquals(0, sync.changed());
            assertEquals(0, sync.cached());
            assertEquals(3, server.calls("getBlob"), "one download per object");
            S3Cache.CachedObject two = sync.objects().get(1);
            assertEquals("data/b/2.json", two.key());
            assertEquals(folder.resolve("b/2.json"), two.path());
            assertEquals(Files.size(two.path()), two.size());
            String serverEtag = server.client().headObject(b -> b.bucket(bucket).key("data/b/2.json")).eTag();
            assertEquals(serverEtag.replace("\"", ""), two.etag());
            assertEquals(sync.totalBytes(), sync.downloadedBytes());
            assertTrue(sync.summary("song_staging").matches("song_staging: 3 new, 0 changed, 0 cached objects from s3://"
                    + bucket + "/data \\(\\d+ B, \\d+ B downloaded\\) in [0-9.]+s"), sync.summary("song_staging"));
        }
    }

    @Test
    void aRerunDownloadsNothing() throws IOException {
        try (S3Cache cache = cache()) {
            cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            Path one = cacheDir.resolve(bucket).resolve("data/a/1.json");
            Files.setLastModifiedTime(one, FileTime.fromMillis(1_000_000_000_000L));
            server.resetCalls();

            S3Cache.Sync again = cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            assertEquals(0, again.downloaded());
            assertEquals(3, again.cached());
            assertEquals(0, again.downloadedBytes());
            assertEquals(0, server.calls("getBlob"), "the server saw no download");
            assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(one).toMillis(), "the file was not rewritten");
            assertEquals(3, again.objects().size());
            assertTrue(again.summary("x").startsWith("x: 0 new, 0 changed, 3 cached objects from s3://"), again.summary("x"));
        }
        try (S3Cache fresh = cache()) {
            assertEquals(0, fresh.sync(data(), "**/*.json", S3Cache.Progress.NONE).downloaded(),
                    "the index on disk is what counts, not this process's memory");
        }
    }

    @Test
    void aChangedObjectIsDownloadedAgainAndADeletedOneRemoved() throws IOException {
        try (S3Cache cache = cache()) {
            S3Cache.Sync first = cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            server.put(bucket, "data/a/1.json", "{\"n\": 100}\n");
            server.delete(bucket, "data/b/2.json");
            server.put(bucket, "data/c/3.json", "{\"n\": 3}\n");
            server.resetCalls();

            S3Cache.Sync second = cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            Path folder = second.folder();
            assertEquals(List.of("a/1.json", "c/3.json", "top.json"), files(folder));
            assertEquals("{\"n\": 100}\n", Files.readString(folder.resolve("a/1.json")));
            assertEquals(1, second.added());
            assertEquals(1, second.changed());
            assertEquals(1, second.cached());
            assertEquals(1, second.removed());
            assertEquals(2, server.calls("getBlob"));
            assertFalse(first.objects().get(0).etag().equals(second.objects().get(0).etag()), "a new ETag");
            assertTrue(second.summary("s").contains("1 new, 1 changed, 1 cached objects, 1 removed"), second.summary("s"));

            server.resetCalls();
            assertEquals(0, cache.sync(data(), "**/*.json", S3Cache.Progress.NONE).downloaded());
            assertEquals(0, server.calls("getBlob"));
        }
    }

    @Test
    void aFolderWithFilesStarlingDidNotWriteIsRefusedAndKept() throws IOException {
        Files.writeString(cacheDir.resolve("mine.txt"), "a user's file");
        try (S3Cache cache = cache()) {
            S3Cache.Failure refused = assertThrows(S3Cache.Failure.class,
                    () -> cache.sync(data(), "**/*.json", S3Cache.Progress.NONE));
            assertTrue(refused.getMessage().startsWith("the cache folder " + cacheDir + " (s3_cache_dir) already"
                    + " holds files that Starling did not write"), refused.getMessage());
        }
        assertEquals("a user's file", Files.readString(cacheDir.resolve("mine.txt")));
        assertEquals(0, server.calls("getBlob"));
    }

    @Test
    void aMarkedFolderIsStarlingsAndStaysSo() throws IOException {
        try (S3Cache cache = cache()) {
            cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            assertTrue(Files.isRegularFile(cacheDir.resolve(S3Cache.MARKER)));
            assertEquals(0, cache.sync(data(), "**/*.json", S3Cache.Progress.NONE).downloaded());
        }
    }

    @Test
    void anObjectThatCannotBeALocalFileIsReportedAndTheOthersLoad() throws IOException {
        // b/2.json's place is taken by a folder with a file in it: the object cannot be stored under its name
        Files.createDirectories(cacheDir.resolve(bucket).resolve("data/b/2.json"));
        Files.writeString(cacheDir.resolve(bucket).resolve("data/b/2.json/x"), "x");
        Files.writeString(cacheDir.resolve(S3Cache.MARKER), "");
        try (S3Cache cache = cache()) {
            S3Cache.Sync sync = cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            assertEquals(List.of("data/a/1.json", "data/top.json"), sync.objects().stream().map(S3Cache.CachedObject::key)
                    .toList(), "the others load");
            assertEquals(1, sync.unstorable().size(), sync.unstorable().toString());
            assertTrue(sync.unstorable().get(0).startsWith("'data/b/2.json': "), sync.unstorable().toString());
            assertTrue(sync.summary("s").contains("\ns: 1 object left out, not storable as a local file (rename it, or"
                    + " narrow the pattern):\n  'data/b/2.json': "), sync.summary("s"));
        }
    }

    @Test
    void aDamagedLocalCopyIsDownloadedAgainAndNoPartialFileIsLeft() throws IOException {
        try (S3Cache cache = cache()) {
            cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            Path two = cacheDir.resolve(bucket).resolve("data/b/2.json");
            Files.writeString(two, "{\"n\"");   // e.g. truncated by hand
            Path stale = cacheDir.resolve("_tmp/download-killed.part");
            Files.writeString(stale, "half");
            Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3600_000L));

            S3Cache.Sync sync = cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            assertEquals(1, sync.changed());
            assertEquals("{\"n\": 2}\n{\"n\": 22}\n", Files.readString(two));
            assertFalse(Files.exists(stale), "a killed download's temporary file is cleaned up");
            try (Stream<Path> all = Files.walk(cacheDir)) {
                assertTrue(all.noneMatch(p -> p.toString().endsWith(".part")), "no temporary file is left");
            }
        }
    }

    @Test
    void otherPatternsAndPrefixesKeepToThemselves() throws IOException {
        try (S3Cache cache = cache()) {
            cache.sync(data(), "**/*.json", S3Cache.Progress.NONE);
            S3Cache.Sync txt = cache.sync(data(), "*.txt", S3Cache.Progress.NONE);
            assertEquals(1, txt.objects().size());
            assertEquals(0, txt.removed(), "the .json files are not this pattern's to remove");
            assertEquals(List.of("a/1.json", "b/2.json", "notes.txt", "top.json"), files(txt.folder()));
            S3Cache.Sync whole = cache.sync(S3Location.parse("s3://" + bucket), "other/*.json", S3Cache.Progress.NONE);
            assertEquals(List.of("other/x.json"), whole.objects().stream().map(S3Cache.CachedObject::key).toList());
            assertEquals(0, whole.removed());
            server.resetCalls();
            assertEquals(0, cache.sync(data(), "**/*.json", S3Cache.Progress.NONE).downloaded(),
                    "syncs of other patterns kept this one's index entries");
        }
    }

    @Test
    void aLargeObjectIsStreamedWholeWithProgress() throws Exception {
        byte[] data = new byte[12 * 1024 * 1024 + 17];
        new java.util.Random(42).nextBytes(data);
        Path upload = serverDir.resolve("upload-" + bucket + ".bin"); // not in the cache folder: that is Starling's
        Files.write(upload, data);
        server.client().putObject(b -> b.bucket(bucket).key("big/data.bin"),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(upload));
        List<long[]> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
        S3Cache.Progress progress = new S3Cache.Progress() {
            @Override
            public void update(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal) {
                updates.add(new long[] {objectsDone, objectsTotal, bytesDone, bytesTotal});
            }

            @Override
            public void done() {
                updates.add(new long[] {-1});
            }
        };
        try (S3Cache cache = cache()) {
            S3Cache.Sync sync = cache.sync(S3Location.parse("s3://" + bucket + "/big"), "*.bin", progress);
            Path file = sync.folder().resolve("data.bin");
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            assertEquals(java.util.HexFormat.of().formatHex(md5.digest(data)),
                    java.util.HexFormat.of().formatHex(md5.digest(Files.readAllBytes(file))));
            assertEquals(data.length, sync.downloadedBytes());
        }
        assertTrue(updates.size() > 10, "progress is told as bytes arrive, not once at the end");
        long[] last = updates.get(updates.size() - 2);
        assertEquals(List.of(1L, 1L, (long) data.length, (long) data.length), List.of(last[0], last[1], last[2], last[3]));
        assertEquals(-1, updates.get(updates.size() - 1)[0], "done() comes last");
    }

    @Test
    void aDownloadBrokenOffLeavesNoFileUnderTheObjectsName() throws Exception {
        server.put(bucket, "data/a/1.json", "{\"n\": 1}\n".repeat(100_000));   // many buffers long
        S3Cache.Progress breaksOff = new S3Cache.Progress() {
            @Override
            public void update(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal) {
                if (bytesDone > 100_000) {
                    throw new IllegalStateException("connection lost");
                }
            }

            @Override
            public void done() {
            }
        };
        try (S3Cache cache = cache()) {
            S3Location big = S3Location.parse("s3://" + bucket + "/data/a");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.sync(big, "*.json", breaksOff));
            assertEquals("connection lost", e.getMessage());
            assertFalse(Files.exists(cacheDir.resolve(bucket).resolve("data/a/1.json")), "no partial file under its name");
            try (Stream<Path> all = Files.walk(cacheDir)) {
                assertTrue(all.noneMatch(p -> p.toString().endsWith(".part")), "the temporary file is deleted");
            }
            S3Cache.Sync retry = cache.sync(big, "*.json", S3Cache.Progress.NONE);
            assertEquals(1, retry.added());
            assertEquals(900_000, Files.size(retry.folder().resolve("1.json")));
        }
    }

    @Test
    void aMissingBucketSaysSo() {
        try (S3Cache cache = cache()) {
            S3Cache.Failure e = assertThrows(S3Cache.Failure.class,
                    () -> cache.sync(S3Location.parse("s3://no-such-bucket/data"), "**/*.json", S3Cache.Progress.NONE));
            assertEquals("bucket 'no-such-bucket' does not exist at " + server.endpoint() + ". Check the bucket name"
                    + " in the location and s3_endpoint on the target.", e.getMessage());
        }
    }

    @Test
    void wrongCredentialsSaySo() {
        S3Settings wrongSecret = new S3Settings("us-east-1", server.endpoint(), true, S3Server.ACCESS_KEY, "wrong",
                cacheDir);
        try (S3Cache cache = new S3Cache(wrongSecret)) {
            S3Cache.Failure e = assertThrows(S3Cache.Failure.class,
                    () -> cache.sync(data(), "**/*.json", S3Cache.Progress.NONE));
            assertTrue(e.getMessage().startsWith("access denied: the secret access key does not match the access key"
                    + " id (SignatureDoesNotMatch). Check s3_access_key_id and s3_secret_access_key on the target."),
                    e.getMessage());
        }
        S3Settings unknownKey = new S3Settings("us-east-1", server.endpoint(), true, "nobody", "wrong", cacheDir);
        try (S3Cache cache = new S3Cache(unknownKey)) {
            S3Cache.Failure e = assertThrows(S3Cache.Failure.class,
                    () -> cache.sync(data(), "**/*.json", S3Cache.Progress.NONE));
            assertTrue(e.getMessage().startsWith("access denied: " + server.endpoint()
                    + " does not know the access key id (InvalidAccessKeyId)"), e.getMessage());
        }
    }

    @Test
    void anUnreachableServerSaysSo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3Settings closed = new S3Settings("us-east-1", URI.create("http://127.0.0.1:" + port), true,
                S3Server.ACCESS_KEY, S3Server.SECRET_KEY, cacheDir);
        try (S3Cache cache = new S3Cache(closed)) {
            S3Cache.Failure e = assertThrows(S3Cache.Failure.class,
                    () -> cache.sync(data(), "**/*.json", S3Cache.Progress.NONE));
            assertTrue(e.getMessage().startsWith("cannot reach http://127.0.0.1:" + port + " (ConnectException"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("Check the network and s3_endpoint, then run again."), e.getMessage());
        }
    }

    @Test
    void noCredentialsAnywhereSaysSo() {
        Map<String, String> env = System.getenv();
        org.junit.jupiter.api.Assumptions.assumeTrue(env.keySet().stream().noneMatch(k -> k.startsWith("AWS_ACCESS")
                || k.startsWith("AWS_CONTAINER") || k.equals("AWS_WEB_IDENTITY_TOKEN_FILE") || k.equals("AWS_PROFILE")),
                "AWS credentials in the environment");
        Map<String, String> properties = Map.of("aws.sharedCredentialsFile", cacheDir.resolve("none").toString(),
                "aws.configFile", cacheDir.resolve("none").toString(), "aws.ec2MetadataDisabled", "true");
        Map<String, String> before = new java.util.HashMap<>();
        properties.forEach((k, v) -> before.put(k, System.setProperty(k, v)));
        S3Settings noKeys = new S3Settings("us-east-1", server.endpoint(), true, null, null, cacheDir);
        try (S3Cache cache = new S3Cache(noKeys)) {
            S3Cache.Failure e = assertThrows(S3Cache.Failure.class,
                    () -> cache.sync(data(), "**/*.json", S3Cache.Progress.NONE));
            assertEquals("no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE),"
                    + " or s3_access_key_id and s3_secret_access_key on the target.", e.getMessage());
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}
