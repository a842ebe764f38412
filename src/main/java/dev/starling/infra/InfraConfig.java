package dev.starling.infra;

import dev.starling.StarlingException;
import dev.starling.project.ProjectConfig;
import dev.starling.project.Suggest;
import dev.starling.project.YamlNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code infra:} section of project.yml: the Redshift cluster (or the Serverless namespace and workgroup), the
 * IAM role it assumes to read S3, and who may reach its port.
 * Every missing or invalid setting is a one-line project error naming the setting and its line.
 * The master password is read (from its environment variable) only by {@link #masterPassword()}, so
 * {@code infra status} and {@code infra down} work without it.
 *
 * @param kind          a provisioned cluster, or Redshift Serverless (a namespace and a workgroup)
 * @param clusterIdentifier, clusterType, nodeType, numberOfNodes  the cluster's (null / 0 for serverless)
 * @param namespace, workgroup, baseCapacity  Serverless's (null / 0 for a cluster)
 * @param allowCidr     the addresses that {@code infra up} lets in on the port (one IPv4 CIDR); null = none
 * @param endpoint      where every AWS call goes instead of the region's endpoints (tests, LocalStack); null = AWS
 */
public record InfraConfig(Path projectDir, Kind kind, String region, String clusterIdentifier, String clusterType,
                          String nodeType, int numberOfNodes, String namespace, String workgroup, int baseCapacity,
                          String database, int port, String masterUser, String iamRoleName, Boolean publiclyAccessible,
                          String allowCidr, Duration waitInterval, Duration waitTimeout, URI endpoint, Secret password) {

    public static final String SECTION = "infra";
    static final List<String> KEYS = List.of("kind", "region", "cluster_identifier", "cluster_type", "node_type",
            "number_of_nodes", "namespace", "workgroup", "base_capacity", "database", "port", "master_user",
            "master_password", "iam_role_name", "publicly_accessible", "allow_cidr", "wait_interval", "wait_timeout",
            "endpoint");

    /** What {@code infra} makes: a provisioned cluster, or a Serverless namespace with its workgroup. */
    public enum Kind {
        CLUSTER, SERVERLESS;

        /** cluster | serverless, as written in project.yml and on the command line. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a word names, or null. */
        public static Kind of(String word) {
            for (Kind k : values()) {
                if (k.word().equalsIgnoreCase(word.trim())) {
                    return k;
                }
            }
            return null;
        }
    }

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)");
    private static final Pattern NODE_TYPE = Pattern.compile("[a-z0-9]+\\.[a-z0-9]+");
    private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)?");
    /** Serverless namespace and workgroup names: 3 to 64 lowercase letters, digits and hyphens. */
    private static final Pattern SERVERLESS_NAME = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Pattern CIDR = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})/([0-9]{1,2})");

    /** The master password: resolved only when asked for, never printed. */
    public interface Secret {
        String value();
    }

    /** Reads and checks {@code infra:} of a loaded project.yml. */
    public static InfraConfig from(ProjectConfig project) {
        return from(project, null);
    }

    /** As {@link #from(ProjectConfig)}, with {@code --kind} (null = infra.kind, else cluster) overriding. */
    public static InfraConfig from(ProjectConfig project, Kind kindOverride) {
        YamlNode section = project.section(SECTION);
        Path file = Path.of(ProjectConfig.FILE_NAME);
        if (section.isNull() || !section.isMap() || section.asMap().isEmpty()) {
            throw StarlingException.at(file, section.isNull() ? 0 : section.line(), "no 'infra:' section: add one with"
                    + " region, cluster_identifier, node_type, number_of_nodes, database, master_user, master_password"
                    + " and iam_role_name (see the README, 'Run it on Redshift')");
        }
        for (String key : section.asMap().keySet()) {
            if (!KEYS.contains(key)) {
                throw section.get(key).error("unknown setting 'infra." + key + "'." + Suggest.didYouMean(key, KEYS)
                        + " Known: " + String.join(", ", KEYS));
            }
        }
        Reader r = new Reader(project, section);
        Kind kind = kindOverride;
        String kindText = r.optional("kind");
        if (kindText != null && Kind.of(kindText) == null) {
            throw section.get("kind").error("infra.kind '" + kindText + "' is not valid: cluster (a provisioned"
                    + " cluster) or serverless (a Redshift Serverless namespace and workgroup)");
        }
        if (kind == null) {
            kind = kindText == null ? Kind.CLUSTER : Kind.of(kindText);
        }
        String region = r.required("region", REGION, "an AWS region such as us-west-2");
        String clusterId = null;
        String nodeType = null;
        int nodes = 0;
        String derivedType = null;
        String namespace = null;
        String workgroup = null;
        int baseCapacity = 0;
        if (kind == Kind.CLUSTER) {
            clusterId = r.required("cluster_identifier", CLUSTER_ID,
                    "lowercase letters, digits and single hyphens, starting with a letter, at most 63, e.g. sparkify-cluster");
            nodeType = r.required("node_type", NODE_TYPE, "a Redshift node type such as ra3.large");
            nodes = r.integer("number_of_nodes", null, 1, 100, "1 for a single-node cluster, 2 to 100 for multi-node"
                    + " (AWS's CreateCluster limit; a node type may allow fewer)");
            derivedType = nodes == 1 ? "single-node" : "multi-node";
            String clusterType = r.optional("cluster_type");
            if (clusterType != null && !clusterType.equals(derivedType)) {
                throw section.get("cluster_type").error("infra.cluster_type is '" + clusterType + "' but number_of_nodes is "
                        + nodes + ", which makes a " + derivedType + " cluster. Remove cluster_type (it follows from"
                        + " number_of_nodes) or set it to " + derivedType + ".");
            }
        } else {
            namespace = r.required("namespace", SERVERLESS_NAME, "the Serverless namespace (database, admin user, role):"
                    + " 3 to 64 lowercase letters, digits and hyphens, e.g. sparkify");
            workgroup = r.required("workgroup", SERVERLESS_NAME, "the Serverless workgroup (compute and endpoint):"
                    + " 3 to 64 lowercase letters, digits and hyphens, e.g. sparkify");
            baseCapacity = r.integer("base_capacity", 8, 4, 1024, "the workgroup's base capacity in RPUs: 4, or 8 to 512"
                    + " in steps of 8 (to 1024 in steps of 32 in some regions); default 8");
            if (!(baseCapacity == 4 || baseCapacity % 8 == 0 && baseCapacity <= 512
                    || baseCapacity > 512 && baseCapacity % 32 == 0)) {
                throw section.get("base_capacity").error("infra.base_capacity " + baseCapacity + " is not a capacity"
                        + " Redshift Serverless offers: 4, or 8 to 512 in steps of 8 (to 1024 in steps of 32 in some regions)");
            }
        }
        String database = r.required("database", DATABASE,
                "the database to create: lowercase letters, digits and _, starting with a letter, e.g. sparkify");
        int port = kind == Kind.CLUSTER
                ? r.integer("port", 5439, 1150, 65535, "the port the cluster listens on, 1150 to 65535; default 5439")
                : r.integer("port", 5439, 5431, 8215, "the port the workgroup listens on: 5431 to 5455 or 8191 to 8215;"
                + " default 5439");
        if (kind == Kind.SERVERLESS && port > 5455 && port < 8191) {
            throw section.get("port").error("infra.port " + port + " is not a port Redshift Serverless accepts: 5431 to"
                    + " 5455 or 8191 to 8215; default 5439");
        }
        String user = r.required("master_user", USER, "the admin user: letters, digits and _, starting with a letter");
        String roleName = r.required("iam_role_name", ROLE_NAME,
                "the IAM role Redshift assumes to read S3: up to 64 letters, digits and +=,.@_-");
        YamlNode passwordNode = section.get("master_password");
        if (passwordNode.isNull() || (passwordNode.isScalar() && passwordNode.asString().isBlank())) {
            throw r.missing("master_password", "read it from the environment, e.g. master_password: ${env.STARLING_REDSHIFT_PASSWORD}");
        }
        Boolean publiclyAccessible = r.bool("publicly_accessible");
        String allowCidr = r.optional("allow_cidr");
        if (allowCidr != null && cidrProblem(allowCidr) != null) {
            throw section.get("allow_cidr").error("infra.allow_cidr '" + allowCidr + "' " + cidrProblem(allowCidr)
                    + ": write one IPv4 range such as 203.0.113.7/32 (your own address: curl https://checkip.amazonaws.com)");
        }
        Duration interval = r.duration("wait_interval", Duration.ofSeconds(15));
        Duration timeout = r.duration("wait_timeout", Duration.ofMinutes(30));
        if (interval.compareTo(timeout) > 0) {
            throw section.get("wait_interval").error("infra.wait_interval (" + Waits.format(interval)
                    + ") is longer than infra.wait_timeout (" + Waits.format(timeout) + "); make it shorter");
        }
        URI endpoint = null;
        String endpointText = r.optional("endpoint");
        if (endpointText != null) {
            try {
                endpoint = new URI(endpointText);
            } catch (java.net.URISyntaxException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null
                    || !Set.of("http", "https").contains(String.valueOf(endpoint.getScheme()).toLowerCase(Locale.ROOT))) {
                throw section.get("endpoint").error("infra.endpoint '" + endpointText + "' is not an http(s) URL such as"
                        + " http://127.0.0.1:4566; leave it out to talk to AWS");
            }
        }
        Secret password = new Secret() {
            @Override
            public String value() {
                String value = String.valueOf(project.resolve(passwordNode));
                String problem = passwordProblem(value);
                if (problem != null) {
                    throw passwordNode.error("infra.master_password " + problem + " (Redshift's rule: 8 to 64"
                            + " characters with an uppercase letter, a lowercase letter and a digit; no ' \" \\ / @ or space)");
                }
                return value;
            }

            @Override
            public String toString() {
                return "****";
            }
        };
        return new InfraConfig(project.dir(), kind, region, clusterId, derivedType, nodeType, nodes, namespace, workgroup,
                baseCapacity, database, port, user, roleName, publiclyAccessible, allowCidr, interval, timeout, endpoint,
                password);
    }

    /** What is wrong with an IPv4 CIDR such as 203.0.113.7/32, or null. */
    static String cidrProblem(String cidr) {
        Matcher m = CIDR.matcher(cidr);
        if (!m.matches()) {
            return "is not an IPv4 CIDR";
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return "has a number above 255";
            }
        }
        if (Integer.parseInt(m.group(5)) > 32) {
            return "has a prefix length above 32";
        }
        return null;
    }

    /** What the project's warehouse is called in messages: "cluster sparkify-cluster" or "workgroup sparkify". */
    public String subject() {
        return kind == Kind.CLUSTER ? "cluster " + clusterIdentifier : "workgroup " + workgroup;
    }

    /** The password read from its environment variable; a missing variable or a weak password is a project error. */
    public String masterPassword() {
        return password.value();
    }

    /** Why Redshift would refuse this master password, or null when it is fine. Never includes the password. */
    static String passwordProblem(String value) {
        if (value.length() < 8 || value.length() > 64) {
            return "has " + value.length() + " characters";
        }
        if (!value.chars().anyMatch(Character::isUpperCase)) {
            return "has no uppercase letter";
        }
        if (!value.chars().anyMatch(Character::isLowerCase)) {
            return "has no lowercase letter";
        }
        if (!value.chars().anyMatch(Character::isDigit)) {
            return "has no digit";
        }
        for (char c : value.toCharArray()) {
            if (c < 33 || c > 126 || "'\"\\/@".indexOf(c) >= 0) {
                return "has a character Redshift does not allow";
            }
        }
        return null;
    }

    /** The state file that {@code infra up} writes and the Redshift target reads. */
    public Path stateFile() {
        return projectDir.resolve(InfraState.RELATIVE_PATH);
    }

    /** Reads one setting at a time with the line of {@code infra:} (or of the setting) in its errors. */
    private record Reader(ProjectConfig project, YamlNode section) {

        String optional(String key) {
            YamlNode node = section.get(key);
            if (node.isNull()) {
                return null;
            }
            if (!node.isScalar()) {
                throw node.error("infra." + key + " takes a single value");
            }
            String value = String.valueOf(project.resolve(node)).trim();
            return value.isEmpty() ? null : value;
        }

        StarlingException missing(String key, String what) {
            return section.error("infra needs '" + key + "' (" + what + "). Add it under infra: in project.yml.");
        }

        String required(String key, Pattern shape, String what) {
            String value = optional(key);
            if (value == null) {
                throw missing(key, what);
            }
            if (!shape.matcher(value).matches()) {
                throw section.get(key).error("infra." + key + " '" + value + "' is not valid: " + what);
            }
            return value;
        }

        int integer(String key, Integer fallback, int min, int max, String what) {
            String value = optional(key);
            if (value == null) {
                if (fallback == null) {
                    throw missing(key, what);
                }
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw section.get(key).error("infra." + key + " '" + value + "' is not valid: " + what);
        }

        Boolean bool(String key) {
            String value = optional(key);
            if (value == null) {
                return null;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw section.get(key).error("infra." + key + " '" + value + "' is not true or false");
            };
        }

        Duration duration(String key, Duration fallback) {
            String value = optional(key);
            if (value == null) {
                return fallback;
            }
            Matcher m = DURATION.matcher(value);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                Duration d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
                if (!d.isZero()) {
                    return d;
                }
            }
            throw section.get(key).error("infra." + key + " '" + value + "' is not a duration such as 500ms, 15s, 30m or 1h");
        }
    }
}
