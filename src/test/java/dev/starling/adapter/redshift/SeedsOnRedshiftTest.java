package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.Workspace;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.SeedFile;
import dev.starling.execute.NodeResult;
import dev.starling.execute.RunListener;
import dev.starling.execute.Runner;
import dev.starling.graph.Dag;
import dev.starling.render.CompiledNode;
import dev.starling.support.Cli;
import dev.starling.support.Db;
import dev.starling.support.PostgresServer;
import dev.starling.support.S3Server;
import dev.starling.support.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds on the Redshift path, run for real on PostgreSQL through the Redshift driver: without a staging_prefix the
 * rows go as multi-row INSERTs and the table equals DuckDB's; with one, the CSV is uploaded to the S3 stand-in
 * (s3proxy) under its content hash and loaded by one COPY, recorded as sent. PostgreSQL cannot COPY from S3: the
 * test does that COPY itself from the uploaded object, after refusing what Redshift would refuse (no such object,
 * no IAM role, a CSV COPY without its header skipped).
 */
class SeedsOnRedshiftTest {

    @TempDir
    static Path serverDir;
    static S3Server s3;

    private final PostgresServer pg = PostgresServer.shared();

    @TempDir
    Path dir;

    static final String CSV = "id,name,score,born,seen_at,paid\n"
            + "1,\"Smith, Ann\",2.5,1990-01-31,2024-05-01 10:00:00,true\n"
            + "2,\"say \"\"hi\"\"\",3,1985-12-01,2024-05-02 11:30:00,false\n"
            + "3,,,,,\n";

    /** The same rendering of a row on both engines (booleans and numbers spelled alike). */
    static final String ROWS = "select concat_ws('|', id, coalesce(name, '-'), coalesce(cast(cast(score as decimal(10, 2))"
            + " as varchar), '-'), coalesce(cast(born as varchar), '-'), coalesce(cast(seen_at as varchar), '-'),"
            + " case when paid then 'yes' when not paid then 'no' else '-' end) from %s order by id";

