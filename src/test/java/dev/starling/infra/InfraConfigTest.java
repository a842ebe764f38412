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
        assertEquals("dc2.large", c.nodeType());
        assertEquals(4, c.numberOfNodes());
        assertEquals("multi-node", c.clusterType());
        assertEquals("sparkify", c.database());
        assertEquals(5439, c.port());
        assertEquals("sparkify_admin", c.masterUser());
        assertEquals("sparkify-redshift-s3-read", c.iamRoleName());
        assertEquals(Duration.ofSeconds(15), c.waitInterval());
        assertEquals(Duration.ofMinutes(30), c.waitTimeout());
        assertNull(c.endpoint());
        assertNull(c.publiclyAccessible());
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
        assertEquals("project.yml:3: infra needs 'node_type' (a Redshift node type such as dc2.large or ra3.large)."
                + " Add it under infra: in project.yml.", error(VALID.replace("  node_type: ra3.large\n", "")));
        assertEquals("project.yml:3: infra needs 'master_password' (read it from the environment, e.g."
                + " master_password: ${env.STARLING_REDSHIFT_PASSWORD}). Add it under infra: in project.yml.",
                error(VALID.replace("  master_password: ${env.PW}\n", "")));
        assertTrue(error(VALID.replace("  number_of_nodes: 1\n", "")).startsWith("project.yml:3: infra needs 'number_of_nodes'"));
    }

    @Test
    void invalidSettingsNameTheirLine() {
        assertEquals("project.yml:6: infra.number_of_nodes 'four' is not valid: 1 for a single-node cluster, 2 to 128"
                + " for multi-node", error(VALID.replace("number_of_nodes: 1", "number_of_nodes: four")));
        assertEquals("project.yml:4: infra.cluster_identifier 'Demo_DWH' is not valid: lowercase letters, digits and"
                + " single hyphens, starting with a letter, at most 63, e.g. sparkify-cluster",
                error(VALID.replace("cluster_identifier: demo-dwh", "cluster_identifier: Demo_DWH")));
        assertTrue(error(VALID.replace("region: eu-central-1", "region: europe")).startsWith(
                "project.yml:3: infra.region 'europe' is not valid"));
        assertEquals("project.yml:11: unknown setting 'infra.node_typ'. Did you mean 'node_type'? Known: region,"
                + " cluster_identifier, cluster_type, node_type, number_of_nodes, database, port, master_user,"
                + " master_password, iam_role_name, publicly_accessible, wait_interval, wait_timeout, endpoint",
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
}
