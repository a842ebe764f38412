package dev.starling.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code starling infra ...} as a user runs it, on a copy of the Sparkify project whose infra: sends every AWS call
 * to {@link AwsStub}: credentials from the environment, exit statuses, one-line errors, the real clock.
 */
class InfraCliTest {

    static final String PASSWORD = "Sparkify2024pw";
    static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY", "cli-secret",
            "STARLING_REDSHIFT_PASSWORD", PASSWORD);

    @TempDir
    Path dir;

    AwsStub aws;

    @BeforeEach
    void start() {
        aws = new AwsStub();
        aws.creatingPolls = 2;
        aws.deletingPolls = 1;
        TestProjects.sparkify(dir);
        String yml = TestProjects.read(dir.resolve("project.yml"))
                .replace("\ninfra:\n", "\ninfra:\n  endpoint: " + aws.endpoint() + "\n")
                .replaceAll("(?m)^  wait_interval:.*$", "  wait_interval: 1ms")
                .replaceAll("(?m)^  wait_timeout:.*$", "  wait_timeout: 10s");
        TestProjects.write(dir.resolve("project.yml"), yml);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void upStatusDownAndAgain() {
        Cli.Result up = Cli.run(dir, ENV, "infra", "up");
        assertEquals(0, up.status(), up::toString);
        assertEquals("", up.err());
        assertTrue(up.out().startsWith("Starling: infra up: cluster sparkify-cluster in us-west-2\n"), up::toString);
        assertEquals(2, up.out().lines().filter(l -> l.startsWith("  waiting for cluster sparkify-cluster: creating")).count(),
                up::toString);
        assertFalse(up.out().contains(PASSWORD));
        assertTrue(Files.isRegularFile(dir.resolve(".starling/infra.json")));
        for (AwsStub.Request r : aws.requests()) {
            assertTrue(r.authorization().startsWith("AWS4-HMAC-SHA256 Credential=AKIDCLITEST/"), r.toString());
        }
        assertTrue(aws.requests("CreateCluster").get(0).authorization().contains("/us-west-2/redshift/aws4_request"));

        Cli.Result again = Cli.run(dir, ENV, "infra", "up");
        assertEquals(0, again.status(), again::toString);
        assertEquals(1, aws.requests("CreateCluster").size());
        assertEquals(1, aws.requests("CreateRole").size());
        assertTrue(again.out().contains("already exists, reused"), again::toString);

        Cli.Result status = Cli.run(dir, ENV, "infra", "status");
        assertEquals(0, status.status(), status::toString);
        assertTrue(status.out().contains("cluster sparkify-cluster: available, 2 x ra3.large, endpoint "
                + AwsStub.host("sparkify-cluster") + ":5439"), status::toString);
        assertTrue(status.out().contains("    \"iam_role_arn\": \"arn:aws:iam::123456789012:role/sparkify-redshift-s3-read\",\n"),
                status::toString);
        // the real check: the stand-in's host name does not resolve here, and status says so at once
        assertTrue(status.out().contains("reachable from here: NO: the host name " + AwsStub.host("sparkify-cluster")
                + " does not resolve here; check the host"), status::toString);

        Map<String, String> noPassword = Map.of("AWS_ACCESS_KEY_ID", "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY", "cli-secret");
        Cli.Result down = Cli.run(dir, noPassword, "infra", "down");
        assertEquals(0, down.status(), down::toString);
        assertTrue(down.out().endsWith("removed .starling/infra.json\n"
                + "Done: nothing of this project's infrastructure is left in us-west-2\n"), down::toString);
        assertFalse(Files.exists(dir.resolve(".starling/infra.json")));

        Cli.Result downAgain = Cli.run(dir, noPassword, "infra", "down");
        assertEquals(0, downAgain.status(), downAgain::toString);
        assertTrue(downAgain.out().contains("cluster sparkify-cluster: not found, nothing to delete\n"), downAgain::toString);
    }

    @Test
    void dryRunSendsNothing() {
        Cli.Result up = Cli.run(dir, ENV, "infra", "up", "--dry-run");
        assertEquals(0, up.status(), up::toString);
        Cli.Result down = Cli.run(dir, ENV, "infra", "down", "--dry-run", "--final-snapshot", "sparkify-last");
        assertEquals(0, down.status(), down::toString);
        assertEquals(List.of(), aws.requests());
        assertTrue(up.out().contains("MasterUserPassword=****"), up::toString);
        assertFalse(up.out().contains(PASSWORD), up::toString);
        assertTrue(down.out().contains("FinalClusterSnapshotIdentifier=sparkify-last"), down::toString);
        assertFalse(Files.exists(dir.resolve(".starling")));
    }

    @Test
    void dryRunsOfBothKindsShowTheCallsTheRoleAndTheRule() {
        Cli.Result cluster = Cli.run(dir, ENV, "infra", "up", "--dry-run");
        assertEquals(0, cluster.status(), cluster::toString);
        assertTrue(cluster.out().contains("NodeType=ra3.large"), cluster::toString);
        assertTrue(cluster.out().contains("NumberOfNodes=2"), cluster::toString);
        assertFalse(cluster.out().contains("AuthorizeSecurityGroupIngress"), "no allow_cidr, no rule: " + cluster);

        Map<String, String> withCidr = new java.util.HashMap<>(ENV);
        withCidr.put("STARLING_ALLOW_CIDR", "203.0.113.7/32");
        Cli.Result serverless = Cli.run(dir, withCidr, "infra", "up", "--kind", "serverless", "--dry-run");
        assertEquals(0, serverless.status(), serverless::toString);
        String out = serverless.out();
        assertTrue(out.startsWith("Starling: infra up: workgroup sparkify (namespace sparkify, Redshift Serverless) in"
                + " us-west-2 (dry run: nothing is sent)\n"), serverless::toString);
        String role = "arn:aws:iam::<account>:role/sparkify-redshift-s3-read";
        assertTrue(out.contains("  redshift-serverless:CreateNamespace adminUserPassword=**** adminUsername=sparkify_admin"
                + " dbName=sparkify defaultIamRoleArn=" + role + " iamRoles=[" + role + "] namespaceName=sparkify"), out);
        assertTrue(out.contains("  redshift-serverless:CreateWorkgroup baseCapacity=8 namespaceName=sparkify port=5439"
                + " publiclyAccessible=true workgroupName=sparkify"), out);
        assertTrue(out.contains("  ec2:AuthorizeSecurityGroupIngress GroupId=\"<the workgroup's VPC security group>\""
                + " IpPermissions=\"[IpPermission(IpProtocol=tcp, FromPort=5439, ToPort=5439,"), out);
        assertTrue(out.contains("CidrIp=203.0.113.7/32"), out);
        assertFalse(out.contains("CreateCluster"), out);
        assertFalse(out.contains(PASSWORD), out);

        Cli.Result down = Cli.run(dir, withCidr, "infra", "down", "--kind", "serverless", "--dry-run");
        assertEquals(0, down.status(), down::toString);
        for (String call : List.of("ec2:RevokeSecurityGroupIngress", "redshift-serverless:DeleteWorkgroup workgroupName=sparkify",
                "redshift-serverless:DeleteNamespace namespaceName=sparkify", "iam:DeleteRole")) {
            assertTrue(down.out().contains("  " + call), call + " in " + down);
        }
        assertEquals(List.of(), aws.requests(), "dry runs send nothing");
        assertFalse(Files.exists(dir.resolve(".starling")));

        Cli.Result bad = Cli.run(dir, ENV, "infra", "status", "--kind", "provisioned");
        assertEquals(2, bad.status(), bad::toString);
        assertEquals("Error: --kind 'provisioned' is not valid: cluster or serverless\n", bad.err());
    }

    @Test
    void serverlessUpStatusDownThroughTheCli() {
        Cli.Result up = Cli.run(dir, ENV, "infra", "up", "--kind", "serverless");
        assertEquals(0, up.status(), up::toString);
        assertTrue(up.out().contains("workgroup sparkify: available at " + AwsStub.serverlessHost("sparkify") + ":5439"),
                up::toString);
        assertTrue(TestProjects.read(dir.resolve(".starling/infra.json")).contains("\"kind\": \"serverless\""));
        Cli.Result status = Cli.run(dir, ENV, "infra", "status", "--kind", "serverless");
        assertEquals(0, status.status(), status::toString);
        assertTrue(status.out().contains("workgroup sparkify: AVAILABLE"), status::toString);
        Cli.Result down = Cli.run(dir, ENV, "infra", "down", "--kind", "serverless");
        assertEquals(0, down.status(), down::toString);
        assertTrue(down.out().endsWith("Done: nothing of this project's infrastructure is left in us-west-2\n"),
                down::toString);
        assertEquals(null, aws.workgroup);
        assertEquals(null, aws.namespace);
    }

    @Test
    void aRefusedNodeTypeIsOneLineNamingTheSetting() {
        TestProjects.write(dir.resolve("project.yml"), TestProjects.read(dir.resolve("project.yml"))
                .replaceAll("(?m)^  node_type:.*$", "  node_type: dc2.large"));
        Cli.Result up = Cli.run(dir, ENV, "infra", "up");
        assertEquals(1, up.status(), up::toString);
        assertEquals("Error: AWS refused node type dc2.large (infra.node_type in project.yml): set infra.node_type:"
                + " ra3.large (AWS lists in us-west-2: ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge). AWS said:"
                + " InvalidParameterValue: Invalid node type: dc2.large\n", up.err());
    }

    @Test
    void accessDeniedExitsOneWithOneLine() {
        aws.denied.add("CreateCluster");
        Cli.Result up = Cli.run(dir, ENV, "infra", "up");
        assertEquals(1, up.status(), up::toString);
        assertEquals(1, up.err().lines().count(), up::toString);
        assertEquals(1, aws.requests("CreateCluster").size(), "a refused call is not retried");
        assertTrue(up.err().startsWith("Error: access denied: AWS refused redshift:CreateCluster on cluster sparkify-cluster."
                + " Allow redshift:CreateCluster and iam:PassRole on the role"), up::toString);
    }

    @Test
    void aTimeoutExitsOneWithTheLastStatus() {
        aws.neverAvailable = true;
        TestProjects.write(dir.resolve("project.yml"), TestProjects.read(dir.resolve("project.yml"))
                .replace("  wait_timeout: 10s", "  wait_timeout: 200ms").replace("  wait_interval: 1ms", "  wait_interval: 50ms"));
        Cli.Result up = Cli.run(dir, ENV, "infra", "up");
        assertEquals(1, up.status(), up::toString);
        assertEquals("Error: timed out after 200ms waiting for cluster sparkify-cluster to be available; its last status"
                + " was 'creating'. AWS goes on creating it: run `starling infra up` again to wait more (it reuses the"
                + " cluster), `starling infra status` to look, or raise infra.wait_timeout in project.yml\n", up.err());
        assertTrue(up.out().lines().anyMatch(l -> l.matches("  waiting for cluster sparkify-cluster: creating \\(\\d+m?s elapsed\\)")),
                up::toString);
        long polls = aws.requests("DescribeClusters").size() - 1;
        assertTrue(polls >= 2 && polls <= 6, "about 200ms / 50ms polls, not a busy loop: " + polls);
    }

    @Test
    void settingsAndCredentialErrors() {
        Cli.Result noPassword = Cli.run(dir, Map.of("AWS_ACCESS_KEY_ID", "A", "AWS_SECRET_ACCESS_KEY", "B"), "infra", "up");
        assertEquals(2, noPassword.status(), noPassword::toString);
        assertTrue(noPassword.err().matches("Error: project\\.yml:\\d+: environment variable STARLING_REDSHIFT_PASSWORD is"
                + " not set\\. .*\n"), noPassword::toString);

        TestProjects.write(dir.resolve("project.yml"), TestProjects.read(dir.resolve("project.yml"))
                .replaceAll("(?m)^  node_type:.*\n", ""));
        Cli.Result noNodeType = Cli.run(dir, ENV, "infra", "status");
        assertEquals(2, noNodeType.status(), noNodeType::toString);
        assertTrue(noNodeType.err().matches("Error: project\\.yml:\\d+: infra needs 'node_type' .*\n"), noNodeType::toString);

        Cli.Result noProject = Cli.run(dir.resolve("nowhere"), ENV, "infra", "status");
        assertEquals(2, noProject.status(), noProject::toString);
        assertTrue(noProject.err().startsWith("Error: no project.yml in "), noProject::toString);
        assertEquals(List.of(), aws.requests());

        Cli.Result badProfile = Cli.run(dir, ENV, "infra", "status", "--profile", "starling-test-no-such-profile");
        assertEquals(2, badProfile.status(), badProfile::toString); // node_type is still missing: settings come first
    }

    @Test
    void anUnknownProfileIsOneLine() {
        Cli.Result status = Cli.run(dir, Map.of(), "infra", "status", "--profile", "starling-test-no-such-profile");
        assertEquals(1, status.status(), status::toString);
        assertEquals(1, status.err().lines().count(), status::toString);
        assertTrue(status.err().startsWith("Error: no AWS credentials for iam:GetRole: pass --profile NAME"), status::toString);
        assertEquals(List.of(), aws.requests());
    }

    @Test
    void anUnreachableEndpointIsOneLine() {
        aws.close();
        Cli.Result status = Cli.run(dir, ENV, "infra", "status");
        assertEquals(1, status.status(), status::toString);
        assertEquals(1, status.err().lines().count(), status::toString);
        assertTrue(status.err().startsWith("Error: cannot reach AWS for iam:GetRole (infra.endpoint " + aws.endpoint()
                + "): connection refused ("), status::toString);
        assertTrue(status.err().endsWith(". Check the network (and a proxy or VPN), then run the command again\n"),
                status::toString);
    }

    @Test
    void help() {
        Cli.Result top = Cli.run(null, "--help");
        assertTrue(top.out().contains("  infra"), top::toString);
        for (String sub : List.of("up", "status", "down")) {
            Cli.Result help = Cli.run(null, "infra", sub, "--help");
            assertEquals(0, help.status(), help::toString);
            assertTrue(help.out().startsWith("Usage: starling infra " + sub), help::toString);
            assertTrue(help.out().contains("--profile"), help::toString);
        }
        assertTrue(Cli.run(null, "infra", "down", "--help").out().contains("--final-snapshot"));
        assertTrue(Cli.run(null, "infra", "up", "--help").out().contains("--kind"));
    }
}
