package dev.starling.infra;

import dev.starling.StarlingException;
import dev.starling.artifact.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code .starling/infra.json} in the project folder: where {@code infra up} left the warehouse, for the Redshift
 * target to connect to, and what {@code up} created (so that {@code down} deletes that and nothing else). Keys:
 * kind; cluster_identifier (a cluster) or namespace and workgroup (Serverless); region, host, port (a number),
 * database, user, iam_role_arn; created: {iam_role, cluster | namespace, workgroup: true/false, ingress_rule:
 * {group_id, rule_id, cidr, port} or absent}. No password: that stays in its environment variable. {@code up}
 * writes it after each thing it creates, so a run that stops half-way still leaves the record; the endpoint keys
 * come last, once the warehouse is available.
 */
public record InfraState(String kind, String clusterIdentifier, String namespace, String workgroup, String region,
                         String host, Integer port, String database, String user, String iamRoleArn, Created created) {

    public static final String RELATIVE_PATH = ".starling/infra.json";

    /** What {@code infra up} created (true) rather than found and reused (false). */
    public record Created(boolean iamRole, boolean cluster, boolean namespace, boolean workgroup, Rule ingressRule) {

        public static final Created NOTHING = new Created(false, false, false, false, null);

        Created withIamRole() {
            return new Created(true, cluster, namespace, workgroup, ingressRule);
        }

        Created withCluster() {
            return new Created(iamRole, true, namespace, workgroup, ingressRule);
        }

        Created withNamespace() {
            return new Created(iamRole, cluster, true, workgroup, ingressRule);
        }

        Created withWorkgroup() {
            return new Created(iamRole, cluster, namespace, true, ingressRule);
        }

        Created withIngressRule(Rule rule) {
            return new Created(iamRole, cluster, namespace, workgroup, rule);
        }

        Map<String, Object> toMap(InfraConfig.Kind kind) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("iam_role", iamRole);
            if (kind == InfraConfig.Kind.CLUSTER) {
                map.put("cluster", cluster);
            } else {
                map.put("namespace", namespace);
                map.put("workgroup", workgroup);
            }
            if (ingressRule != null) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("group_id", ingressRule.groupId());
                rule.put("rule_id", ingressRule.ruleId());
                rule.put("cidr", ingressRule.cidr());
                rule.put("port", ingressRule.port());
                map.put("ingress_rule", rule);
            }
            return map;
        }
    }

    /** One inbound rule that {@code infra up} added to a VPC security group: TCP {@code port} from {@code cidr}. */
    public record Rule(String groupId, String ruleId, String cidr, int port) {
    }

    /** A state with nothing known yet but where the warehouse is and what {@code up} created so far. */
    static InfraState begun(InfraConfig config, Created created) {
        return new InfraState(config.kind().word(), config.clusterIdentifier(), config.namespace(), config.workgroup(),
                config.region(), null, null, null, null, null, created);
    }

    InfraState withCreated(Created now) {
        return new InfraState(kind, clusterIdentifier, namespace, workgroup, region, host, port, database, user,
                iamRoleArn, now);
    }

    InfraState withEndpoint(String host, int port, String database, String user, String iamRoleArn) {
        return new InfraState(kind, clusterIdentifier, namespace, workgroup, region, host, port, database, user,
                iamRoleArn, created);
    }

    public Map<String, Object> toMap() {
        InfraConfig.Kind k = InfraConfig.Kind.of(kind);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        if (k == InfraConfig.Kind.CLUSTER) {
            map.put("cluster_identifier", clusterIdentifier);
        } else {
            map.put("namespace", namespace);
            map.put("workgroup", workgroup);
        }
        map.put("region", region);
        if (host != null) {
            map.put("host", host);
            map.put("port", port);
            map.put("database", database);
            map.put("user", user);
            map.put("iam_role_arn", iamRoleArn);
        }
        map.put("created", created.toMap(k));
        return map;
    }

    /** Writes the file whole (a temporary file renamed over it), so a reader never sees half of it. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, Json.write(toMap()), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The state file as {@code infra up} left it, or null when there is none. A file of another kind or for another
     * warehouse name is returned as it is: the caller compares. A file written before Starling recorded what it
     * created (no "created") reads as having created nothing.
     */
    public static InfraState read(Path file) {
        String text = readText(file);
        if (text == null) {
            return null;
        }
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text); // JSON is YAML
        } catch (YAMLException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw StarlingException.at(Path.of(RELATIVE_PATH), 0, "is not a JSON object; delete it only if you know that"
                    + " nothing `starling infra up` made is still running (see `starling infra status`)");
        }
        Created created = Created.NOTHING;
        if (map.get("created") instanceof Map<?, ?> c) {
            Rule rule = null;
            if (c.get("ingress_rule") instanceof Map<?, ?> r && r.get("group_id") != null && r.get("rule_id") != null) {
                rule = new Rule(String.valueOf(r.get("group_id")), String.valueOf(r.get("rule_id")),
                        r.get("cidr") == null ? null : String.valueOf(r.get("cidr")), number(r.get("port"), 5439));
            }
            created = new Created(Boolean.TRUE.equals(c.get("iam_role")), Boolean.TRUE.equals(c.get("cluster")),
                    Boolean.TRUE.equals(c.get("namespace")), Boolean.TRUE.equals(c.get("workgroup")), rule);
        }
        Object kind = map.get("kind");
        return new InfraState(kind == null ? "cluster" : String.valueOf(kind), string(map.get("cluster_identifier")),
                string(map.get("namespace")), string(map.get("workgroup")), string(map.get("region")),
                string(map.get("host")), map.get("port") == null ? null : number(map.get("port"), 5439),
                string(map.get("database")), string(map.get("user")), string(map.get("iam_role_arn")), created);
    }

    /** Whether this state is about the warehouse that {@code config} names (same kind and names). */
    boolean describes(InfraConfig config) {
        if (!config.kind().word().equals(kind)) {
            return false;
        }
        return config.kind() == InfraConfig.Kind.CLUSTER ? config.clusterIdentifier().equals(clusterIdentifier)
                : config.namespace().equals(namespace) && config.workgroup().equals(workgroup);
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static int number(Object value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The file's text, or null when there is none. */
    public static String readText(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file; returns whether there was one. */
    public static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
