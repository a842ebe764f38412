package dev.starling;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SqlErrors;
import dev.starling.infra.Reachability;
import dev.starling.project.Project;
import dev.starling.project.TargetConfig;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code starling debug} finds out about a target: its settings (secrets redacted) and a list of checks,
 * each with what went wrong and how to fix it: settings, reach (a quick TCP connect, for an engine with an endpoint),
 * connect, query, schema, create table. Works on every target type: it uses only the adapter's seam.
 *
 * @param target   the target's name
 * @param type     its type, or null when the target could not be read
 * @param settings the settings in effect
 * @param checks   in the order they ran; a check that cannot run because an earlier one failed is left out
 */
public record Diagnosis(String target, String type, Map<String, Object> settings, List<Check> checks) {

    /** One check: passed, or failed with the reason and a fix. */
    public record Check(String name, boolean ok, String detail, String fix) {
    }

    public boolean ok() {
        return checks.stream().allMatch(Check::ok);
    }

    private static final String TABLE = "starling_debug_check";

    static Diagnosis of(Project project, String targetName) {
        String name = targetName != null ? targetName : project.config().defaultTarget();
        List<Check> checks = new ArrayList<>();
        TargetConfig target;
        Adapter adapter = null;
        Map<String, Object> display;
        try {
            target = project.config().target(targetName);
            adapter = AdapterProvider.forTarget(target, project.dir());
            display = adapter.settingsForDisplay(); // connection settings are read (and checked) here
        } catch (StarlingException e) {
            if (adapter != null) {
                adapter.close();
            }
            checks.add(new Check("settings", false, e.getMessage(), null));
            return new Diagnosis(name, null, Map.of(), checks);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        target.settings().forEach((key, value) -> settings.put(key, redacted(key, value)));
        settings.putAll(display);
        checks.add(new Check("settings", true, "complete", null));
        try (Adapter opened = adapter) {
            InetSocketAddress endpoint = adapter.endpoint();
            if (endpoint != null) { // seconds, with a hint, instead of the driver's login timeout
                Reachability.Result reach = Reachability.tcp().check(endpoint.getHostString(), endpoint.getPort());
                checks.add(new Check("reach", reach.open(), reach.detail(), reach.fix()));
                if (!reach.open()) {
                    return new Diagnosis(target.name(), target.type(), settings, checks);
                }
            }
            Session session;
            try {
                session = adapter.openSession();
            } catch (SQLException | RuntimeException e) {
                checks.add(new Check("connect", false, message(e), connectFix(e)));
                return new Diagnosis(target.name(), target.type(), settings, checks);
            }
            try (session) {
                checks.add(new Check("connect", true, adapter.describe(), null));
                runChecks(adapter, session, target.schema(), checks);
            }
        }
        return new Diagnosis(target.name(), target.type(), settings, checks);
    }

    private static void runChecks(Adapter adapter, Session session, String schema, List<Check> checks) {
        try {
            QueryResult version = session.query("select version()", 1);
            String text = version.rows().isEmpty() ? "" : String.valueOf(version.rows().get(0).get(0));
            checks.add(new Check("query", true, "select version(): " + text, null));
        } catch (SQLException e) {
            checks.add(new Check("query", false, message(e), "the connection opened but cannot run a query;"
                    + " check that the user may use the database"));
            return;
        }
        try {
            // pg_namespace, not information_schema.schemata: on Redshift the latter lists only the schemas the
            // user owns, and public belongs to rdsdb
            long found = session.queryLong("select count(*) from pg_catalog.pg_namespace where nspname = '"
                    + schema.replace("'", "''") + "'");
            if (found == 0) {
                checks.add(new Check("schema", false, "schema " + schema + " does not exist",
                        "create it (create schema " + adapter.quote(schema) + ") or set the target's schema: to one"
                                + " that exists"));
                return;
            }
            checks.add(new Check("schema", true, schema + " exists", null));
        } catch (SQLException e) {
            checks.add(new Check("schema", false, message(e), "check that the user may read pg_catalog"));
            return;
        }
        String relation = adapter.relation(schema, TABLE);
        try {
            session.transaction(List.of(adapter.drop(RelationType.TABLE, relation, true),
                    "create table " + relation + " (id integer)", adapter.drop(RelationType.TABLE, relation, false)));
            checks.add(new Check("create table", true, "created and dropped " + relation, null));
        } catch (SQLException e) {
            checks.add(new Check("create table", false, message(e), "the user needs to create tables in " + schema
                    + ": grant create on schema " + adapter.quote(schema) + " to the user, or use another schema"));
        }
    }

    /** A setting for display: a secret's value masked, at any depth (e.g. inside connection: {...}). */
    private static Object redacted(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), redacted(String.valueOf(k), v)));
            return out;
        }
        return secret(key) && value != null ? "****** (set)" : value;
    }

    private static boolean secret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    private static String message(Exception e) {
        if (e instanceof SQLException sql) {
            return SqlErrors.describe(sql).lines().findFirst().orElse("");
        }
        return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    }

    private static String connectFix(Exception e) {
        String state = e instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (state.startsWith("28") || text.contains("password") || text.contains("authentication")) {
            return "check user and password (for the Sparkify prod target: export STARLING_REDSHIFT_PASSWORD),"
                    + " or the IAM credentials for method: iam";
        }
        if (state.equals("3D000") || text.contains("database") && text.contains("does not exist")) {
            return "check the target's database: it does not exist on this server";
        }
        if (state.startsWith("08") || text.contains("refused") || text.contains("timed out") || text.contains("unknown host")
                || text.contains("unknownhost")) {
            return "check host and port; the cluster must be available (starling infra status) and its security group"
                    + " must allow your address on the port";
        }
        return "check the target's settings in project.yml";
    }
}