    @BeforeAll
    static void startS3() {
        s3 = S3Server.start(serverDir.resolve("blobs"));
        s3.createBucket("stage");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private void project(String schema, String... extra) {
        TestProjects.write(dir.resolve("project.yml"), """
                name: seeds
                target: dev
                targets:
                  dev:
                    type: duckdb
                    path: target/seeds.duckdb
                    schema: main
                  pg:
                %s""".formatted(pg.targetYaml(schema, "    ", extra)));
        TestProjects.write(dir.resolve("seeds/people.csv"), CSV);
        TestProjects.write(dir.resolve("models/paid.sql"), "select id, name from ${ref('people')} where paid");
    }

    @Test
    void withoutAStagingPrefixRowsGoAsInsertsAndEqualDuckDbs() throws SQLException {
        String schema = pg.newSchema("seed_insert");
        project(schema);
        Cli.Result pgBuild = Cli.run(dir, Map.of("STARLING_REDSHIFT_PASSWORD", "unused"), "build", "--target", "pg");
        assertEquals(0, pgBuild.status(), pgBuild.toString());
        Path compiled = dir.resolve("target/compiled/seeds/people.sql");
        assertTrue(TestProjects.read(compiled).contains("insert into"), "compile shows the INSERTs");
        Cli.Result duck = Cli.run(dir, "build");
        assertEquals(0, duck.status(), duck.toString());

        List<String> onDuckDb = Db.rows(dir.resolve("target/seeds.duckdb"), ROWS.formatted("main.people")).stream()
                .map(r -> r.get(0).toString()).toList();
        assertEquals(onDuckDb, pg.column(ROWS.formatted(schema + ".people")));
        assertEquals(List.of("1|Smith, Ann|2.50|1990-01-31|2024-05-01 10:00:00|yes",
                "2|say \"hi\"|3.00|1985-12-01|2024-05-02 11:30:00|no", "3|-|-|-|-|-"), onDuckDb);
        assertEquals(List.of("bigint", "character varying", "double precision", "date", "timestamp without time zone",
                "boolean"), pg.column("select data_type from information_schema.columns where table_schema = '"
                + schema + "' and table_name = 'people' order by ordinal_position"));
        assertEquals(List.of("1"), pg.column("select id from " + schema + ".paid"));
    }

    @Test
    void aMalformedCsvFailsAtItsLineAndLeavesTheTableAsItWas() throws SQLException {
        String schema = pg.newSchema("seed_bad");
        project(schema);
        Map<String, String> env = Map.of("STARLING_REDSHIFT_PASSWORD", "unused");
        assertEquals(0, Cli.run(dir, env, "seed", "--target", "pg").status());
        TestProjects.write(dir.resolve("seeds/people.csv"), "id,name\n1,a\n2,\"b\n");
        Cli.Result bad = Cli.run(dir, env, "seed", "--target", "pg");
        assertEquals(1, bad.status(), bad.toString());
        assertTrue(bad.out().contains("seeds/people.csv:3: malformed CSV: the record opens a quote that is never"
                + " closed"), bad.toString());
        assertEquals(List.of("3"), pg.column("select count(*) from " + schema + ".people"));
    }

    @Test
    void aDryRunWithAStagingPrefixShowsTheUploadAndTheCopyAndUploadsNothing() {
        String schema = pg.newSchema("seed_dry");
        project(schema, "staging_prefix: s3://stage/dry", "s3_endpoint: " + s3.endpoint(), "s3_path_style: true",
                "s3_region: us-east-1", "s3_access_key_id: " + S3Server.ACCESS_KEY,
                "s3_secret_access_key: " + S3Server.SECRET_KEY);
        Cli.Result dry = Cli.run(dir, Map.of("STARLING_REDSHIFT_PASSWORD", "unused"), "seed", "--dry-run", "--target",
                "pg");
        assertEquals(0, dry.status(), dry.toString());
        assertTrue(dry.out().contains("upload seeds/people.csv to the staging prefix"), dry.toString());
        assertTrue(dry.out().contains("from 's3://stage/dry/seeds/people/" + sha256(CSV) + ".csv'"), dry.toString());
        assertTrue(dry.out().contains("ignoreheader 1"), dry.toString());
        assertTrue(s3.client().listObjectsV2(b -> b.bucket("stage").prefix("dry/")).contents().isEmpty());
    }

    private static final Pattern COPY = Pattern.compile("(?s)copy (\\S+) \\(([^)]*)\\)\\nfrom 's3://stage/([^']*)'"
            + "\\niam_role '(arn:aws:iam::\\d{12}:role/[^']+)'\\nformat as csv quote as '\"' delimiter '(.)'"
            + "\\nignoreheader 1\\nemptyasnull\\nblanksasnull\\ndateformat 'auto'\\ntimeformat 'auto'(\\nregion '[a-z0-9-]+')?");

    /** The Redshift adapter with each COPY recorded, checked as Redshift would, and done from the uploaded object. */
    private final class CopiesDone extends DelegatingAdapter {
        final List<String> copies = new ArrayList<>();

        CopiesDone(Adapter redshift) {
            super(redshift);
        }

        @Override
        List<String> rewrite(List<String> statements) {
            List<String> out = new ArrayList<>();
            for (String sql : statements) {
                if (!sql.startsWith("copy ")) {
                    out.add(sql);
                    continue;
                }
                copies.add(sql);
                Matcher copy = COPY.matcher(sql);
                if (!copy.matches()) {
                    throw new IllegalStateException("Redshift would refuse (or misread) this COPY: " + sql);
                }
                String key = copy.group(3);
                if (s3.client().listObjectsV2(b -> b.bucket("stage").prefix(key)).contents().isEmpty()) {
                    out.add("select error_no_such_object_" + key.replaceAll("\\W", "_")); // fails as COPY would
                    continue;
                }
                try {
                    Path object = Files.createTempFile(dir, "object", ".csv");
                    Files.write(object, s3.client().getObjectAsBytes(b -> b.bucket("stage").key(key)).asByteArray());
                    SeedFile file = new SeedFile("copy", object, Path.of(key), copy.group(5).charAt(0), Map.of());
                    List<String> values = new ArrayList<>();
                    file.rows(row -> values.add("(" + String.join(", ", row.fields().stream().map(this::stringLiteral)
                            .toList()) + ")"));
                    out.add("insert into " + copy.group(1) + " (" + copy.group(2) + ") values\n"
                            + String.join(",\n", values));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return out;
        }
    }

    @Test
    void withAStagingPrefixTheCsvIsUploadedByItsContentAndLoadedWithOneCopy() throws SQLException {
        String schema = pg.newSchema("seed_copy");
        project(schema);
        TestProjects.write(dir.resolve("seeds/people.yml"), "seeds:\n  - name: people\n    config:\n"
                + "      column_types: {name: varchar(40)}\n");
        CompiledNode seed;
        try (Workspace workspace = Workspace.open(new Workspace.Options(dir, "pg", Map.of(), null,
                Map.of("STARLING_REDSHIFT_PASSWORD", "unused")::get))) {
            seed = workspace.dag().node("seed.people");
        }
        Map<String, Object> settings = new HashMap<>(Map.of("staging_prefix", "s3://stage/starling/dev",
                "s3_endpoint", s3.endpoint().toString(), "s3_path_style", true, "s3_region", "us-east-1",
                "s3_access_key_id", S3Server.ACCESS_KEY, "s3_secret_access_key", S3Server.SECRET_KEY,
                "region", "us-east-1"));
        CopiesDone adapter = new CopiesDone(AdapterProvider.forTarget(RedshiftOnPostgresTest.target(pg.port(), schema,
                settings), dir));
        NodeResult result;
        try (adapter) {
            result = new Runner(adapter, schema, 1, RunListener.SILENT).execute("seed", Runner.Mode.SEED,
                    Dag.of(List.of(seed)), List.of(seed.id())).results().get(0);
        }
        assertEquals(NodeResult.Status.SUCCESS, result.status(), String.valueOf(result.message()));

        String hash = sha256(CSV);
        String key = "starling/dev/seeds/people/" + hash + ".csv";
        assertEquals(CSV, s3.client().getObjectAsBytes(b -> b.bucket("stage").key(key)).asUtf8String());
        assertEquals(List.of("copy \"" + schema + "\".\"people__starling_tmp\" (\"id\", \"name\", \"score\", \"born\","
                + " \"seen_at\", \"paid\")\nfrom 's3://stage/" + key + "'\niam_role 'arn:aws:iam::123456789012:role/test'"
                + "\nformat as csv quote as '\"' delimiter ','\nignoreheader 1\nemptyasnull\nblanksasnull"
                + "\ndateformat 'auto'\ntimeformat 'auto'\nregion 'us-east-1'"), adapter.copies);
        assertEquals(List.of("bigint", "character varying", "double precision", "date", "timestamp without time zone",
                "boolean"), pg.column("select data_type from information_schema.columns where table_schema = '"
                + schema + "' and table_name = 'people' order by ordinal_position"));
        assertEquals(List.of("40"), pg.column("select character_maximum_length from information_schema.columns"
                + " where table_schema = '" + schema + "' and table_name = 'people' and column_name = 'name'"));
        assertEquals(List.of("1|Smith, Ann|2.50|1990-01-31|2024-05-01 10:00:00|yes",
                "2|say \"hi\"|3.00|1985-12-01|2024-05-02 11:30:00|no", "3|-|-|-|-|-"),
                pg.column(ROWS.formatted(schema + ".people")));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
