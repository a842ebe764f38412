package dev.starling.adapter.redshift;

import dev.starling.StarlingException;
import dev.starling.project.TargetConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A Redshift target's settings, checked once: the JDBC URL and driver properties, the role for COPY, retries.
 *
 * <p>{@code host}, {@code port}, {@code database}, {@code user}, {@code region}, {@code cluster_id},
 * {@code workgroup} and {@code iam_role} that project.yml leaves out are read from {@code .starling/infra.json}, the
 * state file that {@code starling infra up} writes (for a cluster or a Serverless workgroup). Two ways to log in:
 * {@code method: password} (the default; {@code password}, best as {@code ${env.STARLING_REDSHIFT_PASSWORD}}) or
 * {@code method: iam} (the driver's {@code jdbc:redshift:iam://} login with temporary credentials: for a cluster
 * {@code cluster_id} and {@code region}, or {@code host}; for Serverless {@code workgroup}, {@code region} and
 * {@code host}; {@code profile} or the AWS default credential chain). The driver asks AWS for the credentials with
 * the AWS SDK for Java v1 (redshift:GetClusterCredentials, or redshift-serverless:GetCredentials).
 */
public final class RedshiftSettings {

    /** The state file of {@code starling infra up}, relative to the project folder. */
    public static final Path INFRA_STATE = Path.of(".starling", "infra.json");
    static final String INFRA_HINT = "set %s in project.yml or run `starling infra up`";

    private final TargetConfig target;
    private final Map<String, Object> infra;
    private final Map<String, String> origin = new LinkedHashMap<>();
    final String method;
    final String host;
    final int port;
    final String database;
    final String user;
    final String password;
    final String clusterId;
    /** A Serverless workgroup's name: IAM login asks redshift-serverless:GetCredentials for it. */
    final String workgroup;
    final String region;
    final String profile;
    final String iamRole;
    final boolean ssl;
    final int retries;
    final long retryDelayMillis;
    final boolean lateBindingViews;

    RedshiftSettings(TargetConfig target, Path projectDir) {
        this.target = target;
        this.infra = readInfra(projectDir);
        this.method = target.setting("method", "password").toLowerCase();
        if (!method.equals("password") && !method.equals("iam")) {
            throw error("has method '" + method + "'; use password (user and password) or iam (temporary credentials)");
        }
        this.region = optional("region", "region");
        this.clusterId = optional("cluster_id", "cluster_identifier");
        this.workgroup = optional("workgroup", "workgroup");
        this.profile = target.setting("profile");
        boolean iamByCluster = method.equals("iam") && clusterId != null;
        this.host = iamByCluster ? optional("host", "host") : required("host", "host", "the cluster endpoint");
        this.port = number("port", optional("port", "port"), 5439);
        this.database = required("database", "database", "the database to build in, e.g. dev");
        this.user = required("user", "user", "the database user");
        if (method.equals("password")) {
            String pw = target.setting("password");
            if (pw == null || pw.isBlank()) {
                throw error("needs 'password' (e.g. password: ${env.STARLING_REDSHIFT_PASSWORD}, then export"
                        + " STARLING_REDSHIFT_PASSWORD), or method: iam");
            }
            this.password = pw;
        } else {
            this.password = null;
            if (iamByCluster && region == null) {
                throw error("needs 'region' with cluster_id for method: iam (e.g. region: us-west-2)");
            }
        }
        this.iamRole = optional("iam_role", "iam_role_arn");
        this.ssl = bool("ssl", true);
        this.retries = number("retries", target.setting("retries"), 3);
        if (retries > 10) {
            throw error("has retries " + retries + "; at most 10 (each wait doubles, up to 30 s)");
        }
        this.retryDelayMillis = number("retry_delay_ms", target.setting("retry_delay_ms"), 1000);
        this.lateBindingViews = bool("late_binding_views", true);
    }

    /**
     * One setting as {@link #optional} reads it (project.yml, else the infra state), without reading or checking
     * any other: what COPY needs (region, iam_role) is known to compile and dry runs, which never connect.
     */
    static String projectOrInfra(TargetConfig target, Path projectDir, String key, String infraKey) {
        String value = target.setting(key);
        if (value != null && !value.isBlank()) {
            return value;
        }
        Object fromInfra = readInfra(projectDir).get(infraKey);
        return fromInfra == null || String.valueOf(fromInfra).isBlank() ? null : String.valueOf(fromInfra);
    }

    private static Map<String, Object> readInfra(Path projectDir) {
        Path file = projectDir.resolve(INFRA_STATE);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader); // JSON is YAML
            if (!(parsed instanceof Map<?, ?> map)) {
                throw StarlingException.at(INFRA_STATE, 0, "expected a JSON object; run `starling infra up` to rewrite it");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (IOException | YAMLException e) {
            throw StarlingException.at(INFRA_STATE, 0, "cannot read the infra state: " + e.getMessage().lines().findFirst().orElse("")
                    + ". Run `starling infra up` to rewrite it, or set the target's settings in project.yml.");
        }
    }

