package dev.starling.adapter.redshift;

import dev.starling.StarlingException;
import dev.starling.s3.S3Clients;
import dev.starling.s3.S3Location;
import dev.starling.s3.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The target's {@code staging_prefix} ({@code s3://bucket/prefix}): where Starling puts files for Redshift's COPY
 * to read (seeds today; COPY manifests later). Objects are named by their content ({@link #contentKey}), so an
 * upload is idempotent and a COPY never reads a half-replaced object. The S3 client is built from the target's
 * {@code s3_*} settings like every S3 client of Starling's ({@link S3Clients}), on first upload.
 */
final class StagingArea implements AutoCloseable {

    static final String SETTING = "staging_prefix";

    private final S3Location prefix;
    private final S3Settings settings;
    private S3Client client;

    StagingArea(String stagingPrefix, S3Settings settings) {
        try {
            this.prefix = S3Location.parse(stagingPrefix);
        } catch (IllegalArgumentException e) {
            throw StarlingException.project("the target's " + SETTING + " " + e.getMessage() + "; set it to an"
                    + " s3://bucket/prefix that Redshift's iam_role can read");
        }
        this.settings = settings;
    }

    /** {@code <folder>/<sha-256 of the file>.<extension>} under the prefix: the key a file is uploaded to. */
    static String contentKey(String folder, Path file, String extension) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return folder + "/" + HexFormat.of().formatHex(sha.digest()) + "." + extension;
        } catch (IOException e) {
            throw StarlingException.project("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <folder>/<sha-256 of content>.<extension>}: the key small content Starling writes is uploaded to. */
    static String contentKey(String folder, byte[] content, String extension) {
        try {
            return folder + "/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)) + "."
                    + extension;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads {@code content} (a manifest: small, written by Starling) to {@code key}; returns its URI. */
    String upload(byte[] content, String key) {
        return put(RequestBody.fromBytes(content), key, key);
    }

    /** The {@code s3://} URI of {@code key} (relative to the prefix). */
    String uri(String key) {
        return S3Location.SCHEME + prefix.bucket() + "/" + objectKey(key);
    }

    private String objectKey(String key) {
        return prefix.prefix().isEmpty() ? key : prefix.prefix() + "/" + key;
    }

    /** Uploads {@code file} (streamed from disk) to {@code key} under the prefix; returns its {@code s3://} URI. */
    String upload(Path file, String key) {
        return put(RequestBody.fromFile(file), key, file.getFileName().toString());
    }

    private String put(RequestBody body, String key, String what) {
        try {
            client().putObject(b -> b.bucket(prefix.bucket()).key(objectKey(key)), body);
        } catch (SdkException e) {
            throw StarlingException.project("cannot upload " + what + " to " + uri(key) + " (" + SETTING + "): "
                    + e.getMessage() + ". Check the target's s3_* settings or credentials, and that the bucket exists.");
        }
        return uri(key);
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = S3Clients.builder(settings).build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
