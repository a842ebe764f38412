package dev.starling.s3;

import dev.starling.StarlingException;
import dev.starling.project.TargetConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the embedded target reaches S3, from its settings in project.yml:
 *
 * <ul>
 *   <li>{@code s3_region}: the client's region (default: {@code AWS_REGION}, else us-east-1; on AWS itself a
 *       bucket in another region is found anyway);</li>
 *   <li>{@code s3_endpoint}: an S3-compatible server, e.g. {@code http://localhost:9000} (default: AWS);</li>
 *   <li>{@code s3_path_style}: {@code true} for {@code endpoint/bucket/key} addressing (most S3-compatible
 *       servers); default false;</li>
 *   <li>{@code s3_access_key_id} and {@code s3_secret_access_key}: explicit credentials, both or neither
 *       (default: the AWS default credential chain: environment, profile, container or instance role);</li>
 *   <li>{@code s3_cache_dir}: where downloaded objects are kept (default {@code target/s3_cache}, relative to
 *       the project folder).</li>
 * </ul>
 *
 * No class here touches the network or the AWS SDK, so checking settings is free.
 */
public record S3Settings(String region, URI endpoint, boolean pathStyle, String accessKeyId, String secretAccessKey,
                         Path cacheDir) {

    public static final String REGION = "s3_region";
    public static final String ENDPOINT = "s3_endpoint";
    public static final String PATH_STYLE = "s3_path_style";
    public static final String ACCESS_KEY_ID = "s3_access_key_id";
    public static final String SECRET_ACCESS_KEY = "s3_secret_access_key";
    public static final String CACHE_DIR = "s3_cache_dir";
    public static final String DEFAULT_CACHE_DIR = "target/s3_cache";

    /** Reads and checks the settings of a target; a bad value is a project error naming the target. */
    public static S3Settings of(TargetConfig target, Path projectDir) {
        String envRegion = System.getenv("AWS_REGION");
        String region = target.setting(REGION, envRegion == null || envRegion.isBlank() ? "us-east-1" : envRegion);
        URI endpoint = null;
        String endpointText = target.setting(ENDPOINT);
        if (endpointText != null && !endpointText.isBlank()) {
            try {
                endpoint = new URI(endpointText.trim());
            } catch (java.net.URISyntaxException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null
                    || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
                throw bad(target, ENDPOINT + " '" + endpointText + "' is not an http:// or https:// address,"
                        + " e.g. http://localhost:9000");
            }
        }
        String pathStyleText = target.setting(PATH_STYLE, "false").trim().toLowerCase(Locale.ROOT);
        if (!pathStyleText.equals("true") && !pathStyleText.equals("false")) {
            throw bad(target, PATH_STYLE + " must be true or false, not '" + target.setting(PATH_STYLE) + "'");
        }
        String key = blankToNull(target.setting(ACCESS_KEY_ID));
        String secret = blankToNull(target.setting(SECRET_ACCESS_KEY));
        if ((key == null) != (secret == null)) {
            throw bad(target, "give both " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + ", or neither (then the"
                    + " AWS default credentials are used)");
        }
        Path cacheDir = projectDir.resolve(target.setting(CACHE_DIR, DEFAULT_CACHE_DIR)).normalize();
        return new S3Settings(region, endpoint, pathStyleText.equals("true"), key, secret, cacheDir);
    }

    /**
     * Whether credentials were given explicitly (the s3_* keys, or the AWS_ACCESS_KEY_ID or AWS_PROFILE variables,
     * or a shared credentials file): a dry run lists S3 only then, so it never waits on the credential chain's
     * look-ups of an instance's metadata service.
     */
    public boolean credentialsGiven() {
        return credentialsMissing() == null;
    }

    /** Why a dry run does not list S3 ({@link #credentialsGiven()} is false), or null when it may. */
    public String credentialsMissing() {
        return hasCredentials() ? null : "no S3 credentials were given (s3_access_key_id, AWS_ACCESS_KEY_ID,"
                + " AWS_PROFILE or ~/.aws/credentials)";
    }

    private boolean hasCredentials() {
        if (accessKeyId != null) {
            return true;
        }
        String key = System.getenv("AWS_ACCESS_KEY_ID");
        String profile = System.getenv("AWS_PROFILE");
        String file = System.getenv("AWS_SHARED_CREDENTIALS_FILE");
        return (key != null && !key.isBlank()) || (profile != null && !profile.isBlank())
                || java.nio.file.Files.isRegularFile(file != null && !file.isBlank() ? Path.of(file)
                : Path.of(System.getProperty("user.home"), ".aws", "credentials"));
    }

    /** Where the client talks to, for messages: the endpoint, or "AWS S3 (region)". */
    public String describeEndpoint() {
        return endpoint != null ? endpoint.toString() : "AWS S3 (" + region + ")";
    }

    @Override
    public String toString() {
        // never print the secret
        return "S3Settings[region=" + region + ", endpoint=" + endpoint + ", pathStyle=" + pathStyle
                + ", accessKeyId=" + accessKeyId + ", cacheDir=" + cacheDir + "]";
    }

    private static StarlingException bad(TargetConfig target, String message) {
        return StarlingException.at(target.file(), target.line(), "target '" + target.name() + "': " + message
                + ". Fix it under targets." + target.name() + " in project.yml.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
