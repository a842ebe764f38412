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
        assertTrue(status.out().contains("cluster sparkify-cluster: available, 4 x dc2.large, endpoint "
                + AwsStub.host("sparkify-cluster") + ":5439"), status::toString);
        assertTrue(status.out().contains("    \"iam_role_arn\": \"arn:aws:iam::123456789012:role/sparkify-redshift-s3-read\"\n"),
                status::toString);

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
    }
}
