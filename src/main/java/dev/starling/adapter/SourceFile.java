package dev.starling.adapter;

import java.time.Instant;

/**
 * One file of a source, as listed for a load. Only its name and metadata pass through Starling; the engine reads
 * the bytes itself.
 *
 * @param path     the name shown in rejects and recorded in the load state: the source's location joined with the
 *                 file's path under it ({@code data/sample/log_data/2018/11/2018-11-29-events.json},
 *                 {@code s3://bucket/log_data/...})
 * @param local    what the engine reads: a local file (for S3 sources on DuckDB, the cached copy)
 * @param size     bytes
 * @param modified last modification time
 * @param etag     the object's ETag when a store gives one (S3), or null
 */
public record SourceFile(String path, String local, long size, Instant modified, String etag) {

    /**
     * What identifies this version of the file: the ETag when there is one, else size and modification time.
     * A file whose path was loaded before with another fingerprint has changed.
     */
    public String fingerprint() {
        return etag != null && !etag.isBlank() ? "etag:" + etag : "size:" + size + ",mtime:" + modified.toEpochMilli();
    }
}
