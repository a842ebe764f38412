package dev.starling.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A stand-in for the two AWS control-plane APIs that {@code infra} calls, on loopback: IAM (version 2010-05-08)
 * and Redshift (2012-12-01), both AWS Query protocol (form-encoded POST {@code Action=...&Version=...}, XML
 * answers, {@code <ErrorResponse>} with a code on errors). It keeps one role and one cluster with a small state
 * machine (a new cluster is "creating" for {@link #creatingPolls} DescribeClusters, then "available"; a deleted
 * one is "deleting" for {@link #deletingPolls}, then gone) and records every request.
 */
final class AwsStub implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String REDSHIFT_NS = "http://redshift.amazonaws.com/doc/2012-12-01/";

    /** One request as the stub received it: the form parameters, decoded, and the signature header. */
    record Request(String action, Map<String, String> params, String authorization) {
        String param(String name) {
            return params.get(name);
        }
    }

    /** The one cluster the stub knows (null = none). */
    static final class StubCluster {
        String id;
        String status;
        String nodeType;
        int nodes;
        String db;
        String user;
        int port;
        List<String> roles = new ArrayList<>();
        int pollsLeft;
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    // state, changed by the requests (tests may preset it)
    String roleName;
    String roleTrustPolicy;
    final Set<String> attachedPolicies = new LinkedHashSet<>();
    StubCluster cluster;

    // behaviour
    int creatingPolls = 2;
    int deletingPolls = 2;
    boolean neverAvailable;
    boolean neverGone;
    /** Actions answered with 403 AccessDenied. */
    final Set<String> denied = new HashSet<>();
    /** GetRole answers NoSuchEntity this many times although the role exists (another user made it meanwhile). */
    int hideRoleFromGetRole;

    AwsStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> actions() {
        return requests.stream().map(Request::action).toList();
    }

    synchronized List<Request> requests(String action) {
        return requests.stream().filter(r -> r.action().equals(action)).toList();
    }

    synchronized void clearRequests() {
        requests.clear();
    }

    /** A role that already exists (made by someone, or an earlier run). */
    synchronized void presetRole(String name) {
        roleName = name;
        roleTrustPolicy = InfraService.TRUST_POLICY;
    }

    /** A cluster that already exists in {@code status}. */
    synchronized StubCluster presetCluster(String id, String status) {
        cluster = new StubCluster();
        cluster.id = id;
        cluster.status = status;
        cluster.nodeType = "dc2.large";
        cluster.nodes = 4;
        cluster.db = "sparkify";
        cluster.user = "sparkify_admin";
        cluster.port = 5439;
        cluster.pollsLeft = status.equals("creating") ? creatingPolls : deletingPolls;
        return cluster;
    }

    String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> params = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        String action = params.getOrDefault("Action", "");
        Answer answer;
        synchronized (this) {
            requests.add(new Request(action, params, exchange.getRequestHeaders().getFirst("Authorization")));
            answer = answer(action, params);
        }
        byte[] bytes = answer.xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(answer.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Answer(int status, String xml) {
    }

    private Answer answer(String action, Map<String, String> p) {
        boolean iam = "2010-05-08".equals(p.get("Version"));
        boolean redshift = "2012-12-01".equals(p.get("Version"));
        String ns = iam ? IAM_NS : REDSHIFT_NS;
        if (!iam && !redshift) {
            return error(400, REDSHIFT_NS, "InvalidAction", "unknown Version " + p.get("Version"));
        }
        if (denied.contains(action)) {
            String service = iam ? "iam" : "redshift";
            return error(403, ns, "AccessDenied", "User: arn:aws:iam::" + ACCOUNT + ":user/starling-test is not"
                    + " authorized to perform: " + service + ":" + action + " because no identity-based policy allows the "
                    + service + ":" + action + " action");
        }
        return iam ? iam(action, p) : redshift(action, p);
    }

    private Answer iam(String action, Map<String, String> p) {
        String name = p.get("RoleName");
        boolean exists = roleName != null && roleName.equals(name);
        switch (action) {
            case "GetRole" -> {
                if (!exists || hideRoleFromGetRole > 0) {
                    hideRoleFromGetRole = Math.max(0, hideRoleFromGetRole - 1);
                    return noSuchRole(name);
                }
                return ok(IAM_NS, action, roleXml());
            }
            case "CreateRole" -> {
                if (exists) {
                    return error(409, IAM_NS, "EntityAlreadyExists", "Role with name " + name + " already exists.");
                }
                roleName = name;
                roleTrustPolicy = p.get("AssumeRolePolicyDocument");
                return ok(IAM_NS, action, roleXml());
            }
            case "AttachRolePolicy" -> {
                if (!exists) {
                    return noSuchRole(name);
                }
                attachedPolicies.add(p.get("PolicyArn"));
                return ok(IAM_NS, action, null);
            }
            case "ListAttachedRolePolicies" -> {
                if (!exists) {
                    return noSuchRole(name);
                }
                StringBuilder members = new StringBuilder();
                for (String arn : attachedPolicies) {
                    members.append("<member><PolicyName>").append(esc(arn.substring(arn.lastIndexOf('/') + 1)))
                            .append("</PolicyName><PolicyArn>").append(esc(arn)).append("</PolicyArn></member>");
                }
                return ok(IAM_NS, action, "<AttachedPolicies>" + members + "</AttachedPolicies><IsTruncated>false</IsTruncated>");
            }
            case "DetachRolePolicy" -> {
                if (!exists) {
                    return noSuchRole(name);
                }
                if (!attachedPolicies.remove(p.get("PolicyArn"))) {
                    return error(404, IAM_NS, "NoSuchEntity", "Policy " + p.get("PolicyArn") + " was not found.");
                }
                return ok(IAM_NS, action, null);
            }
            case "DeleteRole" -> {
                if (!exists) {
                    return noSuchRole(name);
                }
                if (!attachedPolicies.isEmpty()) {
                    return error(409, IAM_NS, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
                }
                roleName = null;
                roleTrustPolicy = null;
                return ok(IAM_NS, action, null);
            }
            default -> {
                return error(400, IAM_NS, "InvalidAction", "Could not find operation " + action);
            }
        }
    }

    private Answer redshift(String action, Map<String, String> p) {
        String id = p.get("ClusterIdentifier");
        boolean exists = cluster != null && cluster.id.equals(id);
        switch (action) {
            case "DescribeClusters" -> {
                if (!exists) {
                    return clusterNotFound(id);
                }
                if (cluster.status.equals("creating") && !neverAvailable && cluster.pollsLeft-- <= 0) {
                    cluster.status = "available";
                }
                if (cluster.status.equals("deleting") && !neverGone && cluster.pollsLeft-- <= 0) {
                    cluster = null;
                    return clusterNotFound(id);
                }
                return ok(REDSHIFT_NS, action, "<Clusters>" + clusterXml() + "</Clusters>");
            }
            case "CreateCluster" -> {
                if (exists) {
                    return error(400, REDSHIFT_NS, "ClusterAlreadyExists", "Cluster already exists");
                }
                cluster = new StubCluster();
                cluster.id = id;
                cluster.status = "creating";
                cluster.nodeType = p.get("NodeType");
                cluster.nodes = p.containsKey("NumberOfNodes") ? Integer.parseInt(p.get("NumberOfNodes")) : 1;
                cluster.db = p.get("DBName");
                cluster.user = p.get("MasterUsername");
                cluster.port = p.containsKey("Port") ? Integer.parseInt(p.get("Port")) : 5439;
                p.forEach((key, value) -> {
                    if (key.startsWith("IamRoles.")) {
                        cluster.roles.add(value);
                    }
                });
                cluster.pollsLeft = creatingPolls;
                return ok(REDSHIFT_NS, action, clusterXml());
            }
            case "DeleteCluster" -> {
                if (!exists) {
                    return clusterNotFound(id);
                }
                if (!cluster.status.equals("available")) {
                    return error(400, REDSHIFT_NS, "InvalidClusterState", "There is an operation running on the Cluster."
                            + " Please try to delete it at a later time.");
                }
                cluster.status = "deleting";
                cluster.pollsLeft = deletingPolls;
                return ok(REDSHIFT_NS, action, clusterXml());
            }
            default -> {
                return error(400, REDSHIFT_NS, "InvalidAction", "Could not find operation " + action);
            }
        }
    }

    private Answer noSuchRole(String name) {
        return error(404, IAM_NS, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    private Answer clusterNotFound(String id) {
        return error(404, REDSHIFT_NS, "ClusterNotFound", "Cluster " + id + " not found.");
    }

    private String roleXml() {
        return "<Role><Path>/</Path><RoleName>" + esc(roleName) + "</RoleName><RoleId>AROAEXAMPLE0000000001</RoleId>"
                + "<Arn>" + esc(roleArn(roleName)) + "</Arn><CreateDate>2024-06-01T12:00:00Z</CreateDate>"
                + "<AssumeRolePolicyDocument>" + esc(java.net.URLEncoder.encode(String.valueOf(roleTrustPolicy),
                StandardCharsets.UTF_8)) + "</AssumeRolePolicyDocument></Role>";
    }

    private String clusterXml() {
        StringBuilder roles = new StringBuilder();
        for (String arn : cluster.roles) {
            roles.append("<ClusterIamRole><IamRoleArn>").append(esc(arn))
                    .append("</IamRoleArn><ApplyStatus>in-sync</ApplyStatus></ClusterIamRole>");
        }
        String endpoint = cluster.status.equals("creating") ? "" : "<Endpoint><Address>" + esc(host(cluster.id))
                + "</Address><Port>" + cluster.port + "</Port></Endpoint>";
        return "<Cluster><ClusterIdentifier>" + esc(cluster.id) + "</ClusterIdentifier><NodeType>" + esc(cluster.nodeType)
                + "</NodeType><ClusterStatus>" + esc(cluster.status) + "</ClusterStatus><MasterUsername>"
                + esc(cluster.user) + "</MasterUsername><DBName>" + esc(cluster.db) + "</DBName>" + endpoint
                + "<NumberOfNodes>" + cluster.nodes + "</NumberOfNodes><IamRoles>" + roles + "</IamRoles></Cluster>";
    }

    static String host(String clusterId) {
        return clusterId + ".c0ffee123abc.us-west-2.redshift.amazonaws.com";
    }

    private static Answer ok(String ns, String action, String result) {
        String inner = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
        return new Answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + ns + "\">"
                + inner + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>");
    }

    private static Answer error(int status, String ns, String code, String message) {
        return new Answer(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + ns + "\"><Error>"
                + "<Type>Sender</Type><Code>" + esc(code) + "</Code><Message>" + esc(message) + "</Message></Error>"
                + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

}
