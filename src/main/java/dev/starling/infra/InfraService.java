package dev.starling.infra;

import dev.starling.StarlingException;
import dev.starling.infra.InfraConfig.Kind;
import dev.starling.infra.InfraState.Created;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.DeleteRoleRequest;
import software.amazon.awssdk.services.iam.model.DetachRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.ClusterIamRole;
import software.amazon.awssdk.services.redshift.model.CreateClusterRequest;
import software.amazon.awssdk.services.redshift.model.DeleteClusterRequest;
import software.amazon.awssdk.services.redshift.model.DescribeClustersRequest;
import software.amazon.awssdk.services.redshift.model.DescribeOrderableClusterOptionsRequest;
import software.amazon.awssdk.services.redshift.model.OrderableClusterOption;
import software.amazon.awssdk.services.redshift.model.VpcSecurityGroupMembership;

/**
 * {@code starling infra up | status | down}: the IAM role Redshift assumes to read S3, the warehouse (a cluster, or
 * a Serverless namespace and workgroup: see {@link ServerlessSteps}) and the inbound rule that lets
 * {@code infra.allow_cidr} reach its port, as the {@code infra:} section of project.yml describes them. Every
 * operation is safe to repeat: what exists is reused (up) or reported absent (down). {@code up} records in
 * {@code .starling/infra.json} what it created; {@code down} deletes that and only that, and says what it keeps.
 * With dry run, every call is printed (password redacted) and none is sent.
 */
public final class InfraService {

    /** AWS's managed policy that lets the warehouse's COPY read any S3 bucket the account can read. */
    public static final String S3_READ_ONLY_POLICY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    /** The trust policy of a cluster's role: the Redshift service may assume the role. */
    public static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    /** A Serverless namespace's role: Redshift and Redshift Serverless may assume it. */
    public static final String SERVERLESS_TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":[\"redshift.amazonaws.com\",\"redshift-serverless.amazonaws.com\"]},"
            + "\"Action\":\"sts:AssumeRole\"}]}";
    /** Node types to suggest when AWS cannot be asked which it offers (current generation, smallest first). */
    static final List<String> CURRENT_NODE_TYPES = List.of("ra3.large", "ra3.xlplus", "ra3.4xlarge", "ra3.16xlarge");

