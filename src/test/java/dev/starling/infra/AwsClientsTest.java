package dev.starling.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.project.ProjectLoader;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Without infra.endpoint, the clients address AWS itself: the region's Redshift, Redshift Serverless and EC2, the
 * partition's global IAM.
 */
class AwsClientsTest {

    @TempDir
    Path dir;

    /** Records the signed request just before it would be sent, then stops it: nothing leaves the machine. */
    static final class Capture implements ExecutionInterceptor {
        final List<String> seen = new ArrayList<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String auth = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
            String scope = auth.replaceAll(".*Credential=[^/]+/\\d+/([^,]+),.*", "$1");
            seen.add(context.httpRequest().getUri() + " " + scope);
            throw new IllegalStateException("captured, not sent");
        }
    }

    @Test
    void regionalRedshiftAndGlobalIam() {
        TestProjects.sparkify(dir);
        InfraConfig config = InfraConfig.from(ProjectLoader.loadConfig(dir, Map.of(), Map.<String, String>of()::get));
        Capture capture = new Capture();
        try (AwsClients aws = AwsClients.open(config,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDNOTSENT", "secret")), capture)) {
            assertThrows(RuntimeException.class, () -> aws.redshift().describeClusters(b -> b.clusterIdentifier("x")));
            assertThrows(RuntimeException.class, () -> aws.iam().getRole(b -> b.roleName("x")));
            assertThrows(RuntimeException.class, () -> aws.serverless().getWorkgroup(b -> b.workgroupName("x")));
            assertThrows(RuntimeException.class, () -> aws.ec2().revokeSecurityGroupIngress(b -> b.groupId("sg-1")));
        }
        assertEquals(List.of("https://redshift.us-west-2.amazonaws.com us-west-2/redshift/aws4_request",
                "https://iam.amazonaws.com us-east-1/iam/aws4_request",
                "https://redshift-serverless.us-west-2.amazonaws.com/ us-west-2/redshift-serverless/aws4_request",
                "https://ec2.us-west-2.amazonaws.com us-west-2/ec2/aws4_request"), capture.seen);
        assertTrue(config.endpoint() == null);
    }
}
