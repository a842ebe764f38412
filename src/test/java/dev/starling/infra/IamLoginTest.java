package dev.starling.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.project.ProjectConfig;
import dev.starling.project.ProjectLoader;
import dev.starling.support.TestProjects;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift target's {@code method: iam} through the real driver and the AWS SDK v2 modules it uses: the
 * driver's endpoint override points at {@link AwsStub}, so the login's request for temporary database credentials
 * arrives here and is checked, for a cluster (redshift:GetClusterCredentials) and for a Serverless workgroup
 * (redshift-serverless:GetCredentials). The database connection that would follow goes to a closed port and fails;
 * what matters is that the driver got as far as asking AWS, signed with the given keys, and then on to the database
 * port. (The login timeout is generous: the SDK clients take seconds to load on a busy machine.)
 */
class IamLoginTest {

    @TempDir
    Path dir;

    AwsStub aws;
    int closedPort;

    @BeforeEach
    void start() throws Exception {
        aws = new AwsStub();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    Adapter target(String login) {
        TestProjects.write(dir.resolve("project.yml"), "name: iam_login\n"
                + "target: prod\n"
                + "targets:\n"
                + "  prod:\n"
                + "    type: redshift\n"
                + "    method: iam\n"
                + "    host: 127.0.0.1\n"
                + "    port: " + closedPort + "\n"
                + "    database: sparkify\n"
                + "    user: sparkify_admin\n"
                + "    region: us-west-2\n"
                + "    schema: public\n"
                + "    retries: 0\n"
                + login
                + "    connection: {EndpointUrl: '" + aws.endpoint() + "', AccessKeyID: AKIDIAMLOGINTEST,"
                + " SecretAccessKey: iam-login-secret, loginTimeout: 30}\n");
        ProjectConfig config = ProjectLoader.loadConfig(dir, Map.of(), Map.<String, String>of()::get);
        return AdapterProvider.forTarget(config.target("prod"), dir);
    }

    @Test
    void aClusterLoginAsksRedshiftForClusterCredentials() {
        aws.presetCluster("sparkify-cluster", "available");
        try (Adapter adapter = target("    cluster_id: sparkify-cluster\n")) {
            SQLException e = assertThrows(SQLException.class, adapter::openSession, "the database port is closed");
            assertTrue(String.valueOf(e.getMessage()).contains("refused"), "it got past the login: " + e);
        }
        List<AwsStub.Request> asked = aws.requests("GetClusterCredentials");
        assertEquals(1, asked.size(), aws.actions().toString());
        AwsStub.Request request = asked.get(0);
        assertEquals("sparkify-cluster", request.param("ClusterIdentifier"));
        assertEquals("sparkify_admin", request.param("DbUser"));
        assertEquals("2012-12-01", request.param("Version"));
        assertTrue(request.authorization().contains("Credential=AKIDIAMLOGINTEST/"), request.authorization());
        assertTrue(request.authorization().contains("/us-west-2/redshift/aws4_request"), request.authorization());
    }

    @Test
    void aServerlessLoginAsksRedshiftServerlessForCredentials() {
        aws.presetNamespace("sparkify");
        aws.presetWorkgroup("sparkify", "sparkify", "AVAILABLE");
        try (Adapter adapter = target("    workgroup: sparkify\n")) {
            SQLException e = assertThrows(SQLException.class, adapter::openSession, "the database port is closed");
            assertTrue(String.valueOf(e.getMessage()).contains("refused"), "it got past the login: " + e);
        }
        List<AwsStub.Request> asked = aws.requests("GetCredentials");
        assertEquals(1, asked.size(), aws.actions().toString());
        AwsStub.Request request = asked.get(0);
        assertEquals("sparkify", request.param("workgroupName"));
        assertEquals("sparkify", request.param("dbName"));
        assertTrue(request.authorization().contains("Credential=AKIDIAMLOGINTEST/"), request.authorization());
        assertTrue(request.authorization().contains("/us-west-2/redshift-serverless/aws4_request"),
                request.authorization());
    }
}
