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
 * A stand-in for the AWS control-plane APIs that {@code infra} (and the Redshift driver's IAM login) call, on
 * loopback: IAM (version 2010-05-08), Redshift (2012-12-01) and EC2 (2016-11-15), all AWS Query protocol
 * (form-encoded POST {@code Action=...&Version=...}, XML answers; errors as {@code <ErrorResponse>}, EC2's as
 * {@code <Response><Errors>}), and Redshift Serverless (JSON 1.1: {@code X-Amz-Target: RedshiftServerless.Action},
 * errors as {@code {"__type": ..., "message": ...}}). It keeps one role, one cluster, one namespace, one workgroup
 * and the default security group's inbound rules, with small state machines (a new cluster is "creating" for
 * {@link #creatingPolls} DescribeClusters, then "available"; a deleted one is "deleting" for {@link #deletingPolls},
 * then gone; a workgroup likewise with CREATING / AVAILABLE / DELETING), and records every request. It refuses what
 * AWS refuses: dc2.* and ds2.* node types for a new cluster, a rule that is already there, a quota used up.
 */
final class AwsStub implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String REDSHIFT_NS = "http://redshift.amazonaws.com/doc/2012-12-01/";
    static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    /** The default VPC's default security group: where a cluster or workgroup made without one lands. */
    static final String DEFAULT_GROUP = "sg-0defa017c0ffee123";
    /** The node types this stand-in offers (DescribeOrderableClusterOptions), as AWS does for new clusters. */
    static final List<String> ORDERABLE = List.of("ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge");

    /**
     * One request as the stub received it: the form parameters, decoded (for Serverless: the JSON body's top-level
     * members, lists and objects as text), and the signature header.
     */
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
        boolean publiclyAccessible;
    }

    /** The Serverless namespace the stub knows (null = none). */
    static final class StubNamespace {
        String name;
        String status = "AVAILABLE";
        String db;
        String user;
        List<String> roles = new ArrayList<>();
        String defaultRole;
        int pollsLeft;
    }

    /** The Serverless workgroup the stub knows (null = none). */
    static final class StubWorkgroup {
        String name;
        String namespace;
        String status;
        int baseCapacity;
        int port;
        boolean publiclyAccessible;
        int pollsLeft;
    }

    /** An inbound rule of a security group. */
    record StubRule(String groupId, String ruleId, String protocol, int fromPort, int toPort, String cidr,
                    String description) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();

    // state, changed by the requests (tests may preset it)
    String roleName;
    String roleTrustPolicy;
    final Set<String> attachedPolicies = new LinkedHashSet<>();
    StubCluster cluster;
    StubNamespace namespace;
    StubWorkgroup workgroup;
    /** Inbound rules, in the order added (the default group starts with none from outside). */
    final List<StubRule> rules = new ArrayList<>();
    private int nextRule = 1;

    // behaviour
    int creatingPolls = 2;
    int deletingPolls = 2;
    boolean neverAvailable;
    boolean neverGone;
    /** A new namespace is MODIFYING for this many GetNamespace calls, then AVAILABLE. */
    int namespaceModifyingPolls;
    /** Actions answered with access denied (each service's code and shape). */
    final Set<String> denied = new HashSet<>();
    /** Actions answered with the service's quota error (ClusterQuotaExceeded, ServiceQuotaExceededException, ...). */
    final Set<String> quotaExceeded = new HashSet<>();
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
        cluster.nodeType = "ra3.large";
        cluster.nodes = 2;
        cluster.db = "sparkify";
        cluster.user = "sparkify_admin";
        cluster.port = 5439;
        cluster.pollsLeft = status.equals("creating") ? creatingPolls : deletingPolls;
        return cluster;
    }

    /** A namespace that already exists. */
    synchronized StubNamespace presetNamespace(String name) {
        namespace = new StubNamespace();
        namespace.name = name;
        namespace.db = "sparkify";
        namespace.user = "sparkify_admin";
        return namespace;
    }

    /** A workgroup that already exists in {@code status}. */
    synchronized StubWorkgroup presetWorkgroup(String name, String namespaceName, String status) {
        workgroup = new StubWorkgroup();
        workgroup.name = name;
        workgroup.namespace = namespaceName;
        workgroup.status = status;
        workgroup.baseCapacity = 8;
        workgroup.port = 5439;
        workgroup.publiclyAccessible = true;
        workgroup.pollsLeft = status.equals("CREATING") ? creatingPolls : deletingPolls;
        return workgroup;
    }

    /** A rule someone else added to the default group. */
    synchronized StubRule presetRule(String cidr, int port) {
        StubRule rule = new StubRule(DEFAULT_GROUP, "sgr-0preset" + String.format("%08d", nextRule++), "tcp", port, port,
                cidr, "added by hand");
        rules.add(rule);
        return rule;
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
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            handleJson(exchange, target, body);
            return;
        }
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
        send(exchange, answer, "text/xml");
    }

    private void send(HttpExchange exchange, Answer answer, String contentType) throws IOException {
        byte[] bytes = answer.xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
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
        boolean ec2 = "2016-11-15".equals(p.get("Version"));
        String ns = iam ? IAM_NS : REDSHIFT_NS;
        if (ec2) {
            return ec2(action, p);
        }
        if (!iam && !redshift) {
            return error(400, REDSHIFT_NS, "InvalidAction", "unknown Version " + p.get("Version"));
        }
        if (redshift && quotaExceeded.contains(action)) {
            return error(400, REDSHIFT_NS, "ClusterQuotaExceeded", "The request would exceed the allowed number of"
                    + " clusters for this account.");
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
                String nodeType = String.valueOf(p.get("NodeType"));
                if (!ORDERABLE.contains(nodeType)) { // dc2.* and ds2.* among them: not offered for new clusters
                    return error(400, REDSHIFT_NS, "InvalidParameterValue", "Invalid node type: " + nodeType);
                }
                cluster = new StubCluster();
                cluster.id = id;
                cluster.status = "creating";
                cluster.nodeType = p.get("NodeType");
                cluster.nodes = p.containsKey("NumberOfNodes") ? Integer.parseInt(p.get("NumberOfNodes")) : 1;
                cluster.db = p.get("DBName");
                cluster.user = p.get("MasterUsername");
                cluster.port = p.containsKey("Port") ? Integer.parseInt(p.get("Port")) : 5439;
                cluster.publiclyAccessible = "true".equals(p.get("PubliclyAccessible"));
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
            case "DescribeOrderableClusterOptions" -> {
                StringBuilder options = new StringBuilder();
                for (String type : ORDERABLE) {
                    options.append("<OrderableClusterOption><ClusterVersion>1.0</ClusterVersion><ClusterType>multi-node"
                            + "</ClusterType><NodeType>").append(type).append("</NodeType><AvailabilityZones>"
                            + "<AvailabilityZone><Name>us-west-2a</Name></AvailabilityZone></AvailabilityZones>"
                            + "</OrderableClusterOption>");
                }
                return ok(REDSHIFT_NS, action, "<OrderableClusterOptions>" + options + "</OrderableClusterOptions>");
            }
            case "GetClusterCredentials" -> {
                if (!exists) {
                    return clusterNotFound(id);
                }
                return ok(REDSHIFT_NS, action, "<DbUser>IAM:" + esc(p.get("DbUser")) + "</DbUser><DbPassword>"
                        + "stand-in-temporary-password</DbPassword><Expiration>2030-01-01T00:00:00Z</Expiration>");
            }
            default -> {
                return error(400, REDSHIFT_NS, "InvalidAction", "Could not find operation " + action);
            }
        }
    }

    // ---- EC2 ---------------------------------------------------------------------------------------------------

    private Answer ec2(String action, Map<String, String> p) {
        if (denied.contains(action)) {
            return ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation. User:"
                    + " arn:aws:iam::" + ACCOUNT + ":user/starling-test is not authorized to perform: ec2:" + action
                    + " on resource: arn:aws:ec2:us-west-2:" + ACCOUNT + ":security-group/" + p.get("GroupId")
                    + " because no identity-based policy allows the ec2:" + action + " action");
        }
        if (quotaExceeded.contains(action)) {
            return ec2Error(400, "RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group"
                    + " has been reached.");
        }
        String group = p.get("GroupId");
        if (!DEFAULT_GROUP.equals(group)) {
            return ec2Error(400, "InvalidGroup.NotFound", "The security group '" + group + "' does not exist");
        }
        switch (action) {
            case "AuthorizeSecurityGroupIngress" -> {
                String protocol = p.get("IpPermissions.1.IpProtocol");
                int from = Integer.parseInt(p.get("IpPermissions.1.FromPort"));
                int to = Integer.parseInt(p.get("IpPermissions.1.ToPort"));
                String cidr = p.get("IpPermissions.1.IpRanges.1.CidrIp");
                for (StubRule r : rules) {
                    if (r.protocol().equals(protocol) && r.fromPort() == from && r.toPort() == to && r.cidr().equals(cidr)) {
                        return ec2Error(400, "InvalidPermission.Duplicate", "the specified rule \"peer: " + cidr + ", "
                                + protocol.toUpperCase() + ", from port: " + from + ", to port: " + to + ", ALLOW\" already exists");
                    }
                }
                StubRule rule = new StubRule(group, "sgr-0" + String.format("%016x", 0xabc000L + nextRule++), protocol,
                        from, to, cidr, p.get("IpPermissions.1.IpRanges.1.Description"));
                rules.add(rule);
                return ec2Ok(action, "<return>true</return><securityGroupRuleSet><item><groupOwnerId>" + ACCOUNT
                        + "</groupOwnerId><groupId>" + group + "</groupId><securityGroupRuleId>" + rule.ruleId()
                        + "</securityGroupRuleId><isEgress>false</isEgress><ipProtocol>" + protocol + "</ipProtocol>"
                        + "<fromPort>" + from + "</fromPort><toPort>" + to + "</toPort><cidrIpv4>" + esc(cidr)
                        + "</cidrIpv4><description>" + esc(rule.description()) + "</description></item>"
                        + "</securityGroupRuleSet>");
            }
            case "RevokeSecurityGroupIngress" -> {
                String ruleId = p.get("SecurityGroupRuleId.1");
                boolean removed = rules.removeIf(r -> r.ruleId().equals(ruleId));
                if (!removed) {
                    return ec2Error(400, "InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + ruleId
                            + "' does not exist");
                }
                return ec2Ok(action, "<return>true</return>");
            }
            default -> {
                return ec2Error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
            }
        }
    }

    private static Answer ec2Ok(String action, String inner) {
        return new Answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + EC2_NS
                + "\"><requestId>" + UUID.randomUUID() + "</requestId>" + inner + "</" + action + "Response>");
    }

    private static Answer ec2Error(int status, String code, String message) {
        return new Answer(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + esc(code)
                + "</Code><Message>" + esc(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                + "</RequestID></Response>");
    }

    // ---- Redshift Serverless (JSON) ----------------------------------------------------------------------------

    private void handleJson(HttpExchange exchange, String target, String body) throws IOException {
        String action = target.substring(target.indexOf('.') + 1);
        Object parsed = body.isBlank() ? Map.of() : new org.yaml.snakeyaml.Yaml().load(body);
        Map<String, Object> json = new LinkedHashMap<>();
        if (parsed instanceof Map<?, ?> map) {
            map.forEach((k, v) -> json.put(String.valueOf(k), v));
        }
        Map<String, String> params = new TreeMap<>();
        json.forEach((k, v) -> params.put(k, String.valueOf(v)));
        Answer answer;
        synchronized (this) {
            requests.add(new Request(action, params, exchange.getRequestHeaders().getFirst("Authorization")));
            answer = serverless(action, json);
        }
        send(exchange, answer, "application/x-amz-json-1.1");
    }

    private Answer serverless(String action, Map<String, Object> p) {
        if (denied.contains(action)) {
            return jsonError(400, "AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/starling-test is not"
                    + " authorized to perform: redshift-serverless:" + action + " because no identity-based policy allows"
                    + " the redshift-serverless:" + action + " action");
        }
        if (quotaExceeded.contains(action)) {
            return jsonError(400, "ServiceQuotaExceededException", "You have reached the maximum number of "
                    + (action.contains("Namespace") ? "namespaces" : "workgroups") + " for this account.");
        }
        String nsName = String.valueOf(p.get("namespaceName"));
        String wgName = String.valueOf(p.get("workgroupName"));
        boolean nsExists = namespace != null && namespace.name.equals(nsName);
        boolean wgExists = workgroup != null && workgroup.name.equals(wgName);
        switch (action) {
            case "GetNamespace" -> {
                if (!nsExists) {
                    return notFound("namespace", nsName);
                }
                if (namespace.status.equals("MODIFYING") && namespace.pollsLeft-- <= 0) {
                    namespace.status = "AVAILABLE";
                }
                if (namespace.status.equals("DELETING") && !neverGone && namespace.pollsLeft-- <= 0) {
                    namespace = null;
                    return notFound("namespace", nsName);
                }
                return jsonOk("{\"namespace\":" + namespaceJson() + "}");
            }
            case "CreateNamespace" -> {
                if (nsExists) {
                    return jsonError(400, "ConflictException", "Namespace " + nsName + " already exists.");
                }
                namespace = new StubNamespace();
                namespace.name = nsName;
                namespace.db = String.valueOf(p.get("dbName"));
                namespace.user = String.valueOf(p.get("adminUsername"));
                if (p.get("iamRoles") instanceof List<?> roles) {
                    roles.forEach(r -> namespace.roles.add(String.valueOf(r)));
                }
                namespace.defaultRole = p.get("defaultIamRoleArn") == null ? null : String.valueOf(p.get("defaultIamRoleArn"));
                if (namespaceModifyingPolls > 0) {
                    namespace.status = "MODIFYING";
                    namespace.pollsLeft = namespaceModifyingPolls;
                }
                return jsonOk("{\"namespace\":" + namespaceJson() + "}");
            }
            case "DeleteNamespace" -> {
                if (!nsExists) {
                    return notFound("namespace", nsName);
                }
                if (workgroup != null && workgroup.namespace.equals(nsName)) {
                    return jsonError(400, "ConflictException", "There are workgroups associated with namespace "
                            + nsName + ". Delete them first.");
                }
                namespace.status = "DELETING";
                namespace.pollsLeft = deletingPolls;
                return jsonOk("{\"namespace\":" + namespaceJson() + "}");
            }
            case "GetWorkgroup" -> {
                if (!wgExists) {
                    return notFound("workgroup", wgName);
                }
                if (workgroup.status.equals("CREATING") && !neverAvailable && workgroup.pollsLeft-- <= 0) {
                    workgroup.status = "AVAILABLE";
                }
                if (workgroup.status.equals("DELETING") && !neverGone && workgroup.pollsLeft-- <= 0) {
                    workgroup = null;
                    return notFound("workgroup", wgName);
                }
                return jsonOk("{\"workgroup\":" + workgroupJson() + "}");
            }
            case "CreateWorkgroup" -> {
                if (wgExists) {
                    return jsonError(400, "ConflictException", "Workgroup " + wgName + " already exists.");
                }
                if (!nsExists) {
                    return notFound("namespace", nsName);
                }
                if (!namespace.status.equals("AVAILABLE")) {
                    return jsonError(400, "ConflictException", "Namespace " + nsName + " is in " + namespace.status
                            + " state; try again later.");
                }
                workgroup = new StubWorkgroup();
                workgroup.name = wgName;
                workgroup.namespace = nsName;
                workgroup.status = "CREATING";
                workgroup.baseCapacity = p.get("baseCapacity") == null ? 128 : ((Number) p.get("baseCapacity")).intValue();
                workgroup.port = p.get("port") == null ? 5439 : ((Number) p.get("port")).intValue();
                workgroup.publiclyAccessible = Boolean.TRUE.equals(p.get("publiclyAccessible"));
                workgroup.pollsLeft = creatingPolls;
                return jsonOk("{\"workgroup\":" + workgroupJson() + "}");
            }
            case "DeleteWorkgroup" -> {
                if (!wgExists) {
                    return notFound("workgroup", wgName);
                }
                if (!workgroup.status.equals("AVAILABLE")) {
                    return jsonError(400, "ConflictException", "Workgroup " + wgName + " is in " + workgroup.status
                            + " state; try again later.");
                }
                workgroup.status = "DELETING";
                workgroup.pollsLeft = deletingPolls;
                return jsonOk("{\"workgroup\":" + workgroupJson() + "}");
            }
            case "GetCredentials" -> {
                if (!wgExists) {
                    return notFound("workgroup", wgName);
                }
                return jsonOk("{\"dbUser\":\"IAMR:starling-test\",\"dbPassword\":\"stand-in-temporary-password\","
                        + "\"expiration\":1893456000,\"nextRefreshTime\":1893456000}");
            }
            default -> {
                return jsonError(400, "UnknownOperationException", "Unknown operation " + action);
            }
        }
    }

    private Answer notFound(String what, String name) {
        return jsonError(400, "ResourceNotFoundException", (what.equals("namespace") ? "Namespace" : "Workgroup") + " "
                + name + " not found.");
    }

    private String namespaceJson() {
        StringBuilder roles = new StringBuilder();
        for (String arn : namespace.roles) {
            roles.append(roles.length() == 0 ? "" : ",").append(quote("IamRole(applyStatus=in-sync, iamRoleArn=" + arn + ")"));
        }
        return "{\"namespaceName\":" + quote(namespace.name) + ",\"namespaceId\":\"0f1e2d3c-stub\",\"namespaceArn\":"
                + quote("arn:aws:redshift-serverless:us-west-2:" + ACCOUNT + ":namespace/0f1e2d3c-stub")
                + ",\"status\":" + quote(namespace.status) + ",\"dbName\":" + quote(namespace.db) + ",\"adminUsername\":"
                + quote(namespace.user) + ",\"iamRoles\":[" + roles + "]"
                + (namespace.defaultRole == null ? "" : ",\"defaultIamRoleArn\":" + quote(namespace.defaultRole)) + "}";
    }

    private String workgroupJson() {
        String endpoint = workgroup.status.equals("CREATING") ? "" : ",\"endpoint\":{\"address\":"
                + quote(serverlessHost(workgroup.name)) + ",\"port\":" + workgroup.port + "}";
        return "{\"workgroupName\":" + quote(workgroup.name) + ",\"workgroupId\":\"9a8b7c6d-stub\",\"namespaceName\":"
                + quote(workgroup.namespace) + ",\"status\":" + quote(workgroup.status) + ",\"baseCapacity\":"
                + workgroup.baseCapacity + ",\"port\":" + workgroup.port + ",\"publiclyAccessible\":"
                + workgroup.publiclyAccessible + ",\"securityGroupIds\":[" + quote(DEFAULT_GROUP) + "]" + endpoint + "}";
    }

    static String serverlessHost(String workgroupName) {
        return workgroupName + "." + ACCOUNT + ".us-west-2.redshift-serverless.amazonaws.com";
    }

    private static Answer jsonOk(String json) {
        return new Answer(200, json);
    }

    private static Answer jsonError(int status, String type, String message) {
        return new Answer(status, "{\"__type\":" + quote(type) + ",\"message\":" + quote(message) + "}");
    }

    private static String quote(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
                + "<NumberOfNodes>" + cluster.nodes + "</NumberOfNodes><PubliclyAccessible>" + cluster.publiclyAccessible
                + "</PubliclyAccessible><VpcSecurityGroups><VpcSecurityGroup><VpcSecurityGroupId>" + DEFAULT_GROUP
                + "</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroup></VpcSecurityGroups><IamRoles>" + roles
                + "</IamRoles></Cluster>";
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