    /** Cluster states from which it will not become available by waiting. */
    private static final Set<String> FAILED_STATES = Set.of("hardware-failure", "incompatible-hsm",
            "incompatible-network", "incompatible-parameters", "incompatible-restore", "storage-full");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)");

    private final InfraConfig config;
    private final RedshiftClient redshift;
    private final IamClient iam;
    private final PrintWriter out;
    private final Waits waits;
    private final Reachability.Probe probe;
    private final AwsCalls calls;
    private final Ingress ingress;
    private final ServerlessSteps serverless;

    public InfraService(InfraConfig config, AwsClients aws, PrintWriter out, Waits waits, Reachability.Probe probe) {
        this.config = config;
        this.redshift = aws.redshift();
        this.iam = aws.iam();
        this.out = out;
        this.waits = waits;
        this.probe = probe;
        this.calls = new AwsCalls(config, out);
        this.ingress = new Ingress(config, aws::ec2, calls, out);
        this.serverless = new ServerlessSteps(config, aws::serverless, calls, out);
    }

    private boolean isCluster() {
        return config.kind() == Kind.CLUSTER;
    }

    private <T> T call(String action, String subject, Supplier<T> invoke, String... expected) {
        return calls.call(action, subject, invoke, expected);
    }

    // ---- up --------------------------------------------------------------------------------------------------

    /**
     * Creates (or reuses) the role and the warehouse, waits until it is available, lets {@code allow_cidr} in on
     * its port, and writes the state file (after each thing created, and whole at the end).
     */
    public InfraState up(boolean dryRun) {
        // a missing variable or weak password stops before any call; a dry run needs no secret: it says so and goes on
        String password;
        String passwordProblem = null;
        try {
            password = config.masterPassword();
        } catch (StarlingException problem) {
            if (!dryRun) {
                throw problem;
            }
            password = "<not set>";
            passwordProblem = problem.getMessage();
        }
        out.println("Starling: infra up: " + config.subject() + (isCluster() ? "" : " (namespace " + config.namespace()
                + ", Redshift Serverless)") + " in " + config.region() + (dryRun ? " (dry run: nothing is sent)" : ""));
        if (config.allowCidr() != null && Boolean.FALSE.equals(config.publiclyAccessible())) {
            out.println("  warning: infra.allow_cidr is set but infra.publicly_accessible is false: the endpoint stays"
                    + " private, so the rule lets in only addresses inside the VPC");
        }
        if (dryRun) {
            if (passwordProblem != null) {
                out.println("  note: " + passwordProblem + " (infra up without --dry-run stops here)");
            }
            planUp(password);
            return null;
        }
        InfraState prior = InfraState.read(config.stateFile());
        if (prior != null && !prior.describes(config) && !prior.created().equals(Created.NOTHING)) {
            String other = "cluster".equals(prior.kind()) ? "cluster " + prior.clusterIdentifier()
                    : "workgroup " + prior.workgroup() + " (namespace " + prior.namespace() + ")";
            throw new InfraException(InfraState.RELATIVE_PATH + " records what `infra up` made for " + other + ", not "
                    + config.subject() + "; run `starling infra down" + ("cluster".equals(prior.kind()) ? "" : " --kind"
                    + " serverless") + "` for it first (with the project.yml it was made with), so that nothing it made"
                    + " is forgotten");
        }
        InfraState state = InfraState.begun(config, prior != null && prior.describes(config) ? prior.created() : Created.NOTHING);
        EnsuredRole role = ensureRole();
        if (role.created()) {
            state = record(state, state.created().withIamRole());
        }
        String roleArn = role.role().arn();
        String host;
        int port;
        String database;
        String user;
        String groupId;
        Boolean publiclyAccessible;
        if (isCluster()) {
            EnsuredCluster ensured = ensureCluster(roleArn, password);
            if (ensured.created()) {
                state = record(state, state.created().withCluster());
            }
            Cluster cluster = ensured.cluster();
            if (!"available".equals(cluster.clusterStatus())) {
                cluster = waitUntilAvailable();
            }
            if (cluster.endpoint() == null || cluster.endpoint().address() == null) {
                throw new InfraException("cluster " + config.clusterIdentifier() + " is available but Redshift gave no"
                        + " endpoint; run `starling infra status` in a minute, then `starling infra up` again");
            }
            host = cluster.endpoint().address();
            port = cluster.endpoint().port() != null ? cluster.endpoint().port() : config.port();
            database = cluster.dbName() != null ? cluster.dbName() : config.database();
            user = cluster.masterUsername() != null ? cluster.masterUsername() : config.masterUser();
            groupId = cluster.vpcSecurityGroups().stream().filter(g -> !"removing".equals(g.status()))
                    .map(VpcSecurityGroupMembership::vpcSecurityGroupId).findFirst().orElse(null);
            publiclyAccessible = cluster.publiclyAccessible();
        } else {
            InfraState[] holder = {state};
            ServerlessSteps.Endpoint endpoint = serverless.up(roleArn, password, waits,
                    change -> holder[0] = record(holder[0], change.apply(holder[0].created())));
            state = holder[0];
            host = endpoint.host();
            port = endpoint.port();
            database = config.database();
            user = config.masterUser();
            groupId = endpoint.securityGroupId();
            publiclyAccessible = endpoint.publiclyAccessible();
        }
        state = openPort(state, groupId, port);
        state = state.withEndpoint(host, port, database, user, roleArn);
        state.write(config.stateFile());
        out.println(config.subject() + ": available at " + host + ":" + port + ", database " + database + ", user " + user);
        if (Boolean.FALSE.equals(publiclyAccessible)) {
            out.println("  note: the endpoint is not publicly accessible: only machines in its VPC can connect"
                    + " (set infra.publicly_accessible: true for a new " + (isCluster() ? "cluster" : "workgroup") + ")");
        }
        reach(host, port);
        out.println("Wrote " + InfraState.RELATIVE_PATH + " (endpoint, role, and what infra up created) for the Redshift"
                + " target. Run `starling infra down` when you are done: " + (isCluster() ? "the cluster costs money"
                + " while it runs." : "the workgroup costs money while it runs queries, the namespace for its storage."));
        out.flush();
        return state;
    }

    /** The role, and whether this run created it. */
    private record EnsuredRole(Role role, boolean created) {
    }

    /** The cluster, and whether this run created it. */
    private record EnsuredCluster(Cluster cluster, boolean created) {
    }

    private InfraState record(InfraState state, Created created) {
        InfraState next = state.withCreated(created);
        next.write(config.stateFile());
        return next;
    }

    /**
     * Lets {@code infra.allow_cidr} in on the port. A rule recorded by an earlier run for another range or port is
     * revoked first (allow_cidr changed); one for the same range and port is kept as it is.
     */
    private InfraState openPort(InfraState state, String groupId, int port) {
        InfraState.Rule recorded = state.created().ingressRule();
        String cidr = config.allowCidr();
        if (recorded != null && (cidr == null || !recorded.cidr().equals(cidr) || recorded.port() != port
                || !recorded.groupId().equals(groupId))) {
            out.println("security group " + recorded.groupId() + ": infra.allow_cidr is now " + (cidr == null ? "unset"
                    : cidr) + "; removing the rule an earlier `infra up` added for " + recorded.cidr());
            ingress.close(recorded);
            state = record(state, state.created().withIngressRule(null));
            recorded = null;
        }
        if (cidr == null) {
            out.println("no inbound rule added (infra.allow_cidr is not set): the port is open only as the security"
                    + " group already allows");
            return state;
        }
        if (groupId == null) {
            out.println("  warning: " + config.subject() + " has no VPC security group, so no rule was added for "
                    + cidr + "; add one for TCP " + port + " in the EC2 console");
            return state;
        }
        if (recorded != null) {
            out.println("security group " + groupId + ": TCP " + port + " from " + cidr + " already allowed (rule "
                    + recorded.ruleId() + ", added by an earlier `infra up`)");
            return state;
        }
        InfraState.Rule rule = ingress.open(groupId, port);
        return rule == null ? state : record(state, state.created().withIngressRule(rule));
    }

    private void planUp(String password) {
        String roleArn = "arn:aws:iam::<account>:role/" + config.iamRoleName();
        out.println("These calls would be made:");
        calls.plan("iam:GetRole", getRole(), "");
        calls.plan("iam:CreateRole", createRole(), "if GetRole finds no role");
        calls.plan("iam:AttachRolePolicy", attachPolicy(), "");
        String group;
        if (isCluster()) {
            calls.plan("redshift:DescribeClusters", describe(), "");
            calls.plan("redshift:CreateCluster", createCluster(roleArn, password), "if DescribeClusters finds no cluster");
            calls.plan("redshift:DescribeClusters", describe(), "every " + Waits.format(config.waitInterval())
                    + " until ClusterStatus is available, for at most " + Waits.format(config.waitTimeout()));
            group = "<the cluster's VPC security group>";
        } else {
            serverless.planUp(roleArn, password);
            group = "<the workgroup's VPC security group>";
        }
        if (config.allowCidr() != null) {
            ingress.planOpen(group, config.port(), "unless the group already has this rule");
        }
        out.println("then write " + InfraState.RELATIVE_PATH + " (recording what was created, for `infra down`)");
        out.flush();
    }

    /** The role, found or created. */
    private EnsuredRole ensureRole() {
        String name = config.iamRoleName();
        Role role = findRole();
        boolean created = false;
        if (role != null) {
            out.println("IAM role " + name + ": already exists, reused (" + role.arn() + ")");
            String trust = role.assumeRolePolicyDocument() == null ? ""
                    : URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
            boolean trusted = trust.contains("redshift.amazonaws.com")
                    || !isCluster() && trust.contains("redshift-serverless.amazonaws.com");
            if (!trusted) {
                out.println("  warning: its trust policy does not name redshift.amazonaws.com"
                        + (isCluster() ? "" : " or redshift-serverless.amazonaws.com") + ", so Redshift cannot assume"
                        + " it for COPY; fix its trust policy or choose another infra.iam_role_name");
            }
        } else {
            try {
                role = call("iam:CreateRole", "role " + name, () -> iam.createRole(createRole()).role(),
                        "EntityAlreadyExists");
                created = true;
                out.println("IAM role " + name + ": created (" + role.arn() + ")");
            } catch (AwsServiceException e) { // created by someone else since GetRole
                role = findRole();
                if (role == null) {
                    throw new InfraException("IAM role " + name + " both exists (CreateRole) and does not (GetRole);"
                            + " IAM may be catching up: run `starling infra up` again in a minute");
                }
                out.println("IAM role " + name + ": already exists, reused (" + role.arn() + ")");
            }
        }
        call("iam:AttachRolePolicy", "role " + name, () -> iam.attachRolePolicy(attachPolicy()));
        out.println("IAM role " + name + ": policy AmazonS3ReadOnlyAccess attached");
        out.flush();
        return new EnsuredRole(role, created);
    }

    private EnsuredCluster ensureCluster(String roleArn, String password) {
        String id = config.clusterIdentifier();
        Cluster cluster = findCluster();
        if (cluster == null) {
            try {
                cluster = call("redshift:CreateCluster", "cluster " + id,
                        () -> redshift.createCluster(createCluster(roleArn, password)).cluster(), "ClusterAlreadyExists",
                        "InvalidParameterValue", "InvalidParameterCombination", "UnsupportedOperation");
                out.println("cluster " + id + ": creating (" + shape(cluster) + ", database " + config.database()
                        + ", user " + config.masterUser() + ", role " + config.iamRoleName() + ")");
                out.flush();
                return new EnsuredCluster(cluster, true);
            } catch (AwsServiceException e) {
                String says = AwsCalls.says(e);
                if (!"ClusterAlreadyExists".equals(AwsCalls.code(e))) {
                    if (String.valueOf(says).toLowerCase(Locale.ROOT).contains("node type")) {
                        throw nodeTypeRefused(e);
                    }
                    throw new InfraException("AWS refused redshift:CreateCluster on cluster " + id + ": "
                            + AwsCalls.code(e) + ": " + AwsCalls.oneLine(says));
                }
                // created by someone else since DescribeClusters
                cluster = findCluster();
                if (cluster == null) {
                    throw new InfraException("cluster " + id + " both exists (CreateCluster) and does not"
                            + " (DescribeClusters); run `starling infra up` again in a minute");
                }
            }
        }
        String status = cluster.clusterStatus();
        if ("deleting".equals(status)) {
            throw new InfraException("cluster " + id + " is being deleted; wait until `starling infra status` shows it"
                    + " absent, then run `starling infra up` again (or choose another infra.cluster_identifier)");
        }
        out.println("cluster " + id + ": already exists (" + status + ", " + shape(cluster) + "), reused");
        String wanted = config.numberOfNodes() + " x " + config.nodeType();
        if (!shape(cluster).equals(wanted)) {
            out.println("  warning: project.yml asks for " + wanted + "; the cluster is used as it is (resize it in the"
                    + " Redshift console, or run `starling infra down` and `starling infra up` to make it anew)");
        }
        boolean hasRole = cluster.iamRoles().stream().map(ClusterIamRole::iamRoleArn).anyMatch(roleArn::equals);
        if (!hasRole) {
            out.println("  warning: it does not have the role " + roleArn + ", so its COPY cannot read S3 with it;"
                    + " add the role to the cluster (Redshift console, 'Manage IAM roles'), or run infra down and up");
        }
        out.flush();
        return new EnsuredCluster(cluster, false);
    }

    /**
     * AWS does not offer the node type (e.g. dc2.large for a new cluster since 2025): one line naming the setting
     * and a type that AWS lists for the region (DescribeOrderableClusterOptions), or a current one when that call
     * is not allowed.
     */
    private InfraException nodeTypeRefused(AwsServiceException e) {
        List<String> offered = orderableNodeTypes();
        String suggestion = offered.contains("ra3.large") ? "ra3.large" : offered.isEmpty() ? "ra3.large" : offered.get(0);
        String listed = offered.isEmpty() ? "current types: " + String.join(", ", CURRENT_NODE_TYPES)
                : "AWS lists in " + config.region() + ": " + String.join(", ", offered);
        return new InfraException("AWS refused node type " + config.nodeType() + " (infra.node_type in project.yml): set"
                + " infra.node_type: " + suggestion + " (" + listed + "). AWS said: " + AwsCalls.code(e) + ": "
                + AwsCalls.oneLine(AwsCalls.says(e)));
    }

    /** The node types AWS offers for new clusters here, in its order without repeats; empty when it cannot be asked. */
    private List<String> orderableNodeTypes() {
        try {
            Set<String> types = new LinkedHashSet<>();
            for (OrderableClusterOption option : redshift.describeOrderableClusterOptions(
                    DescribeOrderableClusterOptionsRequest.builder().maxRecords(100).build()).orderableClusterOptions()) {
                types.add(option.nodeType());
            }
            return List.copyOf(types);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Cluster waitUntilAvailable() {
        String id = config.clusterIdentifier();
        long start = waits.nanoTime();
        while (true) {
            Cluster cluster = findCluster();
            Duration elapsed = Duration.ofNanos(waits.nanoTime() - start);
            if (cluster == null) {
                throw new InfraException("cluster " + id + " disappeared while waiting for it to be available (deleted"
                        + " by someone else?); run `starling infra up` again to create it");
            }
            String status = cluster.clusterStatus();
            if ("available".equals(status)) {
                out.println("  cluster " + id + ": available after " + Waits.format(elapsed));
                return cluster;
            }
            if (status.equals("paused")) {
                throw new InfraException("cluster " + id + " is paused and will not become available by itself;"
                        + " resume it (aws redshift resume-cluster --cluster-identifier " + id + "), then run"
                        + " `starling infra up` again");
            }
            if (FAILED_STATES.contains(status)) {
                throw new InfraException("cluster " + id + " is '" + status + "' and will not become available; read"
                        + " its events in the Redshift console, then run `starling infra down` and `starling infra up`");
            }
            out.println("  waiting for cluster " + id + ": " + status + " (" + Waits.format(elapsed) + " elapsed)");
            out.flush();
            sleepOrTimeOut(config, waits, "cluster " + id, elapsed, "to be available", status, "AWS goes on creating it:"
                    + " run `starling infra up` again to wait more (it reuses the cluster), `starling infra status` to"
                    + " look, or raise infra.wait_timeout in project.yml");
        }
    }

    static void sleepOrTimeOut(InfraConfig config, Waits waits, String subject, Duration elapsed, String waitingFor,
                               String lastStatus, String whatToDo) {
        Duration left = config.waitTimeout().minus(elapsed);
        if (left.isNegative() || left.isZero()) {
            throw new InfraException("timed out after " + Waits.format(config.waitTimeout()) + " waiting for " + subject
                    + " " + waitingFor + "; its last status was '" + lastStatus + "'. " + whatToDo);
        }
        try {
            waits.sleep(left.compareTo(config.waitInterval()) < 0 ? left : config.waitInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while waiting for " + subject + "; its last status was '"
                    + lastStatus + "'");
        }
    }

    /** Says whether this machine can open a TCP connection to the endpoint, and what to do when not. */
    private void reach(String host, int port) {
        Reachability.Result result = probe.check(host, port);
        if (result.open()) {
            out.println("reachable from here: yes (" + result.detail() + ")");
        } else {
            out.println("reachable from here: NO: " + result.detail() + "; " + result.fix());
        }
    }

    // ---- status ----------------------------------------------------------------------------------------------

    /** Prints the role, the warehouse, the inbound rule, whether the endpoint answers, and the state file. */
    public void status() {
        out.println("Starling: infra status: " + config.subject() + (isCluster() ? "" : " (namespace "
                + config.namespace() + ")") + " in " + config.region());
        Role role = findRole();
        if (role == null) {
            out.println("IAM role " + config.iamRoleName() + ": absent");
        } else {
            List<String> attached = call("iam:ListAttachedRolePolicies", "role " + config.iamRoleName(),
                    () -> iam.listAttachedRolePolicies(ListAttachedRolePoliciesRequest.builder()
                            .roleName(config.iamRoleName()).build()).attachedPolicies())
                    .stream().map(AttachedPolicy::policyArn).toList();
            out.println("IAM role " + config.iamRoleName() + ": " + role.arn() + " (AmazonS3ReadOnlyAccess "
                    + (attached.contains(S3_READ_ONLY_POLICY) ? "attached" : "NOT attached: run `starling infra up`") + ")");
        }
        String host = null;
        int port = config.port();
        boolean exists;
        if (isCluster()) {
            Cluster cluster = findCluster();
            exists = cluster != null;
            if (cluster == null) {
                out.println("cluster " + config.clusterIdentifier() + ": absent");
            } else {
                boolean hasEndpoint = cluster.endpoint() != null && cluster.endpoint().address() != null;
                if (hasEndpoint) {
                    host = cluster.endpoint().address();
                    port = cluster.endpoint().port() != null ? cluster.endpoint().port() : port;
                }
                out.println("cluster " + config.clusterIdentifier() + ": " + cluster.clusterStatus() + ", " + shape(cluster)
                        + ", endpoint " + (hasEndpoint ? host + ":" + port : "(none yet)") + ", database "
                        + cluster.dbName() + ", user " + cluster.masterUsername()
                        + (Boolean.FALSE.equals(cluster.publiclyAccessible()) ? ", NOT publicly accessible" : ""));
            }
        } else {
            ServerlessSteps.Endpoint endpoint = serverless.status();
            exists = endpoint != null;
            if (endpoint != null && endpoint.host() != null) {
                host = endpoint.host();
                port = endpoint.port();
            }
        }
        InfraState state = InfraState.read(config.stateFile());
        InfraState.Rule rule = state != null && state.describes(config) ? state.created().ingressRule() : null;
        if (rule != null) {
            out.println("inbound rule: TCP " + rule.port() + " from " + rule.cidr() + " on security group " + rule.groupId()
                    + " (rule " + rule.ruleId() + ", added by infra up)");
        } else {
            out.println("inbound rule: none added by infra up" + (config.allowCidr() == null ? " (infra.allow_cidr is not set)"
                    : " yet (run `starling infra up`)"));
        }
        if (host != null) {
            reach(host, port);
        }
        String text = InfraState.readText(config.stateFile());
        if (text == null) {
            out.println("state file " + InfraState.RELATIVE_PATH + ": absent");
        } else {
            out.println("state file " + InfraState.RELATIVE_PATH + (!exists
                    ? " (stale: its " + (isCluster() ? "cluster" : "workgroup") + " is gone; run `starling infra up`,"
                    + " or `starling infra down` to remove it):" : ":"));
            text.lines().forEach(line -> out.println("  " + line));
        }
        out.flush();
    }

    // ---- down ------------------------------------------------------------------------------------------------

    /**
     * Deletes what {@code infra up} recorded as created, and only that: the inbound rule (by its id), the cluster
     * (a final snapshot only when {@code finalSnapshot} names one) or the workgroup and then the namespace, waiting
     * until each is gone, then the role; what {@code up} found and reused is kept and named. Then removes the state
     * file.
     */
    public void down(String finalSnapshot, boolean dryRun) {
        if (finalSnapshot != null && !SNAPSHOT_ID.matcher(finalSnapshot).matches()) {
            throw StarlingException.usage("--final-snapshot '" + finalSnapshot + "' is not a valid snapshot name:"
                    + " letters, digits and single hyphens, starting with a letter, e.g. sparkify-final-2024-06-01");
        }
        out.println("Starling: infra down: " + config.subject() + (isCluster() ? "" : " (namespace " + config.namespace()
                + ")") + " in " + config.region() + (dryRun ? " (dry run: nothing is sent)" : ""));
        InfraState state = InfraState.read(config.stateFile());
        boolean recorded = state != null && state.describes(config);
        Created created = recorded ? state.created() : Created.NOTHING;
        if (state == null) {
            out.println("no " + InfraState.RELATIVE_PATH + ": no record of what `infra up` created here, so nothing is"
                    + " deleted; what exists is listed as kept");
        } else if (!recorded) {
            out.println(InfraState.RELATIVE_PATH + " is about another " + (state.kind().equals("cluster") ? "cluster "
                    + state.clusterIdentifier() : "workgroup " + state.workgroup()) + ", not " + config.subject()
                    + ": nothing of " + config.subject() + " is deleted; what exists is listed as kept");
        }
        if (dryRun) {
            planDown(finalSnapshot, created);
            return;
        }
        List<String> kept = new ArrayList<>();
        if (created.ingressRule() != null) {
            ingress.close(created.ingressRule());
        }
        if (isCluster()) {
            deleteCluster(finalSnapshot, created.cluster(), kept);
        } else {
            serverless.down(finalSnapshot, created, waits, kept);
        }
        Role role = findRole();
        if (role == null) {
            out.println("IAM role " + config.iamRoleName() + ": not found, nothing to delete");
        } else if (!created.iamRole()) {
            out.println("IAM role " + config.iamRoleName() + ": kept: " + (recorded ? "`infra up` found it and reused it"
                    : "no record that `infra up` created it") + ", so it is not Starling's to delete");
            kept.add("IAM role " + config.iamRoleName());
        } else {
            removeRole();
        }
        if (state != null && !recorded && !state.created().equals(Created.NOTHING)) {
            out.println("kept " + InfraState.RELATIVE_PATH + ": it records what `infra up` made for another warehouse");
        } else if (InfraState.delete(config.stateFile())) {
            out.println("removed " + InfraState.RELATIVE_PATH);
        }
        String snapshot = finalSnapshot == null ? "" : " but the snapshot " + finalSnapshot + " (it costs storage until"
                + " you delete it in the Redshift console)";
        out.println(kept.isEmpty() ? "Done: nothing of this project's infrastructure is left in " + config.region() + snapshot
                : "Done: what `infra up` created is deleted" + snapshot + "; kept (not created by `infra up`): "
                + String.join(", ", kept));
        out.flush();
    }

    private void planDown(String finalSnapshot, Created created) {
        out.println("These calls would be made:");
        String ifRecorded = "if " + InfraState.RELATIVE_PATH + " records that infra up created it";
        if (created.ingressRule() != null) {
            ingress.planClose(created.ingressRule(), "the rule infra up added");
        } else if (config.allowCidr() != null) {
            out.println("  ec2:RevokeSecurityGroupIngress GroupId=<recorded> SecurityGroupRuleIds=[<recorded>]   ("
                    + "if " + InfraState.RELATIVE_PATH + " records a rule that infra up added; none is recorded now)");
        }
        String when = created.cluster() ? "recorded as created by infra up" : ifRecorded + "; it does not now";
        if (isCluster()) {
            calls.plan("redshift:DescribeClusters", describe(), "");
            calls.plan("redshift:DeleteCluster", deleteCluster(finalSnapshot), when);
            calls.plan("redshift:DescribeClusters", describe(), "every " + Waits.format(config.waitInterval())
                    + " until ClusterNotFound, for at most " + Waits.format(config.waitTimeout()));
        } else {
            serverless.planDown(finalSnapshot, created, ifRecorded);
        }
        calls.plan("iam:GetRole", getRole(), "");
        String roleWhen = created.iamRole() ? "recorded as created by infra up" : ifRecorded + "; it does not now";
        calls.plan("iam:DetachRolePolicy", detachPolicy(), roleWhen);
        calls.plan("iam:DeleteRole", deleteRole(), roleWhen);
        out.println("then remove " + InfraState.RELATIVE_PATH);
        out.flush();
    }

    private void deleteCluster(String finalSnapshot, boolean createdByUp, List<String> kept) {
        String id = config.clusterIdentifier();
        Cluster cluster = findCluster();
        if (cluster == null) {
            out.println("cluster " + id + ": not found, nothing to delete");
            return;
        }
        if (!createdByUp) {
            out.println("cluster " + id + ": kept: no record that `infra up` created it (it found it, or there is no "
                    + InfraState.RELATIVE_PATH + "); delete it in the Redshift console if you mean to");
            kept.add("cluster " + id);
            return;
        }
        if ("deleting".equals(cluster.clusterStatus())) {
            out.println("cluster " + id + ": already being deleted");
        } else {
            try {
                call("redshift:DeleteCluster", "cluster " + id,
                        () -> redshift.deleteCluster(deleteCluster(finalSnapshot)), "ClusterNotFound",
                        "InvalidClusterState");
                out.println("cluster " + id + ": deleting (" + (finalSnapshot == null ? "no final snapshot"
                        : "final snapshot " + finalSnapshot) + ")");
            } catch (AwsServiceException e) {
                if ("InvalidClusterState".equals(AwsCalls.code(e))) {
                    throw new InfraException("cluster " + id + " is '" + cluster.clusterStatus() + "' and cannot"
                            + " be deleted now; wait until `starling infra status` shows it available, then run"
                            + " `starling infra down` again. AWS said: " + AwsCalls.oneLine(AwsCalls.says(e)));
                }
                out.println("cluster " + id + ": deleted meanwhile by someone else");
            }
        }
        out.flush();
        waitUntilGone();
    }

    private void removeRole() {
        try {
            call("iam:DetachRolePolicy", "role " + config.iamRoleName(), () -> iam.detachRolePolicy(detachPolicy()),
                    "NoSuchEntity");
        } catch (AwsServiceException e) {
            // the policy was not attached: nothing to detach
        }
        try {
            call("iam:DeleteRole", "role " + config.iamRoleName(), () -> iam.deleteRole(deleteRole()),
                    "NoSuchEntity", "DeleteConflict");
        } catch (AwsServiceException e) {
            if ("DeleteConflict".equals(AwsCalls.code(e))) {
                throw new InfraException("IAM role " + config.iamRoleName() + " still has other policies or an"
                        + " instance profile attached (DeleteConflict); detach them in the IAM console, then run"
                        + " `starling infra down` again");
            }
        }
        out.println("IAM role " + config.iamRoleName() + ": policy detached, role deleted");
    }

    private void waitUntilGone() {
        String id = config.clusterIdentifier();
        long start = waits.nanoTime();
        while (true) {
            Cluster cluster = findCluster();
            Duration elapsed = Duration.ofNanos(waits.nanoTime() - start);
            if (cluster == null) {
                out.println("  cluster " + id + ": deleted after " + Waits.format(elapsed));
                out.flush();
                return;
            }
            out.println("  waiting for cluster " + id + ": " + cluster.clusterStatus() + " (" + Waits.format(elapsed)
                    + " elapsed)");
            out.flush();
            sleepOrTimeOut(config, waits, "cluster " + id, elapsed, "to be deleted", cluster.clusterStatus(), "AWS goes"
                    + " on deleting it: run `starling infra down` again to wait more and then delete the role, or raise"
                    + " infra.wait_timeout in project.yml");
        }
    }

    // ---- lookups and requests --------------------------------------------------------------------------------

    private Role findRole() {
        try {
            return call("iam:GetRole", "role " + config.iamRoleName(), () -> iam.getRole(getRole()).role(),
                    "NoSuchEntity");
        } catch (AwsServiceException e) {
            return null;
        }
    }

    private Cluster findCluster() {
        try {
            List<Cluster> clusters = call("redshift:DescribeClusters", "cluster " + config.clusterIdentifier(),
                    () -> redshift.describeClusters(describe()).clusters(), "ClusterNotFound");
            return clusters.isEmpty() ? null : clusters.get(0);
        } catch (AwsServiceException e) {
            return null;
        }
    }

    private GetRoleRequest getRole() {
        return GetRoleRequest.builder().roleName(config.iamRoleName()).build();
    }

    private CreateRoleRequest createRole() {
        return CreateRoleRequest.builder().roleName(config.iamRoleName())
                .assumeRolePolicyDocument(isCluster() ? TRUST_POLICY : SERVERLESS_TRUST_POLICY)
                .description("Lets Redshift " + config.subject() + " read S3 (COPY); made by starling infra up")
                .build();
    }

    private AttachRolePolicyRequest attachPolicy() {
        return AttachRolePolicyRequest.builder().roleName(config.iamRoleName()).policyArn(S3_READ_ONLY_POLICY).build();
    }

    private DetachRolePolicyRequest detachPolicy() {
        return DetachRolePolicyRequest.builder().roleName(config.iamRoleName()).policyArn(S3_READ_ONLY_POLICY).build();
    }

    private DeleteRoleRequest deleteRole() {
        return DeleteRoleRequest.builder().roleName(config.iamRoleName()).build();
    }

    private DescribeClustersRequest describe() {
        return DescribeClustersRequest.builder().clusterIdentifier(config.clusterIdentifier()).build();
    }

    private CreateClusterRequest createCluster(String roleArn, String password) {
        CreateClusterRequest.Builder b = CreateClusterRequest.builder()
                .clusterIdentifier(config.clusterIdentifier())
                .clusterType(config.clusterType())
                .nodeType(config.nodeType())
                .dbName(config.database())
                .port(config.port())
                .masterUsername(config.masterUser())
                .masterUserPassword(password)
                .iamRoles(roleArn);
        if (config.numberOfNodes() > 1) { // a single-node cluster takes no NumberOfNodes
            b.numberOfNodes(config.numberOfNodes());
        }
        if (config.publiclyAccessible() != null) {
            b.publiclyAccessible(config.publiclyAccessible());
        }
        return b.build();
    }

    private DeleteClusterRequest deleteCluster(String finalSnapshot) {
        DeleteClusterRequest.Builder b = DeleteClusterRequest.builder().clusterIdentifier(config.clusterIdentifier());
        return finalSnapshot == null ? b.skipFinalClusterSnapshot(true).build()
                : b.skipFinalClusterSnapshot(false).finalClusterSnapshotIdentifier(finalSnapshot).build();
    }

    private static String shape(Cluster cluster) {
        Integer n = cluster.numberOfNodes();
        return (n != null ? n : 1) + " x " + cluster.nodeType();
    }
}
