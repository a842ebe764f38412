package dev.starling.adapter.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.adapter.AdapterProvider;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.TargetConfig;
import dev.starling.project.TestNodes;
import dev.starling.render.CompiledNode;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift SQL and settings that need no server: target settings (and the infra state fallback), the JDBC URL
 * and driver properties for password and IAM logins, COPY options, dist/sort DDL and their errors, and which
 * errors count as transient.
 */
class RedshiftSqlTest {

    @TempDir
    Path dir;

    private static final Path SCHEMA_YML = Path.of("models/marts/schema.yml");

    private RedshiftAdapter adapter(Map<String, Object> settings) {
        Map<String, Object> all = new LinkedHashMap<>(settings);
        all.put("type", "redshift");
        return (RedshiftAdapter) AdapterProvider.forTarget(
                new TargetConfig("prod", "redshift", "public", 4, all, Path.of("project.yml"), 31), dir);
    }

    private static Map<String, Object> passwordLogin() {
        return new LinkedHashMap<>(Map.of("host", "cluster.abc.us-west-2.redshift.amazonaws.com", "database", "dev",
                "user", "awsuser", "password", "s3cret", "iam_role", "arn:aws:iam::1:role/r", "region", "us-west-2"));
    }

    private StarlingException settingsError(Map<String, Object> settings) {
        return assertThrows(StarlingException.class, () -> adapter(settings).openSession());
    }

    @Test
    void passwordLoginUrlAndProperties() {
        Map<String, Object> settings = passwordLogin();
        settings.put("connection", Map.of("loginTimeout", 10));
        RedshiftAdapter a = adapter(settings);
        assertEquals("jdbc:redshift://cluster.abc.us-west-2.redshift.amazonaws.com:5439/dev", a.url());
        Properties p = a.properties();
        assertEquals("awsuser", p.getProperty("user"));
        assertEquals("s3cret", p.getProperty("password"));
        assertEquals("true", p.getProperty("ssl"), "SSL unless turned off");
        assertEquals("10", p.getProperty("loginTimeout"), "connection: extras go to the driver as they are");
        assertEquals("30", adapter(passwordLogin()).properties().getProperty("loginTimeout"), "the default");
        assertEquals("redshift awsuser@cluster.abc.us-west-2.redshift.amazonaws.com:5439/dev", a.describe());
        assertEquals("****** (set)", a.settingsForDisplay().get("password"));
        assertFalse(a.settingsForDisplay().toString().contains("s3cret"), "the password is never shown");
    }

