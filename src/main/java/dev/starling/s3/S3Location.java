package dev.starling.s3;

import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/prefix} location. The prefix names a folder: {@code s3://b/song_data} holds the keys
 * under {@code song_data/}.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix without a leading or trailing slash ("" for the whole bucket)
 */
public record S3Location(String bucket, String prefix) {

    public static final String SCHEME = "s3://";

    /** S3's bucket naming rules (3-63 of a-z, 0-9, '.', '-', starting and ending with a letter or digit). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public static boolean isS3(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** Parses {@code s3://bucket/prefix}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new IllegalArgumentException("'" + location + "' does not start with s3://");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + location + "' names no bucket; write s3://bucket/prefix");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid bucket name (3 to 63 lowercase"
                    + " letters, digits, dots and hyphens)");
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        for (String part : prefix.split("/", -1)) {
            if (!prefix.isEmpty() && (part.isEmpty() || part.equals(".") || part.equals(".."))) {
                throw new IllegalArgumentException("'" + location + "' has an empty, '.' or '..' folder in its"
                        + " prefix; write s3://bucket/folder/subfolder");
            }
        }
        return new S3Location(bucket, prefix);
    }

    /** The prefix to list: {@code "song_data/"}, or "" for the whole bucket. */
    public String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String toString() {
        return SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
