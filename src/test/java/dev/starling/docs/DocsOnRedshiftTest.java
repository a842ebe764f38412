package dev.starling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.PostgresServer;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs generate} on the Redshift target, run for real on PostgreSQL through the Redshift driver: the columns
 * and their types are read from the target once it is built; when it cannot be reached they come from the YAML.
 */
class DocsOnRedshiftTest {

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    @Test
    void columnsComeFromTheTargetWhenItCanBeReadElseFromYaml() {
        String schema = pg.newSchema("docs");
        TestProjects.write(dir.resolve("project.yml"), """
                name: shop
                target: pg
                targets:
                  pg:
                %s""".formatted(pg.targetYaml(schema, "    ", "retries: 0")));
        TestProjects.write(dir.resolve("models/user.sql"), "select 1 as user_id, 'paid'::varchar(4) as level");
        TestProjects.write(dir.resolve("models/schema.yml"), """
                models:
                  - name: user
                    columns:
                      - {name: user_id, data_type: bigint, description: The key}
                      - {name: level, description: free or paid}
                """);
        Map<String, String> env = Map.of("STARLING_REDSHIFT_PASSWORD", "unused");
        Cli.Result build = Cli.run(dir, env, "build");
        assertEquals(0, build.status(), build::toString);
        Cli.Result docs = Cli.run(dir, env, "docs", "generate");
        assertEquals(0, docs.status(), docs::toString);
        assertTrue(docs.out().contains("columns: the target pg (redshift starling@127.0.0.1:" + pg.port() + "/starling), read at generation"),
                docs::toString);
        String data = TestProjects.read(dir.resolve("target/docs/data.js"));
        assertTrue(data.contains("{\"name\":\"user_id\",\"type_from\":\"target\",\"type\":\"int4\",\"description\":\"<p>The key</p>\"}"), data);
        assertTrue(data.contains("{\"name\":\"level\",\"type_from\":\"target\",\"type\":\"varchar\""), data);

        // a target that cannot be reached (nothing listens on the port): the YAML, and the reason
        Path yml = dir.resolve("project.yml");
        TestProjects.write(yml, TestProjects.read(yml).replace("port: " + pg.port(), "port: 1"));
        Cli.Result offline = Cli.run(dir, env, "docs", "generate");
        assertEquals(0, offline.status(), offline::toString);
        assertTrue(offline.out().contains("columns: YAML (the target pg could not be read: "), offline::toString);
        assertTrue(TestProjects.read(dir.resolve("target/docs/data.js"))
                .contains("{\"name\":\"user_id\",\"type_from\":\"yaml\",\"type\":\"bigint\""));
    }
}