    @Test
    void iamLoginByClusterIdUsesTheDriversIamUrl() {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("method", "iam", "cluster_id", "starling-sparkify",
                "region", "us-west-2", "database", "dev", "user", "awsuser", "profile", "analytics"));
        RedshiftAdapter a = adapter(settings);
        assertEquals("jdbc:redshift:iam://starling-sparkify:us-west-2/dev", a.url());
        Properties p = a.properties();
        assertEquals("awsuser", p.getProperty("DbUser"));
        assertEquals("analytics", p.getProperty("Profile"));
        assertEquals("starling-sparkify", p.getProperty("ClusterID"));
        assertEquals("us-west-2", p.getProperty("Region"));
        assertEquals(null, p.getProperty("password"), "no password with IAM");
    }

    @Test
    void iamLoginWithoutProfileUsesTheDefaultChainAndMayUseTheEndpoint() {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("method", "iam", "host", "c.abc.us-west-2.redshift.amazonaws.com",
                "database", "dev", "user", "awsuser", "auto_create", true));
        RedshiftAdapter a = adapter(settings);
        assertEquals("jdbc:redshift:iam://c.abc.us-west-2.redshift.amazonaws.com:5439/dev", a.url());
        assertEquals(null, a.properties().getProperty("Profile"), "no profile: the AWS default credential chain");
        assertEquals("true", a.properties().getProperty("AutoCreate"));
    }

    @Test
    void missingSettingsAreOneLineErrorsNamingTheSetting() {
        Map<String, Object> noHost = passwordLogin();
        noHost.remove("host");
        assertEquals("project.yml:31: target 'prod' needs 'host' (the cluster endpoint): set host in project.yml or run"
                + " `starling infra up`", settingsError(noHost).getMessage());
        Map<String, Object> noPassword = passwordLogin();
        noPassword.remove("password");
        assertTrue(settingsError(noPassword).getMessage().startsWith("project.yml:31: target 'prod' needs 'password'"));
        Map<String, Object> noUser = passwordLogin();
        noUser.remove("user");
        assertTrue(settingsError(noUser).getMessage().contains("needs 'user'"));
        Map<String, Object> iamNoRegion = new LinkedHashMap<>(Map.of("method", "iam", "cluster_id", "c", "database", "dev", "user", "u"));
        assertTrue(settingsError(iamNoRegion).getMessage().contains("needs 'region'"));
        Map<String, Object> badPort = passwordLogin();
        badPort.put("port", "fifty");
        assertTrue(settingsError(badPort).getMessage().contains("port 'fifty'; it must be a whole number"));
        Map<String, Object> badMethod = passwordLogin();
        badMethod.put("method", "kerberos");
        assertTrue(settingsError(badMethod).getMessage().contains("method 'kerberos'"));
        for (String message : List.of(settingsError(noHost).getMessage(), settingsError(badPort).getMessage())) {
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void unsetSettingsComeFromTheInfraStateFile() {
        TestProjects.write(dir.resolve(".starling/infra.json"), """
                {"cluster_identifier": "starling-sparkify", "region": "us-west-2",
                 "host": "starling-sparkify.x.us-west-2.redshift.amazonaws.com", "port": 5440,
                 "database": "sparkify", "user": "starling", "iam_role_arn": "arn:aws:iam::123:role/s3-read"}
                """);
        RedshiftAdapter a = adapter(Map.of("password", "pw", "database", "mine"));
        assertEquals("jdbc:redshift://starling-sparkify.x.us-west-2.redshift.amazonaws.com:5440/mine", a.url(),
                "project.yml wins over the state file");
        assertEquals("starling", a.properties().getProperty("user"));
        assertEquals("arn:aws:iam::123:role/s3-read  (from .starling/infra.json)", a.settingsForDisplay().get("iam_role"));
    }

    @Test
    void aServerlessWorkgroupFromTheInfraStateFileWithPasswordOrIam() {
        TestProjects.write(dir.resolve(".starling/infra.json"), """
                {"kind": "serverless", "namespace": "sparkify", "workgroup": "sparkify", "region": "us-west-2",
                 "host": "sparkify.123456789012.us-west-2.redshift-serverless.amazonaws.com", "port": 5439,
                 "database": "sparkify", "user": "sparkify_admin", "iam_role_arn": "arn:aws:iam::123:role/s3-read",
                 "created": {"iam_role": true, "namespace": true, "workgroup": true}}
                """);
        RedshiftAdapter password = adapter(Map.of("password", "pw"));
        assertEquals("jdbc:redshift://sparkify.123456789012.us-west-2.redshift-serverless.amazonaws.com:5439/sparkify",
                password.url(), "a workgroup endpoint is a host like a cluster's");
        assertEquals(null, password.properties().getProperty("isServerless"), "password login needs nothing more");

        RedshiftAdapter iam = adapter(Map.of("method", "iam"));
        assertEquals("jdbc:redshift:iam://sparkify.123456789012.us-west-2.redshift-serverless.amazonaws.com:5439/sparkify",
                iam.url());
        Properties p = iam.properties();
        assertEquals("true", p.getProperty("isServerless"));
        assertEquals("sparkify", p.getProperty("serverlessWorkGroup"));
        assertEquals("us-west-2", p.getProperty("Region"));
        assertEquals("sparkify_admin", p.getProperty("DbUser"));
        assertEquals(null, p.getProperty("ClusterID"));
        assertEquals("sparkify  (from .starling/infra.json)", iam.settingsForDisplay().get("workgroup"));
    }

    @Test
    void aBrokenInfraStateFileIsNamed() {
        TestProjects.write(dir.resolve(".starling/infra.json"), "{\"host\": ");
        StarlingException e = settingsError(Map.of("password", "pw"));
        assertTrue(e.getMessage().startsWith(".starling/infra.json: cannot read the infra state"), e::getMessage);
    }

    // ---- COPY ----------------------------------------------------------------------------------------------------

    private CompiledNode source(List<Column> columns, Map<String, Object> options) {
        Node node = TestNodes.source("sparkify", "event_staging", columns);
        return new CompiledNode(node, null, "\"public\".\"event_staging\"", Set.of(), "s3://bucket/log_data", options);
    }

    @Test
    void copyAddsTimeformatForTimestampsAndMaxerrorFromTheSource() {
        List<Column> columns = List.of(new Column("event_time", "ts", "timestamp", ""), new Column("user", "user", "varchar", ""));
        List<String> statements = adapter(passwordLogin()).sourceLoader().compile("\"public\".\"t\"",
                source(columns, Map.of("json", "s3://bucket/paths.json", "max_errors", "5")));
        assertEquals("create table \"public\".\"t\" (\n    \"event_time\" timestamp,\n    \"user\" varchar(65535)\n)",
                statements.get(0));
        assertEquals("copy \"public\".\"t\" (\"event_time\", \"user\")\nfrom 's3://bucket/log_data/'\n"
                + "iam_role 'arn:aws:iam::1:role/r'\nformat as json 's3://bucket/paths.json'\ntimeformat 'epochmillisecs'\n"
                + "region 'us-west-2'\nmaxerror 6", statements.get(1), "MAXERROR is max_errors + 1: the load sums its"
                + " COPYs' rejects and fails above max_errors");
        List<String> most = adapter(passwordLogin()).sourceLoader().compile("\"public\".\"t\"",
                source(columns, Map.of("json", "s3://bucket/paths.json", "max_errors", "100000")));
        assertTrue(most.get(1).endsWith("\nmaxerror 100000"), "COPY takes at most 100000: " + most.get(1));
    }

    @Test
    void aWholeLocationCopyReadsGzipWhenDeclaredOrWhenThePatternEndsInGz() {
        List<Column> columns = List.of(new Column("user", "user", "varchar", ""));
        String declared = adapter(passwordLogin()).sourceLoader().compile("\"public\".\"t\"",
                source(columns, Map.of("compression", "gzip"))).get(1);
        assertEquals("copy \"public\".\"t\" (\"user\")\nfrom 's3://bucket/log_data/'\n"
                + "iam_role 'arn:aws:iam::1:role/r'\nformat as json 'auto'\ngzip\nregion 'us-west-2'\nmaxerror 1", declared);
        Node gzNode = TestNodes.source("sparkify", "event_staging", columns, false, "**/*.json.gz");
        CompiledNode byPattern = new CompiledNode(gzNode, null, "\"public\".\"event_staging\"", Set.of(),
                "s3://bucket/log_data", Map.of());
        assertTrue(adapter(passwordLogin()).sourceLoader().compile("\"public\".\"t\"", byPattern).get(1)
                .contains("format as json 'auto'\ngzip\n"), "a pattern ending in .gz says the files are gzip");
        CompiledNode none = new CompiledNode(gzNode, null, "\"public\".\"event_staging\"", Set.of(),
                "s3://bucket/log_data", Map.of("compression", "none"));
        assertFalse(adapter(passwordLogin()).sourceLoader().compile("\"public\".\"t\"", none).get(1)
                .contains("gzip"), "compression: none reads the files as they are");
        assertFalse(adapter(passwordLogin()).sourceLoader().compile("\"public\".\"t\"", source(columns, Map.of()))
                .get(1).contains("gzip"), "plain JSON files by default");
    }

    @Test
    void jsonAutoNeedsFieldsNamedLikeColumns() {
        RedshiftAdapter a = adapter(passwordLogin());
        List<Column> renamed = List.of(new Column("user_id", "userId", "varchar", ""));
        StarlingException e = assertThrows(StarlingException.class,
                () -> a.sourceLoader().check(source(renamed, Map.of("json", "auto"))));
        assertTrue(e.getMessage().startsWith("models/staging/sources.yml:4: source sparkify.event_staging: column user_id"
                + " reads field userId, but JSON 'auto' matches columns to fields by name."), e::getMessage);
        List<Column> sameButCase = List.of(new Column("userid", "userId", "varchar", ""));
        a.sourceLoader().check(source(sameButCase, Map.of("json", "auto ignorecase")));
        assertTrue(a.sourceLoader().compile("t", source(sameButCase, Map.of("json", "auto ignorecase"))).get(1)
                .contains("format as json 'auto ignorecase'"));
    }

    @Test
    void badSourceOptionsAndLocationsAreProjectErrors() {
        RedshiftAdapter a = adapter(passwordLogin());
        List<Column> columns = List.of(new Column("ts", "ts", "bigint", ""));
        assertTrue(assertThrows(StarlingException.class, () -> a.sourceLoader().check(source(columns, Map.of("max_errors", "many"))))
                .getMessage().contains("max_errors 'many'"));
        assertTrue(assertThrows(StarlingException.class, () -> a.sourceLoader().check(source(columns, Map.of("json", "csv"))))
                .getMessage().contains("json 'csv'"));
        Node node = TestNodes.source("sparkify", "event_staging", columns);
        CompiledNode local = new CompiledNode(node, null, "t", Set.of(), "data/sample/log_data", Map.of());
        assertTrue(assertThrows(StarlingException.class, () -> a.sourceLoader().check(local)).getMessage()
                .contains("Redshift loads from S3"));
        Map<String, Object> noRole = passwordLogin();
        noRole.remove("iam_role");
        StarlingException e = assertThrows(StarlingException.class, () -> adapter(noRole).sourceLoader().check(source(columns, Map.of())));
        assertTrue(e.getMessage().contains("set iam_role in project.yml or run `starling infra up`"), e::getMessage);
    }

    @Test
    void rejectedLinesAreReadForTheSessionsLastCopyOfThisSource() {
        assertEquals("select trim(filename) as file, line_number, trim(colname) as column_name, trim(err_reason) as reason\n"
                + "from stl_load_errors\nwhere query = pg_last_copy_id() and trim(filename) like 's3://bucket/log_data/%'\n"
                + "order by line_number", RedshiftSourceLoader.loadErrorsSql("s3://bucket/log_data"));
    }

    // ---- dist / sort ---------------------------------------------------------------------------------------------

    private Node model(String name) {
        return TestNodes.model(name, Path.of("models/marts/" + name + ".sql"), "select 1", "table");
    }

    @Test
    void distAndSortBecomeTableOptions() {
        RedshiftAdapter a = adapter(passwordLogin());
        Node fact = model("songplay");
        TestNodes.config(fact, SCHEMA_YML, "dist", "key(song_id)", 7);
        TestNodes.config(fact, SCHEMA_YML, "sort", List.of("start_time", "user_id"), 8);
        assertEquals("\ndiststyle key distkey (\"song_id\")\ncompound sortkey (\"start_time\", \"user_id\")",
                a.physicalOptions(fact));
        Node dim = model("user");
        TestNodes.config(dim, SCHEMA_YML, "dist", "ALL", 7);
        TestNodes.config(dim, SCHEMA_YML, "sort", "user_id", 8);
        TestNodes.config(dim, SCHEMA_YML, "sort_type", "interleaved", 9);
        assertEquals("\ndiststyle all\ninterleaved sortkey (\"user_id\")", a.physicalOptions(dim));
        Node auto = model("t");
        TestNodes.config(auto, SCHEMA_YML, "dist", "auto", 3);
        TestNodes.config(auto, SCHEMA_YML, "sort", "auto", 4);
        assertEquals("\ndiststyle auto", a.physicalOptions(auto), "CREATE TABLE AS sorts automatically; it takes no SORTKEY AUTO");
        assertEquals("", a.physicalOptions(model("plain")));
        CompiledNode compiled = new CompiledNode(fact, "select 1 as song_id", "\"public\".\"songplay\"", Set.of(), null, null);
        assertEquals("create table \"public\".\"songplay__tmp\"\ndiststyle key distkey (\"song_id\")\n"
                + "compound sortkey (\"start_time\", \"user_id\")\nas\nselect 1 as song_id",
                a.createTableAs("\"public\".\"songplay__tmp\"", compiled));
    }

    @Test
    void badDistOrSortNamesTheYamlFileAndLine() {
        RedshiftAdapter a = adapter(passwordLogin());
        Node badDist = TestNodes.config(model("songplay"), SCHEMA_YML, "dist", "hash(song_id)", 7);
        CompiledNode compiled = new CompiledNode(badDist, "select 1", "r", Set.of(), null, null);
        StarlingException e = assertThrows(StarlingException.class, () -> a.checkModel(compiled));
        assertEquals("models/marts/schema.yml:7: dist 'hash(song_id)' of model songplay is not one of all, even, auto"
                + " or key(column)", e.getMessage());
        Node badSort = TestNodes.config(model("user"), SCHEMA_YML, "sort", List.of("user id"), 12);
        assertTrue(assertThrows(StarlingException.class, () -> a.physicalOptions(badSort)).getMessage()
                .startsWith("models/marts/schema.yml:12: sort [user id] of model user must be a column"));
        Node badType = TestNodes.config(model("time"), SCHEMA_YML, "sort", "start_time", 20);
        TestNodes.config(badType, SCHEMA_YML, "sort_type", "zorder", 21);
        assertTrue(assertThrows(StarlingException.class, () -> a.physicalOptions(badType)).getMessage()
                .startsWith("models/marts/schema.yml:21: sort_type 'zorder'"));
        Node view = TestNodes.config(TestNodes.model("v", Path.of("models/v.sql"), "select 1", "view"), SCHEMA_YML,
                "dist", "nonsense", 3);
        a.checkModel(new CompiledNode(view, "select 1", "r", Set.of(), null, null)); // views have no physical options
    }

    @Test
    void viewsAreLateBindingAndSwapsNeverCascade() {
        RedshiftAdapter a = adapter(passwordLogin());
        CompiledNode view = new CompiledNode(TestNodes.model("v", Path.of("models/v.sql"), "select 1", "view"),
                "select 1 as x", "\"public\".\"v\"", Set.of(), null, null);
        assertEquals("create or replace view \"public\".\"v\" as\nselect 1 as x\nwith no schema binding",
                a.createView("\"public\".\"v\"", view));
        assertEquals("drop table \"public\".\"user\"", a.drop(dev.starling.adapter.RelationType.TABLE, "\"public\".\"user\"", false));
        assertEquals("alter table \"public\".\"user__t\" rename to \"user\"",
                a.rename(dev.starling.adapter.RelationType.TABLE, "public", "user__t", "user"));
    }

    // ---- transient errors ----------------------------------------------------------------------------------------

    @Test
    void transientErrorsAreTheOnesWorthARetry() {
        assertTrue(TransientErrors.isTransient(new SQLException("ERROR: 1023\n  Detail: Serializable isolation violation on"
                + " table - 100358, transactions forming the cycle are: 1234, 5678", "XX000")));
        assertTrue(TransientErrors.isTransient(new SQLException("ERROR: could not complete because of conflict with"
                + " concurrent transaction", "XX000")));
        assertTrue(TransientErrors.isTransient(new SQLException("ERROR: could not open relation with OID 123456", "XX000")));
        assertTrue(TransientErrors.isTransient(new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        assertTrue(TransientErrors.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        assertFalse(TransientErrors.isTransient(new SQLException("ERROR: relation \"x\" does not exist", "42P01")));
        assertFalse(TransientErrors.isTransient(new SQLException("ERROR: permission denied for schema public", "42501")));
        assertFalse(TransientErrors.isTransient(new SQLException("ERROR: Load into table 'x' failed. Check"
                + " 'stl_load_errors' system table for details.", "XX000")));
    }
}
