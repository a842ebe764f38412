package dev.starling.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.project.TargetConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Locations, target settings and the progress bar: everything of the S3 support that needs no server. */
class S3SettingsTest {

    @Test
    void parsesLocationsAsFolders() {
        assertEquals(new S3Location("sparkify-data", "log_data/2018"), S3Location.parse("s3://sparkify-data/log_data/2018/"));
        assertEquals("log_data/2018/", S3Location.parse("s3://sparkify-data/log_data/2018").keyPrefix());
        assertEquals("", S3Location.parse("s3://my.bucket").keyPrefix());
        assertEquals("s3://my.bucket/a", S3Location.parse("s3://my.bucket/a//").toString());
        assertTrue(S3Location.isS3("S3://b/x"));
        assertFalse(S3Location.isS3("data/s3://x"));
    }

    @Test
    void rejectsMalformedLocationsSayingWhy() {
        assertEquals("'s3:///log_data' names no bucket; write s3://bucket/prefix",
                assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3:///log_data")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://My_Bucket/x"))
                .getMessage().startsWith("'My_Bucket' is not a valid bucket name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://bucket/a/../b"))
                .getMessage().contains("'..'"));
    }

    @Test
    void readsTargetSettingsWithDefaults() {
        Path project = Path.of("/work/project");
        S3Settings defaults = S3Settings.of(target(Map.of("s3_region", "eu-west-1")), project);
        assertEquals("eu-west-1", defaults.region());
        assertNull(defaults.endpoint());
        assertFalse(defaults.pathStyle());
        assertNull(defaults.accessKeyId());
        assertEquals(project.resolve("target/s3_cache"), defaults.cacheDir());
        assertEquals("AWS S3 (eu-west-1)", defaults.describeEndpoint());

        S3Settings minio = S3Settings.of(target(Map.of("s3_endpoint", "http://localhost:9000", "s3_path_style", true,
                "s3_access_key_id", "key", "s3_secret_access_key", "secret", "s3_cache_dir", "/var/cache/s3")), project);
        assertEquals(URI.create("http://localhost:9000"), minio.endpoint());
        assertTrue(minio.pathStyle());
        assertEquals(Path.of("/var/cache/s3"), minio.cacheDir());
        assertFalse(minio.toString().contains("secret"), "the secret is never printed");
    }

    @Test
    void badSettingsNameTheTargetAndTheFix() {
        StarlingException endpoint = assertThrows(StarlingException.class,
                () -> S3Settings.of(target(Map.of("s3_endpoint", "localhost:9000")), Path.of(".")));
        assertEquals("project.yml:12: target 'dev': s3_endpoint 'localhost:9000' is not an http:// or https:// address,"
                + " e.g. http://localhost:9000. Fix it under targets.dev in project.yml.", endpoint.getMessage());
        StarlingException half = assertThrows(StarlingException.class,
                () -> S3Settings.of(target(Map.of("s3_access_key_id", "key")), Path.of(".")));
        assertTrue(half.getMessage().contains("give both s3_access_key_id and s3_secret_access_key, or neither"),
                half.getMessage());
    }

    @Test
    void oneProgressLineForEverySyncInFlight() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress line = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        S3Cache.Progress events = line.track("event_staging");
        S3Cache.Progress songs = line.track("song_staging");
        events.update(0, 3, 0, 3072);
        songs.update(1, 47, 1024, 1024 * 13);
        events.update(3, 3, 3072, 3072);
        events.done();
        line.erase();   // e.g. the run output prints a line: nothing more to erase
        String out = bytes.toString(StandardCharsets.UTF_8);
        String erase = "\r\033[K";
        assertEquals(erase + "downloading [                    ] 0/3 objects, 0 B of 3.0 KB (event_staging)"
                + erase + "downloading [#                   ] 1/50 objects, 1.0 KB of 16.0 KB (event_staging, song_staging)"
                + erase, out, "the third update comes too soon to redraw; done() erases the line");
        assertFalse(out.contains("\n"));
    }

    @Test
    void sizesAreHumanReadable() {
        assertEquals("512 B", S3Cache.bytes(512));
        assertEquals("1.2 MB", S3Cache.bytes(1_250_000));
        assertEquals("abc", S3Cache.unquote("\"abc\""));
    }

    private static TargetConfig target(Map<String, Object> settings) {
        return new TargetConfig("dev", "duckdb", "main", 1, new HashMap<>(settings), Path.of("project.yml"), 12);
    }
}
