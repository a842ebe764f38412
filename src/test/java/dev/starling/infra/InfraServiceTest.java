package dev.starling.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.project.ProjectLoader;
import dev.starling.support.TestProjects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link InfraService} against {@link AwsStub} through the real AWS SDK clients (endpoint override, static test
 * credentials), with Sparkify's own {@code infra:} settings and a fake clock: the exact calls and parameters,
 * the wait loop, the state file, repeat-safety, dry runs, and the messages for "already exists", access denied
 * and timeouts.
 */
class InfraServiceTest {

    static final String PASSWORD = "Sparkify2024pw";
    static final String ROLE = "sparkify-redshift-s3-read";
    static final String CLUSTER = "sparkify-cluster";
    static final String NOT_RECORDED = "if .starling/infra.json records that infra up created it; it does not now";

    @TempDir
    Path dir;

    AwsStub aws;
    final List<AwsClients> clients = new ArrayList<>();
    FakeWaits waits;
    StringWriter output;
    /** The endpoints the service checked, and the answer it gets (open unless a test says otherwise). */
    final List<String> probed = new ArrayList<>();
    Reachability.Result reachable = new Reachability.Result(true, "TCP connect in 1ms", null);

    /** A clock that moves only when the service sleeps: every wait is instant and its polls countable. */
    static final class FakeWaits implements Waits {
        long now = 1_000_000_000L;
        final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now += duration.toNanos();
        }
    }

    @BeforeEach
    void start() {
        aws = new AwsStub();
        waits = new FakeWaits();
        writeProject(Map.of());
    }

    @AfterEach
    void stop() {
        clients.forEach(AwsClients::close);
        aws.close();
    }

    /** Sparkify's project.yml with every AWS call sent to the stub, and {@code settings} replacing its infra: ones. */
    void writeProject(Map<String, String> settings) {
        String yml = TestProjects.read(TestProjects.REPO.resolve("project.yml"));
        assertTrue(yml.contains("\ninfra:\n"), "Sparkify's project.yml has an infra: section");
        yml = yml.replace("\ninfra:\n", "\ninfra:\n  endpoint: " + aws.endpoint() + "\n");
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String line = "  " + setting.getKey() + ": " + setting.getValue();
            String replaced = yml.replaceAll("(?m)^  " + setting.getKey() + ":.*$", line);
            yml = replaced.equals(yml) ? yml.replace("\ninfra:\n", "\ninfra:\n" + line + "\n") : replaced;
        }
        TestProjects.write(dir.resolve("project.yml"), yml);
    }

    InfraService service(Map<String, String> env) {
        output = new StringWriter();
        InfraConfig config = InfraConfig.from(ProjectLoader.loadConfig(dir, Map.of(), env::get));
        AwsClients opened = AwsClients.open(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTARLINGTEST", "test-secret")));
        clients.add(opened);
        return new InfraService(config, opened, new PrintWriter(output, true), waits, (host, port) -> {
            probed.add(host + ":" + port);
            return reachable;
        });
    }

    InfraService service() {
        return service(Map.of("STARLING_REDSHIFT_PASSWORD", PASSWORD));
    }

    String out() {
        return output.toString();
    }

    /** A state file as an earlier `infra up` of the cluster left it, recording what it created. */
    void recordCreated(boolean role, boolean cluster) {
        new InfraState("cluster", CLUSTER, null, null, "us-west-2", null, null, null, null, null,
                new InfraState.Created(role, cluster, false, false, null)).write(dir.resolve(".starling/infra.json"));
    }

    long count(String action) {
        return aws.actions().stream().filter(action::equals).count();
    }

    @Test
    void upCreatesTheRoleThenTheClusterWaitsUntilAvailableAndWritesTheStateFile() {
        aws.creatingPolls = 3;
        InfraState state = service().up(false);

        assertEquals(List.of("GetRole", "CreateRole", "AttachRolePolicy", "DescribeClusters", "CreateCluster",
                "DescribeClusters", "DescribeClusters", "DescribeClusters", "DescribeClusters"), aws.actions());
        for (AwsStub.Request r : aws.requests()) {
            String version = r.action().contains("Cluster") ? "2012-12-01" : "2010-05-08";
            assertEquals(version, r.param("Version"), r.toString());
        }
        AwsStub.Request createRole = aws.requests("CreateRole").get(0);
        assertEquals(ROLE, createRole.param("RoleName"));
        String trust = createRole.param("AssumeRolePolicyDocument").replaceAll("\\s", "");
        assertTrue(trust.contains("\"Principal\":{\"Service\":\"redshift.amazonaws.com\"}"), trust);
        assertTrue(trust.contains("\"Action\":\"sts:AssumeRole\""), trust);
        assertTrue(trust.contains("\"Effect\":\"Allow\""), trust);
        AwsStub.Request attach = aws.requests("AttachRolePolicy").get(0);
        assertEquals(Map.of("Action", "AttachRolePolicy", "Version", "2010-05-08", "RoleName", ROLE,
                "PolicyArn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"), attach.params());

        AwsStub.Request create = aws.requests("CreateCluster").get(0);
        String roleArn = "arn:aws:iam::" + AwsStub.ACCOUNT + ":role/" + ROLE;
        assertEquals(Map.ofEntries(Map.entry("Action", "CreateCluster"), Map.entry("Version", "2012-12-01"),
                Map.entry("ClusterIdentifier", CLUSTER), Map.entry("ClusterType", "multi-node"),
                Map.entry("NodeType", "ra3.large"), Map.entry("NumberOfNodes", "2"), Map.entry("DBName", "sparkify"),
                Map.entry("Port", "5439"), Map.entry("MasterUsername", "sparkify_admin"),
                Map.entry("MasterUserPassword", PASSWORD), Map.entry("PubliclyAccessible", "true"),
                Map.entry("IamRoles.IamRoleArn.1", roleArn)),
                create.params());
        for (AwsStub.Request describe : aws.requests("DescribeClusters")) {
            assertEquals(CLUSTER, describe.param("ClusterIdentifier"));
        }

        // the wait: 3 polls see "creating", 15 s apart (Sparkify's wait_interval), the 4th sees "available"
        assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(15)), waits.sleeps);
        List<String> progress = out().lines().filter(l -> l.startsWith("  waiting for cluster")).toList();
        assertEquals(List.of("  waiting for cluster sparkify-cluster: creating (0s elapsed)",
                "  waiting for cluster sparkify-cluster: creating (15s elapsed)",
                "  waiting for cluster sparkify-cluster: creating (30s elapsed)"), progress);
        assertTrue(out().contains("  cluster sparkify-cluster: available after 45s\n"), out());
        assertTrue(out().contains("IAM role " + ROLE + ": created (" + roleArn + ")\n"), out());
        assertTrue(out().contains("cluster sparkify-cluster: creating (2 x ra3.large, database sparkify,"), out());
        assertFalse(out().contains(PASSWORD), "the password is never printed");

        String host = AwsStub.host(CLUSTER);
        assertEquals("{\n"
                + "  \"kind\": \"cluster\",\n"
                + "  \"cluster_identifier\": \"sparkify-cluster\",\n"
                + "  \"region\": \"us-west-2\",\n"
                + "  \"host\": \"" + host + "\",\n"
                + "  \"port\": 5439,\n"
                + "  \"database\": \"sparkify\",\n"
                + "  \"user\": \"sparkify_admin\",\n"
                + "  \"iam_role_arn\": \"" + roleArn + "\",\n"
                + "  \"created\": {\n"
                + "    \"iam_role\": true,\n"
                + "    \"cluster\": true\n"
                + "  }\n"
                + "}\n", TestProjects.read(dir.resolve(".starling/infra.json")));
        assertEquals(List.of(host + ":5439"), probed, "up checks that the endpoint answers from here");
        assertTrue(out().contains("reachable from here: yes (TCP connect in 1ms)\n"), out());
        assertTrue(out().contains("no inbound rule added (infra.allow_cidr is not set)"), out());
        assertEquals(host, state.host());
        assertFalse(TestProjects.read(dir.resolve(".starling/infra.json")).contains(PASSWORD));
    }

    @Test
    void upTwiceReusesTheRoleAndTheClusterAndCreatesNothingTwice() {
        service().up(false);
        aws.clearRequests();
        service().up(false);

        assertEquals(List.of("GetRole", "AttachRolePolicy", "DescribeClusters"), aws.actions(),
                "the second run only looks, re-attaches the policy (idempotent) and finds the cluster available");
        assertTrue(out().contains("IAM role " + ROLE + ": already exists, reused (arn:aws:iam::"), out());
        assertTrue(out().contains("cluster sparkify-cluster: already exists (available, 2 x ra3.large), reused\n"), out());
        assertFalse(out().contains("warning"), out());
        InfraState state = InfraState.read(dir.resolve(".starling/infra.json"));
        assertEquals(new InfraState.Created(true, true, false, false, null), state.created(),
                "what the first run created stays recorded as created");
    }

    @Test
    void aRoleThatAppearsBetweenGetRoleAndCreateRoleIsReused() {
        aws.presetRole(ROLE);
        aws.hideRoleFromGetRole = 1; // GetRole: NoSuchEntity; CreateRole: EntityAlreadyExists; GetRole: found
        service().up(false);

        assertEquals(List.of("GetRole", "CreateRole", "GetRole", "AttachRolePolicy"), aws.actions().subList(0, 4));
        assertEquals(1, count("CreateCluster"));
        assertTrue(out().contains("IAM role " + ROLE + ": already exists, reused"), out());
    }

    @Test
    void aReusedRoleThatRedshiftCannotAssumeGetsAWarning() {
        aws.presetRole(ROLE);
        aws.roleTrustPolicy = InfraService.TRUST_POLICY.replace("redshift.amazonaws.com", "ec2.amazonaws.com");
        service().up(false);
        assertTrue(out().contains("IAM role " + ROLE + ": already exists, reused (arn:aws:iam::123456789012:role/" + ROLE
                + ")\n  warning: its trust policy does not name redshift.amazonaws.com"), out());
        assertEquals(0, count("CreateRole"));
    }

    @Test
    void aClusterStillCreatingIsWaitedForNotCreatedAgain() {
        aws.presetRole(ROLE);
        aws.creatingPolls = 2;
        aws.presetCluster(CLUSTER, "creating").roles.add(aws.roleArn(ROLE));
        service().up(false);

        assertEquals(0, count("CreateCluster"));
        assertEquals(0, count("CreateRole"));
        // the look-up sees "creating" (1), the wait sees "creating" once more (2), then "available"
        assertEquals(3, count("DescribeClusters"));
        assertTrue(out().contains("cluster sparkify-cluster: already exists (creating, 2 x ra3.large), reused\n"), out());
        assertTrue(out().contains("  waiting for cluster sparkify-cluster: creating (0s elapsed)\n"), out());
        assertTrue(Files.isRegularFile(dir.resolve(".starling/infra.json")));
    }

    @Test
    void aReusedClusterOfAnotherShapeOrWithoutTheRoleGetsWarnings() {
        aws.presetCluster(CLUSTER, "available").nodes = 4;
        service().up(false);
        assertEquals(0, count("CreateCluster"));
        assertTrue(out().contains("cluster sparkify-cluster: already exists (available, 4 x ra3.large), reused\n"
                + "  warning: project.yml asks for 2 x ra3.large; the cluster is used as it is"), out());
        assertEquals(new InfraState.Created(true, false, false, false, null),
                InfraState.read(dir.resolve(".starling/infra.json")).created(), "a reused cluster is not recorded as created");
        assertTrue(out().contains("  warning: it does not have the role arn:aws:iam::" + AwsStub.ACCOUNT + ":role/" + ROLE),
                out());
    }

    @Test
    void aClusterBeingDeletedStopsUp() {
        aws.presetCluster(CLUSTER, "deleting");
        InfraException e = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals("cluster sparkify-cluster is being deleted; wait until `starling infra status` shows it absent,"
                + " then run `starling infra up` again (or choose another infra.cluster_identifier)", e.getMessage());
        assertEquals(0, count("CreateCluster"));
    }

    @Test
    void accessDeniedNamesTheActionAndThePermissionAndStops() {
        aws.denied.add("CreateRole");
        InfraException e = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals("access denied: AWS refused iam:CreateRole on role sparkify-redshift-s3-read. Allow iam:CreateRole"
                + " for the AWS identity you run as (its IAM policy), or use --profile with one that has it. AWS said:"
                + " User: arn:aws:iam::123456789012:user/starling-test is not authorized to perform: iam:CreateRole"
                + " because no identity-based policy allows the iam:CreateRole action", e.getMessage());
        assertEquals(List.of("GetRole", "CreateRole"), aws.actions(), "nothing after the refused call");
        assertFalse(Files.exists(dir.resolve(".starling/infra.json")));

        aws.denied.clear();
        aws.clearRequests();
        aws.denied.add("CreateCluster");
        InfraException cluster = assertThrows(InfraException.class, () -> service().up(false));
        assertTrue(cluster.getMessage().startsWith("access denied: AWS refused redshift:CreateCluster on cluster"
                + " sparkify-cluster. Allow redshift:CreateCluster and iam:PassRole on the role for the AWS identity"),
                cluster.getMessage());
        assertFalse(cluster.getMessage().contains("\n"));
    }

    @Test
    void aClusterThatStaysCreatingTimesOutWithItsLastStatus() {
        writeProject(Map.of("wait_timeout", "1m"));
        aws.neverAvailable = true;
        InfraException e = assertThrows(InfraException.class, () -> service().up(false));

        assertEquals("timed out after 1m waiting for cluster sparkify-cluster to be available; its last status was"
                + " 'creating'. AWS goes on creating it: run `starling infra up` again to wait more (it reuses the"
                + " cluster), `starling infra status` to look, or raise infra.wait_timeout in project.yml", e.getMessage());
        // polls at 0, 15, 30, 45 and 60 s after CreateCluster, then it gives up
        assertEquals(1 + 5, count("DescribeClusters"));
        assertEquals(4, waits.sleeps.size());
        InfraState partial = InfraState.read(dir.resolve(".starling/infra.json"));
        assertEquals(new InfraState.Created(true, true, false, false, null), partial.created(),
                "what was created before the timeout is recorded, so `infra down` can delete it");
        assertNull(partial.host(), "no endpoint for a cluster that is not up");
    }

    @Test
    void downDeletesTheClusterWithoutSnapshotWaitsThenTheRoleAndTheStateFile() {
        service().up(false);
        assertTrue(Files.isRegularFile(dir.resolve(".starling/infra.json")));
        aws.clearRequests();
        waits.sleeps.clear();
        aws.deletingPolls = 2;
        service().down(null, false);

        assertEquals(List.of("DescribeClusters", "DeleteCluster", "DescribeClusters", "DescribeClusters",
                "DescribeClusters", "GetRole", "DetachRolePolicy", "DeleteRole"), aws.actions());
        assertEquals(Map.of("Action", "DeleteCluster", "Version", "2012-12-01", "ClusterIdentifier", CLUSTER,
                "SkipFinalClusterSnapshot", "true"), aws.requests("DeleteCluster").get(0).params());
        assertEquals(Map.of("Action", "DetachRolePolicy", "Version", "2010-05-08", "RoleName", ROLE,
                "PolicyArn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"), aws.requests("DetachRolePolicy").get(0).params());
        assertEquals(ROLE, aws.requests("DeleteRole").get(0).param("RoleName"));
        assertEquals(2, waits.sleeps.size());
        assertTrue(out().contains("cluster sparkify-cluster: deleting (no final snapshot)\n"
                + "  waiting for cluster sparkify-cluster: deleting (0s elapsed)\n"
                + "  waiting for cluster sparkify-cluster: deleting (15s elapsed)\n"
                + "  cluster sparkify-cluster: deleted after 30s\n"
                + "IAM role sparkify-redshift-s3-read: policy detached, role deleted\n"
                + "removed .starling/infra.json\n"), out());
        assertNull(aws.cluster);
        assertNull(aws.roleName);
        assertFalse(Files.exists(dir.resolve(".starling/infra.json")));

        aws.clearRequests();
        service().down(null, false);
        assertEquals(List.of("DescribeClusters", "GetRole"), aws.actions(), "nothing left: look, say so, done");
        assertTrue(out().contains("cluster sparkify-cluster: not found, nothing to delete\n"
                + "IAM role sparkify-redshift-s3-read: not found, nothing to delete\n"), out());
    }

    @Test
    void downWithAFinalSnapshotAsksForIt() {
        aws.presetCluster(CLUSTER, "available");
        recordCreated(false, true);
        service().down("sparkify-final-1", false);
        assertEquals(Map.of("Action", "DeleteCluster", "Version", "2012-12-01", "ClusterIdentifier", CLUSTER,
                "SkipFinalClusterSnapshot", "false", "FinalClusterSnapshotIdentifier", "sparkify-final-1"),
                aws.requests("DeleteCluster").get(0).params());
        assertTrue(out().contains("cluster sparkify-cluster: deleting (final snapshot sparkify-final-1)\n"), out());
        assertTrue(out().endsWith("Done: nothing of this project's infrastructure is left in us-west-2 but the snapshot"
                + " sparkify-final-1 (it costs storage until you delete it in the Redshift console)\n"), out());

        StarlingException bad = assertThrows(StarlingException.class, () -> service().down("no--good", false));
        assertEquals(2, bad.code().exitStatus);
        assertTrue(bad.getMessage().startsWith("--final-snapshot 'no--good' is not a valid snapshot name"), bad.getMessage());
    }

    @Test
    void aClusterStillCreatingCannotBeDeletedYet() {
        aws.presetRole(ROLE);
        aws.neverAvailable = true;
        aws.presetCluster(CLUSTER, "creating");
        recordCreated(true, true);
        InfraException e = assertThrows(InfraException.class, () -> service().down(null, false));
        assertEquals("cluster sparkify-cluster is 'creating' and cannot be deleted now; wait until `starling infra status`"
                + " shows it available, then run `starling infra down` again. AWS said: There is an operation running on"
                + " the Cluster. Please try to delete it at a later time.", e.getMessage());
        assertEquals(List.of("DescribeClusters", "DeleteCluster"), aws.actions(), "the role stays");
    }

    @Test
    void aSingleNodeClusterSendsNoNodeCount() {
        writeProject(Map.of("number_of_nodes", "1", "node_type", "ra3.large", "publicly_accessible", "true"));
        service().up(false);
        Map<String, String> create = aws.requests("CreateCluster").get(0).params();
        assertEquals("single-node", create.get("ClusterType"));
        assertEquals("ra3.large", create.get("NodeType"));
        assertEquals("true", create.get("PubliclyAccessible"));
        assertFalse(create.containsKey("NumberOfNodes"), create.toString());
        assertTrue(out().contains("cluster sparkify-cluster: creating (1 x ra3.large,"), out());
    }

    @Test
    void downTimesOutWhileDeletingAndKeepsTheRole() {
        writeProject(Map.of("wait_interval", "10s", "wait_timeout", "20s"));
        aws.presetRole(ROLE);
        aws.presetCluster(CLUSTER, "available");
        recordCreated(true, true);
        aws.neverGone = true;
        InfraException e = assertThrows(InfraException.class, () -> service().down(null, false));
        assertEquals("timed out after 20s waiting for cluster sparkify-cluster to be deleted; its last status was"
                + " 'deleting'. AWS goes on deleting it: run `starling infra down` again to wait more and then delete"
                + " the role, or raise infra.wait_timeout in project.yml", e.getMessage());
        assertEquals(0, count("DeleteRole"), "the role stays while the cluster may still use it");
    }

    @Test
    void aRoleWithOtherPoliciesIsNotForcedAway() {
        aws.presetRole(ROLE);
        aws.attachedPolicies.add("arn:aws:iam::aws:policy/SomethingElse");
        recordCreated(true, false);
        InfraException e = assertThrows(InfraException.class, () -> service().down(null, false));
        assertTrue(e.getMessage().startsWith("IAM role sparkify-redshift-s3-read still has other policies"), e.getMessage());
    }

    @Test
    void dryRunsPrintEveryCallWithTheirParametersAndSendNone() {
        service().up(true);
        assertEquals(List.of(), aws.requests(), "a dry run sends nothing");
        String up = out();
        assertFalse(up.contains(PASSWORD), up);
        List<String> calls = up.lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(6, calls.size(), up);
        assertEquals("  iam:GetRole RoleName=sparkify-redshift-s3-read", calls.get(0));
        assertEquals("  iam:CreateRole RoleName=sparkify-redshift-s3-read AssumeRolePolicyDocument="
                + InfraService.TRUST_POLICY + " Description=\"Lets Redshift cluster sparkify-cluster read S3 (COPY); made by"
                + " starling infra up\"   (if GetRole finds no role)", calls.get(1));
        assertEquals("  iam:AttachRolePolicy RoleName=sparkify-redshift-s3-read"
                + " PolicyArn=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", calls.get(2));
        assertEquals("  redshift:DescribeClusters ClusterIdentifier=sparkify-cluster", calls.get(3));
        String create = calls.get(4);
        for (String part : List.of("redshift:CreateCluster ", "DBName=sparkify", "ClusterIdentifier=sparkify-cluster",
                "ClusterType=multi-node", "NodeType=ra3.large", "MasterUsername=sparkify_admin", "MasterUserPassword=****",
                "Port=5439", "NumberOfNodes=2", "PubliclyAccessible=true", "IamRoles=[arn:aws:iam::<account>:role/sparkify-redshift-s3-read]",
                "(if DescribeClusters finds no cluster)")) {
            assertTrue(create.contains(part), part + " in " + create);
        }
        assertEquals("  redshift:DescribeClusters ClusterIdentifier=sparkify-cluster   (every 15s until ClusterStatus is"
                + " available, for at most 30m)", calls.get(5));

        service().down("keep-me", true);
        assertEquals(List.of(), aws.requests());
        assertEquals(List.of("  redshift:DescribeClusters ClusterIdentifier=sparkify-cluster",
                "  redshift:DeleteCluster ClusterIdentifier=sparkify-cluster SkipFinalClusterSnapshot=false"
                        + " FinalClusterSnapshotIdentifier=keep-me   (" + NOT_RECORDED + ")",
                "  redshift:DescribeClusters ClusterIdentifier=sparkify-cluster   (every 15s until ClusterNotFound, for at most 30m)",
                "  iam:GetRole RoleName=sparkify-redshift-s3-read",
                "  iam:DetachRolePolicy RoleName=sparkify-redshift-s3-read PolicyArn=arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
                        + "   (" + NOT_RECORDED + ")",
                "  iam:DeleteRole RoleName=sparkify-redshift-s3-read   (" + NOT_RECORDED + ")"),
                out().lines().filter(l -> l.startsWith("  ")).toList());
    }

    @Test
    void statusShowsRoleClusterAndStateFile() {
        service().status();
        assertEquals("Starling: infra status: cluster sparkify-cluster in us-west-2\n"
                + "IAM role sparkify-redshift-s3-read: absent\n"
                + "cluster sparkify-cluster: absent\n"
                + "inbound rule: none added by infra up (infra.allow_cidr is not set)\n"
                + "state file .starling/infra.json: absent\n", out());
        assertEquals(List.of("GetRole", "DescribeClusters"), aws.actions());

        service().up(false);
        aws.clearRequests();
        service().status();
        String host = AwsStub.host(CLUSTER);
        assertTrue(out().startsWith("Starling: infra status: cluster sparkify-cluster in us-west-2\n"
                + "IAM role sparkify-redshift-s3-read: arn:aws:iam::123456789012:role/sparkify-redshift-s3-read"
                + " (AmazonS3ReadOnlyAccess attached)\n"
                + "cluster sparkify-cluster: available, 2 x ra3.large, endpoint " + host + ":5439, database sparkify,"
                + " user sparkify_admin\n"
                + "inbound rule: none added by infra up (infra.allow_cidr is not set)\n"
                + "reachable from here: yes (TCP connect in 1ms)\n"
                + "state file .starling/infra.json:\n"
                + "  {\n"
                + "    \"kind\": \"cluster\",\n"
                + "    \"cluster_identifier\": \"sparkify-cluster\",\n"), out());
        assertEquals(List.of("GetRole", "ListAttachedRolePolicies", "DescribeClusters"), aws.actions());
    }

    @Test
    void statusDownAndDryRunsNeedNoPasswordButUpDoes() {
        service(Map.of()).status();
        service(Map.of()).down(null, false);
        aws.clearRequests();
        StarlingException e = assertThrows(StarlingException.class, () -> service(Map.of()).up(false));
        assertTrue(e.getMessage().matches("project\\.yml:\\d+: environment variable STARLING_REDSHIFT_PASSWORD is not set\\..*"),
                e.getMessage());
        assertEquals(List.of(), aws.requests(), "no call before the settings are complete");
        // a dry run only looks: it needs no secret, and says what the real run would stop on
        service(Map.of()).up(true);
        assertTrue(out().contains("note: " + e.getMessage()), out());
        assertTrue(out().contains("MasterUserPassword=****"), out());
        assertEquals(List.of(), aws.requests(), "a dry run sends nothing");

        StarlingException weak = assertThrows(StarlingException.class,
                () -> service(Map.of("STARLING_REDSHIFT_PASSWORD", "sparkify2024")).up(false));
        assertTrue(weak.getMessage().contains("infra.master_password has no uppercase letter"), weak.getMessage());
        assertFalse(weak.getMessage().contains("sparkify2024"), weak.getMessage());
    }

    // ---- node types, reused resources, the inbound rule, quotas, reachability ------------------------------------

    @Test
    void aNodeTypeAwsNoLongerOffersIsOneLineNamingTheSettingAndOneAwsLists() {
        for (String old : List.of("dc2.large", "ds2.xlarge")) {
            writeProject(Map.of("node_type", old));
            aws.clearRequests();
            InfraException e = assertThrows(InfraException.class, () -> service().up(false));
            assertEquals("AWS refused node type " + old + " (infra.node_type in project.yml): set infra.node_type:"
                    + " ra3.large (AWS lists in us-west-2: ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge). AWS said:"
                    + " InvalidParameterValue: Invalid node type: " + old, e.getMessage());
            List<String> actions = aws.actions();
            assertEquals(List.of("DescribeClusters", "CreateCluster", "DescribeOrderableClusterOptions"),
                    actions.subList(actions.size() - 3, actions.size()));
            assertNull(aws.cluster, "the stand-in made no cluster");
        }
        // not allowed to ask which types AWS offers: a current type is suggested all the same
        aws.denied.add("DescribeOrderableClusterOptions");
        InfraException e = assertThrows(InfraException.class, () -> service().up(false));
        assertTrue(e.getMessage().startsWith("AWS refused node type ds2.xlarge (infra.node_type in project.yml): set"
                + " infra.node_type: ra3.large (current types: ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge)."),
                e.getMessage());
        // the role it made on the way is recorded, so `infra down` removes it
        assertTrue(InfraState.read(dir.resolve(".starling/infra.json")).created().iamRole());
    }

    @Test
    void aReusedRoleSurvivesDownAndDownSaysSo() {
        aws.presetRole(ROLE);
        aws.attachedPolicies.add(InfraService.S3_READ_ONLY_POLICY);
        service().up(false);
        assertEquals(new InfraState.Created(false, true, false, false, null),
                InfraState.read(dir.resolve(".starling/infra.json")).created());
        aws.clearRequests();
        service().down(null, false);

        assertEquals(ROLE, aws.roleName, "the role up only reused is still there");
        assertEquals(0, count("DeleteRole"));
        assertEquals(0, count("DetachRolePolicy"));
        assertNull(aws.cluster, "the cluster up created is gone");
        assertTrue(out().contains("IAM role " + ROLE + ": kept: `infra up` found it and reused it, so it is not"
                + " Starling's to delete\n"), out());
        assertTrue(out().endsWith("Done: what `infra up` created is deleted; kept (not created by `infra up`): IAM role "
                + ROLE + "\n"), out());
    }

    @Test
    void withoutARecordDownDeletesNothing() {
        aws.presetRole(ROLE);
        aws.presetCluster(CLUSTER, "available");
        service().down(null, false);
        assertEquals(List.of("DescribeClusters", "GetRole"), aws.actions(), "only looks");
        assertTrue(out().contains("no .starling/infra.json: no record of what `infra up` created here, so nothing is"
                + " deleted; what exists is listed as kept\n"), out());
        assertTrue(out().contains("cluster sparkify-cluster: kept: no record that `infra up` created it"), out());
        assertTrue(out().endsWith("kept (not created by `infra up`): cluster sparkify-cluster, IAM role " + ROLE + "\n"),
                out());
    }

    @Test
    void allowCidrOpensThePortOnTheClustersGroupAndDownRevokesExactlyThatRule() {
        writeProject(Map.of("allow_cidr", "203.0.113.7/32"));
        service().up(false);

        AwsStub.Request authorize = aws.requests("AuthorizeSecurityGroupIngress").get(0);
        assertEquals(Map.of("Action", "AuthorizeSecurityGroupIngress", "Version", "2016-11-15",
                "GroupId", AwsStub.DEFAULT_GROUP, "IpPermissions.1.IpProtocol", "tcp", "IpPermissions.1.FromPort", "5439",
                "IpPermissions.1.ToPort", "5439", "IpPermissions.1.IpRanges.1.CidrIp", "203.0.113.7/32",
                "IpPermissions.1.IpRanges.1.Description", "starling infra up: cluster sparkify-cluster"), authorize.params());
        assertTrue(authorize.authorization().contains("/us-west-2/ec2/aws4_request"), authorize.authorization());
        assertEquals("AuthorizeSecurityGroupIngress", aws.actions().get(aws.actions().size() - 1),
                "the port is opened once the cluster is available");
        String ruleId = aws.rules.get(0).ruleId();
        assertEquals(new InfraState.Rule(AwsStub.DEFAULT_GROUP, ruleId, "203.0.113.7/32", 5439),
                InfraState.read(dir.resolve(".starling/infra.json")).created().ingressRule());
        assertTrue(out().contains("security group " + AwsStub.DEFAULT_GROUP + ": TCP 5439 from 203.0.113.7/32 allowed"
                + " (rule " + ruleId + ")\n"), out());

        aws.clearRequests();
        service().up(false);
        assertEquals(0, count("AuthorizeSecurityGroupIngress"), "a recorded rule is not asked for again");
        assertTrue(out().contains("already allowed (rule " + ruleId + ", added by an earlier `infra up`)"), out());

        aws.clearRequests();
        service().down(null, true);
        assertTrue(out().contains("  ec2:RevokeSecurityGroupIngress GroupId=" + AwsStub.DEFAULT_GROUP
                + " SecurityGroupRuleIds=[" + ruleId + "]   (the rule infra up added)\n"), out());
        assertEquals(List.of(), aws.requests());

        AwsStub.StubRule someoneElses = aws.presetRule("198.51.100.0/24", 5439);
        service().down(null, false);
        assertEquals(Map.of("Action", "RevokeSecurityGroupIngress", "Version", "2016-11-15",
                "GroupId", AwsStub.DEFAULT_GROUP, "SecurityGroupRuleId.1", ruleId),
                aws.requests("RevokeSecurityGroupIngress").get(0).params());
        assertEquals("RevokeSecurityGroupIngress", aws.actions().get(0), "the port is closed first");
        assertEquals(List.of(someoneElses), aws.rules, "only the rule up added is gone");
        assertTrue(out().contains("rule " + ruleId + " (TCP 5439 from 203.0.113.7/32) revoked\n"), out());
    }

    @Test
    void aRuleThatWasAlreadyThereIsNotRecordedSoDownLeavesIt() {
        writeProject(Map.of("allow_cidr", "203.0.113.7/32"));
        AwsStub.StubRule existing = aws.presetRule("203.0.113.7/32", 5439);
        service().up(false);
        assertEquals(1, count("AuthorizeSecurityGroupIngress"));
        assertNull(InfraState.read(dir.resolve(".starling/infra.json")).created().ingressRule());
        assertTrue(out().contains("TCP 5439 from 203.0.113.7/32 already allowed by a rule `infra up` did not add;"
                + " kept as it is (and `infra down` leaves it)\n"), out());
        service().down(null, false);
        assertEquals(0, count("RevokeSecurityGroupIngress"));
        assertEquals(List.of(existing), aws.rules);
    }

    @Test
    void aChangedAllowCidrReplacesTheRuleUpAdded() {
        writeProject(Map.of("allow_cidr", "203.0.113.7/32"));
        service().up(false);
        String first = aws.rules.get(0).ruleId();
        writeProject(Map.of("allow_cidr", "203.0.113.99/32"));
        aws.clearRequests();
        service().up(false);
        assertEquals(List.of("RevokeSecurityGroupIngress", "AuthorizeSecurityGroupIngress"), aws.actions().stream()
                .filter(a -> a.contains("SecurityGroup")).toList());
        assertEquals(first, aws.requests("RevokeSecurityGroupIngress").get(0).param("SecurityGroupRuleId.1"));
        assertEquals(List.of("203.0.113.99/32"), aws.rules.stream().map(AwsStub.StubRule::cidr).toList());
        assertEquals("203.0.113.99/32", InfraState.read(dir.resolve(".starling/infra.json")).created().ingressRule().cidr());
    }

    @Test
    void refusedRuleAndQuotaAreOneLineAndWhatWasCreatedStaysRecorded() {
        writeProject(Map.of("allow_cidr", "203.0.113.7/32"));
        aws.denied.add("AuthorizeSecurityGroupIngress");
        InfraException denied = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals("access denied: AWS refused ec2:AuthorizeSecurityGroupIngress on security group "
                + AwsStub.DEFAULT_GROUP + ". Allow ec2:AuthorizeSecurityGroupIngress for the AWS identity you run as (its"
                + " IAM policy), or use --profile with one that has it. AWS said: You are not authorized to perform this"
                + " operation. User: arn:aws:iam::123456789012:user/starling-test is not authorized to perform:"
                + " ec2:AuthorizeSecurityGroupIngress on resource: arn:aws:ec2:us-west-2:123456789012:security-group/"
                + AwsStub.DEFAULT_GROUP + " because no identity-based policy allows the ec2:AuthorizeSecurityGroupIngress"
                + " action", denied.getMessage());
        assertEquals(new InfraState.Created(true, true, false, false, null),
                InfraState.read(dir.resolve(".starling/infra.json")).created());

        InfraState.delete(dir.resolve(".starling/infra.json"));
        aws.cluster = null;
        aws.quotaExceeded.add("CreateCluster");
        InfraException quota = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals("AWS refused redshift:CreateCluster on cluster sparkify-cluster: a quota of the account is used up"
                + " (ClusterQuotaExceeded). Delete what you no longer use, or ask for more in the Service Quotas console"
                + " (region us-west-2). AWS said: The request would exceed the allowed number of clusters for this"
                + " account.", quota.getMessage());
    }

    @Test
    void statusSaysWhenThePortIsClosed() {
        service().up(false);
        reachable = new Reachability.Result(false, "the port is closed to this machine: h:5439: no answer within 3s",
                "let your address in on the port");
        service().status();
        assertTrue(out().contains("reachable from here: NO: the port is closed to this machine: h:5439: no answer within"
                + " 3s; let your address in on the port\n"), out());
        assertEquals(AwsStub.host(CLUSTER) + ":5439", probed.get(probed.size() - 1));
    }

    @Test
    void theRealProbeAnswersInSecondsWithAHint() throws Exception {
        try (java.net.ServerSocket open = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Reachability.Result yes = Reachability.check("127.0.0.1", open.getLocalPort(), Duration.ofSeconds(2));
            assertTrue(yes.open(), yes.toString());
        }
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Reachability.Result refused = Reachability.check("127.0.0.1", closedPort, Duration.ofSeconds(2));
        assertFalse(refused.open());
        assertTrue(refused.detail().startsWith("the port is closed to this machine: 127.0.0.1:" + closedPort
                + ": connection refused"), refused.detail());
        assertTrue(refused.fix().contains("infra.allow_cidr"), refused.fix());
        // a VPC's private address that does not answer (not tried for real: this machine's network may accept any connect)
        Reachability.Result vpc = Reachability.closed("h.example:5439 (10.0.3.7)", true, "no answer within 3s");
        assertEquals("the endpoint h.example:5439 (10.0.3.7) is a private address (no answer within 3s): it is reachable"
                + " only from inside its VPC", vpc.detail());
        assertTrue(vpc.fix().startsWith("set infra.publicly_accessible: true and infra.allow_cidr"), vpc.fix());
        Reachability.Result unknown = Reachability.check("no-such-host.invalid", 5439, Duration.ofSeconds(2));
        assertFalse(unknown.open());
        assertTrue(unknown.detail().contains("does not resolve"), unknown.detail());
    }

    // ---- Redshift Serverless ------------------------------------------------------------------------------------

    static final String WORKGROUP = "sparkify";

    void serverlessProject(String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("kind", "serverless"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        writeProject(settings);
    }

    @Test
    void serverlessUpCreatesTheNamespaceThenTheWorkgroupWaitsOpensThePortAndRecordsIt() {
        serverlessProject("allow_cidr", "203.0.113.7/32");
        aws.creatingPolls = 2;
        InfraState state = service().up(false);

        assertEquals(List.of("GetRole", "CreateRole", "AttachRolePolicy", "GetNamespace", "CreateNamespace",
                "GetWorkgroup", "CreateWorkgroup", "GetWorkgroup", "GetWorkgroup", "GetWorkgroup",
                "AuthorizeSecurityGroupIngress"), aws.actions());
        String roleArn = aws.roleArn(ROLE);
        String trust = aws.requests("CreateRole").get(0).param("AssumeRolePolicyDocument");
        assertTrue(trust.contains("\"redshift-serverless.amazonaws.com\"") && trust.contains("\"redshift.amazonaws.com\""),
                trust);
        assertEquals(Map.of("namespaceName", "sparkify", "dbName", "sparkify", "adminUsername", "sparkify_admin",
                "adminUserPassword", PASSWORD, "iamRoles", "[" + roleArn + "]", "defaultIamRoleArn", roleArn),
                aws.requests("CreateNamespace").get(0).params());
        assertEquals(Map.of("workgroupName", WORKGROUP, "namespaceName", "sparkify", "baseCapacity", "8",
                "port", "5439", "publiclyAccessible", "true"), aws.requests("CreateWorkgroup").get(0).params());
        for (String action : List.of("GetNamespace", "CreateNamespace", "GetWorkgroup", "CreateWorkgroup")) {
            assertTrue(aws.requests(action).get(0).authorization().contains("/us-west-2/redshift-serverless/aws4_request"),
                    action);
        }
        assertEquals("203.0.113.7/32", aws.requests("AuthorizeSecurityGroupIngress").get(0)
                .param("IpPermissions.1.IpRanges.1.CidrIp"));
        assertEquals("starling infra up: workgroup sparkify", aws.requests("AuthorizeSecurityGroupIngress").get(0)
                .param("IpPermissions.1.IpRanges.1.Description"));
        assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(15)), waits.sleeps);
        assertTrue(out().contains("  waiting for workgroup sparkify: CREATING (0s elapsed)\n"
                + "  waiting for workgroup sparkify: CREATING (15s elapsed)\n"
                + "  workgroup sparkify: available after 30s\n"), out());
        assertFalse(out().contains(PASSWORD));

        String host = AwsStub.serverlessHost(WORKGROUP);
        String ruleId = aws.rules.get(0).ruleId();
        assertEquals("{\n"
                + "  \"kind\": \"serverless\",\n"
                + "  \"namespace\": \"sparkify\",\n"
                + "  \"workgroup\": \"sparkify\",\n"
                + "  \"region\": \"us-west-2\",\n"
                + "  \"host\": \"" + host + "\",\n"
                + "  \"port\": 5439,\n"
                + "  \"database\": \"sparkify\",\n"
                + "  \"user\": \"sparkify_admin\",\n"
                + "  \"iam_role_arn\": \"" + roleArn + "\",\n"
                + "  \"created\": {\n"
                + "    \"iam_role\": true,\n"
                + "    \"namespace\": true,\n"
                + "    \"workgroup\": true,\n"
                + "    \"ingress_rule\": {\n"
                + "      \"group_id\": \"" + AwsStub.DEFAULT_GROUP + "\",\n"
                + "      \"rule_id\": \"" + ruleId + "\",\n"
                + "      \"cidr\": \"203.0.113.7/32\",\n"
                + "      \"port\": 5439\n"
                + "    }\n"
                + "  }\n"
                + "}\n", TestProjects.read(dir.resolve(".starling/infra.json")));
        assertEquals(host, state.host());
        assertEquals(List.of(host + ":5439"), probed);

        // again: nothing is made twice, the record stays
        aws.clearRequests();
        service().up(false);
        assertEquals(List.of("GetRole", "AttachRolePolicy", "GetNamespace", "GetWorkgroup"), aws.actions());
        assertTrue(out().contains("namespace sparkify: already exists (AVAILABLE), reused\n"), out());
        assertTrue(out().contains("workgroup sparkify: already exists (AVAILABLE, base capacity 8 RPUs, namespace"
                + " sparkify), reused\n"), out());
        assertEquals(new InfraState.Created(true, false, true, true,
                new InfraState.Rule(AwsStub.DEFAULT_GROUP, ruleId, "203.0.113.7/32", 5439)),
                InfraState.read(dir.resolve(".starling/infra.json")).created());
    }

    @Test
    void aNamespaceStillModifyingIsWaitedForBeforeTheWorkgroup() {
        serverlessProject();
        aws.namespaceModifyingPolls = 2;
        service().up(false);
        assertEquals(List.of("GetNamespace", "CreateNamespace", "GetNamespace", "GetNamespace", "GetNamespace",
                "GetWorkgroup", "CreateWorkgroup"), aws.actions().subList(3, 10));
        assertTrue(out().contains("  waiting for namespace sparkify: MODIFYING (0s elapsed)\n"
                + "  waiting for namespace sparkify: MODIFYING (15s elapsed)\n"), out());
    }

    @Test
    void serverlessDownRevokesTheRuleDeletesTheWorkgroupThenTheNamespaceThenTheRole() {
        serverlessProject("allow_cidr", "203.0.113.7/32");
        service().up(false);
        String ruleId = aws.rules.get(0).ruleId();
        aws.clearRequests();
        waits.sleeps.clear();
        aws.deletingPolls = 1;
        service().down(null, false);

        assertEquals(List.of("RevokeSecurityGroupIngress", "GetWorkgroup", "DeleteWorkgroup", "GetWorkgroup",
                "GetWorkgroup", "GetNamespace", "DeleteNamespace", "GetNamespace", "GetNamespace", "GetRole",
                "DetachRolePolicy", "DeleteRole"), aws.actions());
        assertEquals(ruleId, aws.requests("RevokeSecurityGroupIngress").get(0).param("SecurityGroupRuleId.1"));
        assertEquals(Map.of("workgroupName", WORKGROUP), aws.requests("DeleteWorkgroup").get(0).params());
        assertEquals(Map.of("namespaceName", "sparkify"), aws.requests("DeleteNamespace").get(0).params(),
                "no final snapshot unless asked");
        assertNull(aws.workgroup);
        assertNull(aws.namespace);
        assertNull(aws.roleName);
        assertEquals(List.of(), aws.rules);
        assertTrue(out().contains("workgroup sparkify: deleting\n"
                + "  waiting for workgroup sparkify: DELETING (0s elapsed)\n"
                + "  workgroup sparkify: deleted after 15s\n"
                + "namespace sparkify: deleting (no final snapshot)\n"), out());
        assertTrue(out().endsWith("removed .starling/infra.json\n"
                + "Done: nothing of this project's infrastructure is left in us-west-2\n"), out());

        aws.clearRequests();
        service().down(null, false);
        assertEquals(List.of("GetWorkgroup", "GetNamespace", "GetRole"), aws.actions(), "nothing left: look, say so");
    }

    @Test
    void serverlessKeepsANamespaceItOnlyReusedAndAFinalSnapshotIsAskedFor() {
        serverlessProject();
        aws.presetRole(ROLE);
        aws.presetNamespace("sparkify").roles.add(aws.roleArn(ROLE));
        service().up(false);
        assertEquals(0, count("CreateNamespace"));
        assertEquals(new InfraState.Created(false, false, false, true, null),
                InfraState.read(dir.resolve(".starling/infra.json")).created());
        service().down("sparkify-last", false);
        assertNull(aws.workgroup, "the workgroup up created is gone");
        assertEquals("sparkify", aws.namespace.name, "the namespace up reused stays");
        assertEquals(ROLE, aws.roleName, "and the role");
        assertEquals(0, count("DeleteNamespace"));
        assertTrue(out().contains("namespace sparkify: kept: no record that `infra up` created it"), out());

        InfraState.delete(dir.resolve(".starling/infra.json"));
        aws.namespace = null;
        service().up(false);
        aws.clearRequests();
        service().down("sparkify-last", false);
        assertEquals(Map.of("namespaceName", "sparkify", "finalSnapshotName", "sparkify-last"),
                aws.requests("DeleteNamespace").get(0).params());
    }

    @Test
    void serverlessDryRunsShowEveryCallWithTheRoleAndTheRule() {
        serverlessProject("allow_cidr", "203.0.113.7/32");
        service().up(true);
        List<String> up = out().lines().filter(l -> l.startsWith("  ")).toList();
        String roleArn = "arn:aws:iam::<account>:role/" + ROLE;
        assertEquals(List.of("  iam:GetRole RoleName=sparkify-redshift-s3-read",
                "  iam:CreateRole RoleName=sparkify-redshift-s3-read AssumeRolePolicyDocument="
                        + InfraService.SERVERLESS_TRUST_POLICY + " Description=\"Lets Redshift workgroup sparkify read S3"
                        + " (COPY); made by starling infra up\"   (if GetRole finds no role)",
                "  iam:AttachRolePolicy RoleName=sparkify-redshift-s3-read PolicyArn=" + InfraService.S3_READ_ONLY_POLICY,
                "  redshift-serverless:GetNamespace namespaceName=sparkify",
                "  redshift-serverless:CreateNamespace adminUserPassword=**** adminUsername=sparkify_admin dbName=sparkify"
                        + " defaultIamRoleArn=" + roleArn + " iamRoles=[" + roleArn + "] namespaceName=sparkify"
                        + "   (if GetNamespace finds none)",
                "  redshift-serverless:GetWorkgroup workgroupName=sparkify",
                "  redshift-serverless:CreateWorkgroup baseCapacity=8 namespaceName=sparkify port=5439"
                        + " publiclyAccessible=true workgroupName=sparkify   (if GetWorkgroup finds none)",
                "  redshift-serverless:GetWorkgroup workgroupName=sparkify   (every 15s until status is AVAILABLE, for at"
                        + " most 30m)",
                "  ec2:AuthorizeSecurityGroupIngress GroupId=\"<the workgroup's VPC security group>\" IpPermissions=\"["
                        + "IpPermission(IpProtocol=tcp, FromPort=5439, ToPort=5439, IpRanges=[IpRange(Description=starling"
                        + " infra up: workgroup sparkify, CidrIp=203.0.113.7/32)])]\"   (unless the group already has this"
                        + " rule)"), up);
        assertFalse(out().contains(PASSWORD));

        service().up(false);
        String ruleId = aws.rules.get(0).ruleId();
        aws.clearRequests();
        service().down(null, true);
        assertEquals(List.of(), aws.requests(), "a dry run sends nothing");
        String recorded = "recorded as created by infra up";
        assertEquals(List.of("  ec2:RevokeSecurityGroupIngress GroupId=" + AwsStub.DEFAULT_GROUP
                        + " SecurityGroupRuleIds=[" + ruleId + "]   (the rule infra up added)",
                "  redshift-serverless:GetWorkgroup workgroupName=sparkify",
                "  redshift-serverless:DeleteWorkgroup workgroupName=sparkify   (" + recorded + ")",
                "  redshift-serverless:GetWorkgroup workgroupName=sparkify   (every 15s until ResourceNotFoundException,"
                        + " for at most 30m)",
                "  redshift-serverless:GetNamespace namespaceName=sparkify",
                "  redshift-serverless:DeleteNamespace namespaceName=sparkify   (" + recorded + ")",
                "  redshift-serverless:GetNamespace namespaceName=sparkify   (every 15s until ResourceNotFoundException,"
                        + " for at most 30m)",
                "  iam:GetRole RoleName=sparkify-redshift-s3-read",
                "  iam:DetachRolePolicy RoleName=sparkify-redshift-s3-read PolicyArn=" + InfraService.S3_READ_ONLY_POLICY
                        + "   (" + recorded + ")",
                "  iam:DeleteRole RoleName=sparkify-redshift-s3-read   (" + recorded + ")"),
                out().lines().filter(l -> l.startsWith("  ")).toList());
        assertTrue(Files.exists(dir.resolve(".starling/infra.json")), "a dry run removes nothing");
    }

    @Test
    void serverlessRefusalsQuotaAndTimeout() {
        serverlessProject();
        aws.denied.add("CreateNamespace");
        InfraException denied = assertThrows(InfraException.class, () -> service().up(false));
        assertTrue(denied.getMessage().startsWith("access denied: AWS refused redshift-serverless:CreateNamespace on"
                + " namespace sparkify. Allow redshift-serverless:CreateNamespace and iam:PassRole on the role for the"
                + " AWS identity you run as"), denied.getMessage());
        assertEquals("GetRole, CreateRole, AttachRolePolicy, GetNamespace, CreateNamespace",
                String.join(", ", aws.actions()), "nothing after the refused call");

        aws.denied.clear();
        aws.quotaExceeded.add("CreateWorkgroup");
        InfraException quota = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals("AWS refused redshift-serverless:CreateWorkgroup on workgroup sparkify: a quota of the account is"
                + " used up (ServiceQuotaExceededException). Delete what you no longer use, or ask for more in the Service"
                + " Quotas console (region us-west-2). AWS said: You have reached the maximum number of workgroups for"
                + " this account.", quota.getMessage());
        assertEquals(new InfraState.Created(true, false, true, false, null),
                InfraState.read(dir.resolve(".starling/infra.json")).created(), "role and namespace are recorded");

        aws.quotaExceeded.clear();
        aws.neverAvailable = true;
        serverlessProject("wait_timeout", "30s");
        InfraException timeout = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals("timed out after 30s waiting for workgroup sparkify to be available; its last status was"
                + " 'CREATING'. AWS goes on creating it: run `starling infra up` again to wait more (it reuses the"
                + " workgroup), `starling infra status` to look, or raise infra.wait_timeout in project.yml",
                timeout.getMessage());
    }

    @Test
    void upOfOneKindDoesNotForgetWhatUpMadeOfTheOther() {
        serverlessProject();
        service().up(false);
        writeProject(Map.of());
        aws.clearRequests();
        InfraException e = assertThrows(InfraException.class, () -> service().up(false));
        assertEquals(".starling/infra.json records what `infra up` made for workgroup sparkify (namespace sparkify), not"
                + " cluster sparkify-cluster; run `starling infra down --kind serverless` for it first (with the"
                + " project.yml it was made with), so that nothing it made is forgotten", e.getMessage());
        assertEquals(List.of(), aws.requests());
        service().down(null, false);
        assertEquals("sparkify", aws.workgroup.name, "a cluster's down leaves the workgroup it has no record of");
        assertTrue(out().contains("kept .starling/infra.json: it records what `infra up` made for another warehouse\n"),
                out());
        serverlessProject();
        service().down(null, false);
        assertNull(aws.workgroup);
    }

    @Test
    void serverlessStatus() {
        serverlessProject();
        service().status();
        assertEquals("Starling: infra status: workgroup sparkify (namespace sparkify) in us-west-2\n"
                + "IAM role sparkify-redshift-s3-read: absent\n"
                + "namespace sparkify: absent\n"
                + "workgroup sparkify: absent\n"
                + "inbound rule: none added by infra up (infra.allow_cidr is not set)\n"
                + "state file .starling/infra.json: absent\n", out());
        service().up(false);
        aws.clearRequests();
        service().status();
        String roleArn = aws.roleArn(ROLE);
        assertTrue(out().contains("namespace sparkify: AVAILABLE, database sparkify, admin user sparkify_admin, default"
                + " role " + roleArn + "\n"
                + "workgroup sparkify: AVAILABLE, base capacity 8 RPUs, endpoint " + AwsStub.serverlessHost(WORKGROUP)
                + ":5439, publicly accessible\n"), out());
        assertEquals(List.of("GetRole", "ListAttachedRolePolicies", "GetNamespace", "GetWorkgroup"), aws.actions());
    }
}
