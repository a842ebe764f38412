package dev.starling.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.project.ProjectLoader;
import dev.starling.support.TestProjects;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** project.yml's infra: section: Sparkify's defaults, and a one-line error naming the setting and line for each mistake. */
class InfraConfigTest {

    @TempDir
    Path dir;

    static final String VALID = """
            name: demo
            infra:
              region: eu-central-1
              cluster_identifier: demo-dwh
              node_type: ra3.large
              number_of_nodes: 1
              database: dwh
              master_user: admin_user
              master_password: ${env.PW}
              iam_role_name: demo-s3-read
            """;

    InfraConfig load(String yml, Map<String, String> env) {
        TestProjects.write(dir.resolve("project.yml"), yml);
        return InfraConfig.from(ProjectLoader.loadConfig(dir, Map.of(), env::get));
    }

    String error(String yml) {
        StarlingException e = assertThrows(StarlingException.class, () -> load(yml, Map.of("PW", "Abcdefg1")));
        assertEquals(2, e.code().exitStatus);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void sparkifyDefaults() {
        TestProjects.sparkify(dir);
        InfraConfig c = InfraConfig.from(ProjectLoader.loadConfig(dir, Map.of(),
                Map.of("STARLING_REDSHIFT_PASSWORD", "Sparkify2024pw")::get));
        assertEquals("us-west-2", c.region());
        assertEquals("sparkify-cluster", c.clusterIdentifier());
        assertEquals(InfraConfig.Kind.CLUSTER, c.kind());
        assertEquals("ra3.large", c.nodeType());
        assertEquals(2, c.numberOfNodes());
        assertEquals("multi-node", c.clusterType());
        assertEquals("sparkify", c.database());
        assertEquals(5439, c.port());
        assertEquals("sparkify_admin", c.masterUser());
        assertEquals("sparkify-redshift-s3-read", c.iamRoleName());
        assertEquals(Duration.ofSeconds(15), c.waitInterval());
        assertEquals(Duration.ofMinutes(30), c.waitTimeout());
        assertNull(c.endpoint());
        assertEquals(Boolean.TRUE, c.publiclyAccessible());
        assertNull(c.allowCidr(), "STARLING_ALLOW_CIDR is not set");
        assertEquals("Sparkify2024pw", c.masterPassword());
        assertEquals(dir.toAbsolutePath().normalize().resolve(".starling/infra.json"), c.stateFile());
        assertFalse(c.toString().contains("Sparkify2024pw"), c.toString());
    }

    @Test
    void optionalSettingsAndSingleNode() {
        InfraConfig c = load(VALID + "  port: 5500\n  wait_interval: 250ms\n  wait_timeout: 1h\n"
                + "  endpoint: http://127.0.0.1:4566\n  publicly_accessible: true\n", Map.of("PW", "Abcdefg1"));
        assertEquals("single-node", c.clusterType());
        assertEquals(1, c.numberOfNodes());
        assertEquals(5500, c.port());
        assertEquals(Duration.ofMillis(250), c.waitInterval());
        assertEquals(Duration.ofHours(1), c.waitTimeout());
        assertEquals(URI.create("http://127.0.0.1:4566"), c.endpoint());
        assertEquals(Boolean.TRUE, c.publiclyAccessible());
    }

    @Test
    void missingSectionOrSettingNamesItAndItsLine() {
        assertEquals("project.yml: no 'infra:' section: add one with region, cluster_identifier, node_type,"
                + " number_of_nodes, database, master_user, master_password and iam_role_name (see the README,"
                + " 'Run it on Redshift')", error("name: demo\n"));
        assertEquals("project.yml:3: infra needs 'node_type' (a Redshift node type such as ra3.large)."
                + " Add it under infra: in project.yml.", error(VALID.replace("  node_type: ra3.large\n", "")));
        assertEquals("project.yml:3: infra needs 'master_password' (read it from the environment, e.g."
                + " master_password: ${env.STARLING_REDSHIFT_PASSWORD}). Add it under infra: in project.yml.",
                error(VALID.replace("  master_password: ${env.PW}\n", "")));
        assertTrue(error(VALID.replace("  number_of_nodes: 1\n", "")).startsWith("project.yml:3: infra needs 'number_of_nodes'"));
    }

    @Test
    void invalidSettingsNameTheirLine() {
        assertEquals("project.yml:6: infra.number_of_nodes 'four' is not valid: 1 for a single-node cluster, 2 to 100"
                + " for multi-node (AWS's CreateCluster limit; a node type may allow fewer)",
                error(VALID.replace("number_of_nodes: 1", "number_of_nodes: four")));
        assertEquals("project.yml:4: infra.cluster_identifier 'Demo_DWH' is not valid: lowercase letters, digits and"
                + " single hyphens, starting with a letter, at most 63, e.g. sparkify-cluster",
                error(VALID.replace("cluster_identifier: demo-dwh", "cluster_identifier: Demo_DWH")));
        assertTrue(error(VALID.replace("region: eu-central-1", "region: europe")).startsWith(
                "project.yml:3: infra.region 'europe' is not valid"));
        assertEquals("project.yml:11: unknown setting 'infra.node_typ'. Did you mean 'node_type'? Known: kind, region,"
                + " cluster_identifier, cluster_type, node_type, number_of_nodes, namespace, workgroup, base_capacity,"
                + " database, port, master_user, master_password, iam_role_name, publicly_accessible, allow_cidr,"
                + " wait_interval, wait_timeout, endpoint",
                error(VALID + "  node_typ: dc2.large\n"));
        assertEquals("project.yml:11: infra.cluster_type is 'multi-node' but number_of_nodes is 1, which makes a"
                + " single-node cluster. Remove cluster_type (it follows from number_of_nodes) or set it to single-node.",
                error(VALID + "  cluster_type: multi-node\n"));
        assertEquals("project.yml:11: infra.wait_timeout 'soon' is not a duration such as 500ms, 15s, 30m or 1h",
                error(VALID + "  wait_timeout: soon\n"));
        assertEquals("project.yml:11: infra.wait_interval (2m) is longer than infra.wait_timeout (1m); make it shorter",
                error(VALID + "  wait_interval: 2m\n  wait_timeout: 1m\n"));
        assertEquals("project.yml:11: infra.endpoint 'localhost:4566' is not an http(s) URL such as"
                + " http://127.0.0.1:4566; leave it out to talk to AWS", error(VALID + "  endpoint: localhost:4566\n"));
        assertTrue(error(VALID + "  port: 80\n").startsWith("project.yml:11: infra.port '80' is not valid"));
    }

    @Test
    void thePasswordIsReadOnlyWhenAskedForAndNeverShown() {
        InfraConfig noVariable = load(VALID, Map.of());
        StarlingException missing = assertThrows(StarlingException.class, noVariable::masterPassword);
        assertEquals("project.yml:9: environment variable PW is not set. Export it, or write ${env.PW:-default} to"
                + " give a default.", missing.getMessage());
        for (String weak : new String[] {"Short1", "alllowercase1", "ALLUPPER1", "NoDigitsHere", "Has space1A",
                "Has@sign1", "Quote'1aA"}) {
            InfraConfig c = load(VALID, Map.of("PW", weak));
            StarlingException e = assertThrows(StarlingException.class, c::masterPassword, weak);
            assertTrue(e.getMessage().startsWith("project.yml:9: infra.master_password has "), e.getMessage());
            assertFalse(e.getMessage().contains(weak), e.getMessage());
        }
        assertEquals("Abcdefg1", load(VALID, Map.of("PW", "Abcdefg1")).masterPassword());
    }

    @Test
    void serverlessSettingsAndTheKindOverride() {
        String serverless = VALID + "  namespace: demo-ns\n  workgroup: demo-wg\n  base_capacity: 16\n"
                + "  allow_cidr: 203.0.113.7/32\n";
        InfraConfig cluster = load(serverless, Map.of("PW", "Abcdefg1"));
        assertEquals(InfraConfig.Kind.CLUSTER, cluster.kind(), "cluster unless said otherwise");
        assertEquals("cluster demo-dwh", cluster.subject());
        assertEquals("203.0.113.7/32", cluster.allowCidr());

        InfraConfig c = load(serverless + "  kind: serverless\n", Map.of("PW", "Abcdefg1"));
        assertEquals(InfraConfig.Kind.SERVERLESS, c.kind());
        assertEquals("demo-ns", c.namespace());
        assertEquals("demo-wg", c.workgroup());
        assertEquals(16, c.baseCapacity());
        assertEquals("workgroup demo-wg", c.subject());
        assertNull(c.clusterIdentifier());

        TestProjects.write(dir.resolve("project.yml"), serverless);
        InfraConfig overridden = InfraConfig.from(ProjectLoader.loadConfig(dir, Map.of(), Map.of("PW", "Abcdefg1")::get),
                InfraConfig.Kind.SERVERLESS);
        assertEquals(InfraConfig.Kind.SERVERLESS, overridden.kind(), "--kind wins over project.yml");

        // a serverless-only project needs no cluster settings
        String only = "name: demo\ninfra:\n  kind: serverless\n  region: us-east-1\n  namespace: dwh\n  workgroup: dwh\n"
                + "  database: dwh\n  master_user: admin_user\n  master_password: ${env.PW}\n  iam_role_name: r\n";
        assertEquals(8, load(only, Map.of("PW", "Abcdefg1")).baseCapacity(), "8 RPUs unless said otherwise");
    }

    @Test
    void serverlessAndReachabilityMistakes() {
        String serverless = VALID + "  kind: serverless\n  namespace: demo-ns\n  workgroup: demo-wg\n";
        assertEquals("project.yml:11: infra.kind 'provisioned' is not valid: cluster (a provisioned cluster) or"
                + " serverless (a Redshift Serverless namespace and workgroup)", error(VALID + "  kind: provisioned\n"));
        assertTrue(error(VALID + "  kind: serverless\n").startsWith("project.yml:3: infra needs 'namespace'"));
        assertEquals("project.yml:14: infra.base_capacity 12 is not a capacity Redshift Serverless offers: 4, or 8 to 512"
                + " in steps of 8 (to 1024 in steps of 32 in some regions)", error(serverless + "  base_capacity: 12\n"));
        assertEquals("project.yml:14: infra.port 6000 is not a port Redshift Serverless accepts: 5431 to 5455 or 8191 to"
                + " 8215; default 5439", error(serverless + "  port: 6000\n"));
        assertEquals("project.yml:11: infra.allow_cidr '203.0.113.7' is not an IPv4 CIDR: write one IPv4 range such as"
                + " 203.0.113.7/32 (your own address: curl https://checkip.amazonaws.com)",
                error(VALID + "  allow_cidr: 203.0.113.7\n"));
        assertTrue(error(VALID + "  allow_cidr: 203.0.113.700/32\n").contains("has a number above 255"));
        assertTrue(error(VALID + "  allow_cidr: 203.0.113.7/33\n").contains("has a prefix length above 32"));
    }
}
