package dev.starling.infra;

import dev.starling.StarlingException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
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

/**
 * {@code starling infra up | status | down}: the IAM role Redshift assumes to read S3, and the cluster, as the
 * {@code infra:} section of project.yml describes them. Every operation is safe to repeat: what exists is reused
 * (up) or reported absent (down). With dry run, every call is printed (password redacted) and none is sent.
 */
public final class InfraService {

    /** AWS's managed policy that lets the cluster's COPY read any S3 bucket the account can read. */
    public static final String S3_READ_ONLY_POLICY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    /** The trust policy: the Redshift service may assume the role. */
    public static final String TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedAccess");
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException", "AuthFailure", "InvalidAccessKeyId");
    /** Cluster states from which it will not become available by waiting. */
    private static final Set<String> FAILED_STATES = Set.of("hardware-failure", "incompatible-hsm",
            "incompatible-network", "incompatible-parameters", "incompatible-restore", "storage-full");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)");

    private final InfraConfig config;
    private final RedshiftClient redshift;
    private final IamClient iam;
    private final PrintWriter out;
    private final Waits waits;

    public InfraService(InfraConfig config, RedshiftClient redshift, IamClient iam, PrintWriter out, Waits waits) {
        this.config = config;
        this.redshift = redshift;
        this.iam = iam;
        this.out = out;
        this.waits = waits;
    }

    // ---- up --------------------------------------------------------------------------------------------------

    /** Creates (or reuses) the role and the cluster, waits until it is available, writes the state file. */
    public InfraState up(boolean dryRun) {
        String password = config.masterPassword(); // a missing variable or weak password stops before any call
        out.println("Starling: infra up: cluster " + config.clusterIdentifier() + " in " + config.region()
                + (dryRun ? " (dry run: nothing is sent)" : ""));
        if (dryRun) {
            String roleArn = "arn:aws:iam::<account>:role/" + config.iamRoleName();
            out.println("These calls would be made:");
            plan("iam:GetRole", getRole(), "");
            plan("iam:CreateRole", createRole(), "if GetRole finds no role");
            plan("iam:AttachRolePolicy", attachPolicy(), "");
            plan("redshift:DescribeClusters", describe(), "");
            plan("redshift:CreateCluster", createCluster(roleArn, password), "if DescribeClusters finds no cluster");
            plan("redshift:DescribeClusters", describe(), "every " + Waits.format(config.waitInterval())
                    + " until ClusterStatus is available, for at most " + Waits.format(config.waitTimeout()));
            out.println("then write " + InfraState.RELATIVE_PATH);
            out.flush();
            return null;
        }
        String roleArn = ensureRole();
        Cluster cluster = ensureCluster(roleArn, password);
        if (!"available".equals(cluster.clusterStatus())) {
            cluster = waitUntilAvailable();
        }
        if (cluster.endpoint() == null || cluster.endpoint().address() == null) {
            throw new InfraException("cluster " + config.clusterIdentifier() + " is available but Redshift gave no"
                    + " endpoint; run `starling infra status` in a minute, then `starling infra up` again");
        }
        InfraState state = new InfraState(cluster.clusterIdentifier(), config.region(), cluster.endpoint().address(),
                cluster.endpoint().port() != null ? cluster.endpoint().port() : config.port(),
                cluster.dbName() != null ? cluster.dbName() : config.database(),
                cluster.masterUsername() != null ? cluster.masterUsername() : config.masterUser(), roleArn);
        state.write(config.stateFile());
        out.println("cluster " + config.clusterIdentifier() + ": available at " + state.host() + ":" + state.port()
                + ", database " + state.database() + ", user " + state.user());
        out.println("Wrote " + InfraState.RELATIVE_PATH + " (host, port, database, user, iam_role_arn) for the Redshift"
                + " target. Run `starling infra down` when you are done: the cluster costs money while it runs.");
        out.flush();
        return state;
    }

    private String ensureRole() {
        String name = config.iamRoleName();
        Role role = findRole();
        if (role != null) {
            out.println("IAM role " + name + ": already exists, reused (" + role.arn() + ")");
            String trust = role.assumeRolePolicyDocument() == null ? ""
                    : URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
            if (!trust.contains("redshift.amazonaws.com")) {
                out.println("  warning: its trust policy does not name redshift.amazonaws.com, so Redshift cannot assume"
                        + " it for COPY; fix its trust policy or choose another infra.iam_role_name");
            }
        } else {
            try {
                role = call("iam:CreateRole", "role " + name, () -> iam.createRole(createRole()).role(),
                        "EntityAlreadyExists");
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
        return role.arn();
    }

    private Cluster ensureCluster(String roleArn, String password) {
        String id = config.clusterIdentifier();
        Cluster cluster = findCluster();
        if (cluster == null) {
            try {
                cluster = call("redshift:CreateCluster", "cluster " + id,
                        () -> redshift.createCluster(createCluster(roleArn, password)).cluster(), "ClusterAlreadyExists");
                out.println("cluster " + id + ": creating (" + shape(cluster) + ", database " + config.database()
                        + ", user " + config.masterUser() + ", role " + config.iamRoleName() + ")");
                out.flush();
                return cluster;
            } catch (AwsServiceException e) { // created by someone else since DescribeClusters
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
        return cluster;
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
            sleepOrTimeOut(elapsed, "to be available", status, "AWS goes on creating it: run `starling infra up` again"
                    + " to wait more (it reuses the cluster), `starling infra status` to look,"
                    + " or raise infra.wait_timeout in project.yml");
        }
    }

    private void sleepOrTimeOut(Duration elapsed, String waitingFor, String lastStatus, String whatToDo) {
        Duration left = config.waitTimeout().minus(elapsed);
        if (left.isNegative() || left.isZero()) {
            throw new InfraException("timed out after " + Waits.format(config.waitTimeout()) + " waiting for cluster "
                    + config.clusterIdentifier() + " " + waitingFor + "; its last status was '" + lastStatus + "'. "
                    + whatToDo);
        }
        try {
            waits.sleep(left.compareTo(config.waitInterval()) < 0 ? left : config.waitInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while waiting for cluster " + config.clusterIdentifier()
                    + "; its last status was '" + lastStatus + "'");
        }
    }

    // ---- status ----------------------------------------------------------------------------------------------

    /** Prints the role, the cluster and the state file as they are now. */
    public void status() {
        out.println("Starling: infra status: cluster " + config.clusterIdentifier() + " in " + config.region());
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
        Cluster cluster = findCluster();
        if (cluster == null) {
            out.println("cluster " + config.clusterIdentifier() + ": absent");
        } else {
            String endpoint = cluster.endpoint() != null && cluster.endpoint().address() != null
                    ? cluster.endpoint().address() + ":" + cluster.endpoint().port() : "(none yet)";
            out.println("cluster " + config.clusterIdentifier() + ": " + cluster.clusterStatus() + ", " + shape(cluster)
                    + ", endpoint " + endpoint + ", database " + cluster.dbName() + ", user " + cluster.masterUsername());
        }
        String state = InfraState.readText(config.stateFile());
        if (state == null) {
            out.println("state file " + InfraState.RELATIVE_PATH + ": absent");
        } else {
            out.println("state file " + InfraState.RELATIVE_PATH + (cluster == null
                    ? " (stale: its cluster is gone; run `starling infra up`, or `starling infra down` to remove it):"
                    : ":"));
            state.lines().forEach(line -> out.println("  " + line));
        }
        out.flush();
    }

    // ---- down ------------------------------------------------------------------------------------------------

    /**
     * Deletes the cluster (with a final snapshot only when {@code finalSnapshot} names one), waits until it is
     * gone, then detaches the policy, deletes the role and removes the state file.
     */
    public void down(String finalSnapshot, boolean dryRun) {
        if (finalSnapshot != null && !SNAPSHOT_ID.matcher(finalSnapshot).matches()) {
            throw StarlingException.usage("--final-snapshot '" + finalSnapshot + "' is not a valid snapshot name:"
                    + " letters, digits and single hyphens, starting with a letter, e.g. sparkify-final-2024-06-01");
        }
        String id = config.clusterIdentifier();
        out.println("Starling: infra down: cluster " + id + " in " + config.region()
                + (dryRun ? " (dry run: nothing is sent)" : ""));
        if (dryRun) {
            out.println("These calls would be made:");
            plan("redshift:DescribeClusters", describe(), "");
            plan("redshift:DeleteCluster", deleteCluster(finalSnapshot), "if DescribeClusters finds the cluster");
            plan("redshift:DescribeClusters", describe(), "every " + Waits.format(config.waitInterval())
                    + " until ClusterNotFound, for at most " + Waits.format(config.waitTimeout()));
            plan("iam:GetRole", getRole(), "");
            plan("iam:DetachRolePolicy", detachPolicy(), "if GetRole finds the role");
            plan("iam:DeleteRole", deleteRole(), "if GetRole finds the role");
            out.println("then remove " + InfraState.RELATIVE_PATH);
            out.flush();
            return;
        }
        Cluster cluster = findCluster();
        if (cluster == null) {
            out.println("cluster " + id + ": not found, nothing to delete");
        } else {
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
                    if ("InvalidClusterState".equals(code(e))) {
                        throw new InfraException("cluster " + id + " is '" + cluster.clusterStatus() + "' and cannot"
                                + " be deleted now; wait until `starling infra status` shows it available, then run"
                                + " `starling infra down` again. AWS said: " + oneLine(e.awsErrorDetails().errorMessage()));
                    }
                    out.println("cluster " + id + ": deleted meanwhile by someone else");
                }
            }
            out.flush();
            waitUntilGone();
        }
        Role role = findRole();
        if (role == null) {
            out.println("IAM role " + config.iamRoleName() + ": not found, nothing to delete");
        } else {
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
                if ("DeleteConflict".equals(code(e))) {
                    throw new InfraException("IAM role " + config.iamRoleName() + " still has other policies or an"
                            + " instance profile attached (DeleteConflict); detach them in the IAM console, then run"
                            + " `starling infra down` again");
                }
            }
            out.println("IAM role " + config.iamRoleName() + ": policy detached, role deleted");
        }
        if (InfraState.delete(config.stateFile())) {
            out.println("removed " + InfraState.RELATIVE_PATH);
        }
        out.println("Done: nothing of this project's infrastructure is left in " + config.region()
                + (finalSnapshot == null ? "" : " but the snapshot " + finalSnapshot + " (it costs storage until you"
                + " delete it in the Redshift console)"));
        out.flush();
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
            sleepOrTimeOut(elapsed, "to be deleted", cluster.clusterStatus(), "AWS goes on deleting it: run"
                    + " `starling infra down` again to wait more and then delete the role, or raise infra.wait_timeout"
                    + " in project.yml");
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
        return CreateRoleRequest.builder().roleName(config.iamRoleName()).assumeRolePolicyDocument(TRUST_POLICY)
                .description("Lets Redshift cluster " + config.clusterIdentifier() + " read S3 (COPY); made by starling infra up")
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

    // ---- calls -----------------------------------------------------------------------------------------------

    /** Prints one call of a dry run: the permission it needs (service:Action) and its parameters. */
    private void plan(String action, SdkPojo request, String when) {
        out.println("  " + action + " " + parameters(request) + (when.isEmpty() ? "" : "   (" + when + ")"));
    }

    /** The request's parameters as Name=value, in the SDK's order; every password is redacted. */
    static String parameters(SdkPojo request) {
        List<String> parts = new ArrayList<>();
        for (SdkField<?> field : request.sdkFields()) {
            Object value = field.getValueOrDefault(request);
            if (value == null || (value instanceof Collection<?> c && c.isEmpty())) {
                continue;
            }
            String name = field.memberName();
            String text = name.toLowerCase().contains("password") ? "****" : String.valueOf(value);
            parts.add(name + "=" + (text.matches(".*\\s.*") ? "\"" + text.replace("\"", "\\\"") + "\"" : text));
        }
        return String.join(" ", parts);
    }

    /**
     * Runs one AWS call. An error whose code is in {@code expected} is thrown on for the caller to handle; access
     * denied, bad credentials, an unreachable endpoint and any other error become one line that says what to do.
     */
    private <T> T call(String action, String subject, Supplier<T> invoke, String... expected) {
        try {
            return invoke.get();
        } catch (AwsServiceException e) {
            String code = code(e);
            if (List.of(expected).contains(code)) {
                throw e;
            }
            String says = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : e.getMessage();
            if (ACCESS_DENIED.contains(code) || e.statusCode() == 403 && !BAD_CREDENTIALS.contains(code)) {
                String more = action.equals("redshift:CreateCluster") ? " and iam:PassRole on the role" : "";
                throw new InfraException("access denied: AWS refused " + action + " on " + subject + ". Allow "
                        + action + more + " for the AWS identity you run as (its IAM policy), or use --profile with one"
                        + " that has it. AWS said: " + oneLine(says));
            }
            if (BAD_CREDENTIALS.contains(code)) {
                throw new InfraException("AWS did not accept the credentials for " + action + " (" + code + "): check"
                        + " the access key, the session token's expiry or --profile. AWS said: " + oneLine(says));
            }
            throw new InfraException("AWS refused " + action + " on " + subject + ": " + code + ": " + oneLine(says));
        } catch (SdkClientException e) {
            String message = oneLine(e.getMessage());
            if (message.contains("credentials")) {
                throw new InfraException("no AWS credentials for " + action + ": pass --profile NAME (from"
                        + " ~/.aws/credentials), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e);
            }
            throw new InfraException("cannot reach AWS for " + action + " (" + (config.endpoint() != null
                    ? "infra.endpoint " + config.endpoint() : "region " + config.region()) + "): " + networkCause(e)
                    .orElse(message) + ". Check the network (and a proxy or VPN), then run the command again", e);
        }
    }

    /** The network failure under an SDK client error, said briefly: unknown host, refused, timed out. */
    private static Optional<String> networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Optional.of("unknown host " + t.getMessage());
            }
            if (t instanceof ConnectException) {
                return Optional.of("connection refused (" + oneLine(t.getMessage()) + ")");
            }
            if (t instanceof SocketTimeoutException) {
                return Optional.of("no answer in time (" + oneLine(t.getMessage()) + ")");
            }
        }
        return Optional.empty();
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : String.valueOf(e.statusCode());
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