    /** A setting from project.yml, else from the infra state, else null. */
    private String optional(String key, String infraKey) {
        String value = target.setting(key);
        if (value != null && !value.isBlank()) {
            origin.put(key, "project.yml");
            return value;
        }
        Object fromInfra = infra.get(infraKey);
        if (fromInfra != null && !String.valueOf(fromInfra).isBlank()) {
            origin.put(key, INFRA_STATE.toString().replace('\\', '/'));
            return String.valueOf(fromInfra);
        }
        return null;
    }

    private String required(String key, String infraKey, String what) {
        String value = optional(key, infraKey);
        if (value == null) {
            throw error("needs '" + key + "' (" + what + "): " + String.format(INFRA_HINT, key));
        }
        return value;
    }

    private int number(String key, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw error("has " + key + " '" + value + "'; it must be a whole number");
        }
    }

    private boolean bool(String key, boolean fallback) {
        String value = target.setting(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("has " + key + " '" + value + "'; it must be true or false");
        };
    }

    /** A one-line project error naming the target, e.g. {@code project.yml:14: target 'prod' needs 'host' ...}. */
    StarlingException error(String message) {
        return StarlingException.at(target.file(), target.line(), "target '" + target.name() + "' " + message);
    }

    /** {@code jdbc:redshift://host:port/db}, or {@code jdbc:redshift:iam://cluster:region/db} for IAM. */
    String url() {
        if (method.equals("iam")) {
            return clusterId != null && host == null
                    ? "jdbc:redshift:iam://" + clusterId + ":" + region + "/" + database
                    : "jdbc:redshift:iam://" + host + ":" + port + "/" + database;
        }
        return "jdbc:redshift://" + host + ":" + port + "/" + database;
    }

    /** The driver's properties: login, SSL, and any {@code connection:} extras from project.yml as they are. */
    Properties properties() {
        Properties p = new Properties();
        if (method.equals("iam")) {
            p.setProperty("DbUser", user);
            if (clusterId != null) {
                p.setProperty("ClusterID", clusterId);
            }
            if (workgroup != null) { // the driver then asks redshift-serverless:GetCredentials, not GetClusterCredentials
                p.setProperty("isServerless", "true");
                p.setProperty("serverlessWorkGroup", workgroup);
            }
            if (region != null) {
                p.setProperty("Region", region);
            }
            if (profile != null && !profile.isBlank()) {
                p.setProperty("Profile", profile); // without it the driver uses the AWS default credential chain
            }
            String autoCreate = target.setting("auto_create");
            if (autoCreate != null) {
                p.setProperty("AutoCreate", autoCreate);
            }
            String groups = target.setting("db_groups");
            if (groups != null) {
                p.setProperty("DbGroups", groups);
            }
        } else {
            p.setProperty("user", user);
            p.setProperty("password", password);
        }
        p.setProperty("ssl", String.valueOf(ssl));
        String sslMode = target.setting("sslmode");
        if (sslMode != null) {
            p.setProperty("sslmode", sslMode);
        }
        p.setProperty("ApplicationName", "starling");
        p.setProperty("loginTimeout", "30"); // a firewalled endpoint fails in seconds, not after the OS's TCP timeout
        p.setProperty("tcpKeepAlive", "true");
        Object extras = target.settings().get("connection");
        if (extras instanceof Map<?, ?> map) {
            map.forEach((k, v) -> p.setProperty(String.valueOf(k), String.valueOf(v)));
        } else if (extras != null) {
            throw error("has a 'connection' that is not a mapping; it holds driver properties, e.g."
                    + " connection: {loginTimeout: 30}");
        }
        return p;
    }

    /** The settings in effect, each with where it came from if not project.yml; the password redacted. */
    Map<String, Object> display() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", method);
        put(out, "host", host);
        put(out, "port", String.valueOf(port));
        put(out, "database", database);
        put(out, "user", user);
        if (password != null) {
            out.put("password", "****** (set)");
        }
        put(out, "cluster_id", clusterId);
        if (workgroup != null) {
            put(out, "workgroup", workgroup);
        }
        put(out, "region", region);
        if (profile != null) {
            out.put("profile", profile);
        }
        put(out, "iam_role", iamRole);
        out.put("ssl", ssl);
        out.put("url", url());
        return out;
    }

    private void put(Map<String, Object> out, String key, String value) {
        if (value == null) {
            out.put(key, "(not set)");
            return;
        }
        String from = origin.get(key);
        out.put(key, from != null && !from.equals("project.yml") ? value + "  (from " + from + ")" : value);
    }
}
