package dev.starling.adapter.redshift;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.ReadOnlySession;
import dev.starling.adapter.SourceLoader;
import dev.starling.adapter.JdbcSession;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.QueryText;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.adapter.SourceTypes;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.TargetConfig;
import dev.starling.render.CompiledNode;
import dev.starling.s3.S3Cache;
import dev.starling.s3.S3Location;
import dev.starling.s3.S3Settings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Redshift over its own JDBC driver (redshift-jdbc42). Sources are staged with {@code COPY} from S3 (the
 * cluster reads the files; nothing passes through Java); tables are built under a temporary name and swapped in
 * one transaction, with the model's {@code dist} and {@code sort}; views are late-binding, so a table swapped
 * under a view never needs a CASCADE.
 *
 * <p>Target settings: see {@link RedshiftSettings}; {@code schema}, {@code threads} as for every target.
 */
public final class RedshiftAdapter implements Adapter {

    private static final Pattern DIST_KEY = Pattern.compile("(?i)key\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_$]*)\\s*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final TargetConfig target;
    private final Path projectDir;
    private final RedshiftSourceLoader loader;
    /** The connection settings, read and checked when a connection is first needed (never by compile or ls). */
    private RedshiftSettings settings;

    RedshiftAdapter(TargetConfig target, Path projectDir) {
        this.target = target;
        this.projectDir = projectDir;
        this.loader = new RedshiftSourceLoader(this, target, projectDir);
    }

    @Override
    public String type() {
        return "redshift";
    }

    /** The connection settings, checked: a missing host or password is a one-line project error here. */
    synchronized RedshiftSettings settings() {
        if (settings == null) {
            settings = new RedshiftSettings(target, projectDir);
        }
        return settings;
    }

    @Override
    public void checkConnectionSettings() {
        settings();
    }

    /** A setting COPY needs (region, iam_role), from project.yml or the infra state; null when neither has it. */
    String copySetting(String key, String infraKey) {
        return RedshiftSettings.projectOrInfra(target, projectDir, key, infraKey);
    }

    /** What the header shows, without reading secrets: the endpoint as far as it is known. */
    @Override
    public String describe() {
        try {
            RedshiftSettings s = settings();
            return "redshift " + s.user + "@" + (s.host != null ? s.host + ":" + s.port
                    : s.clusterId + " in " + s.region) + "/" + s.database;
        } catch (RuntimeException notYet) {
            String host = copySetting("host", "host");
            String cluster = copySetting("cluster_id", "cluster_identifier");
            return "redshift " + (host != null ? host : cluster != null ? cluster : "(no endpoint yet: run starling infra up)");
        }
    }

    @Override
    public Map<String, Object> settingsForDisplay() {
        return settings().display();
    }

    @Override
    public SourceLoader sourceLoader() {
        return loader;
    }

    /** Records a seed's CSV is sampled for its column types when it is COPYed from the staging prefix. */
    static final int SEED_TYPE_SAMPLE = 1000;

    private StagingArea staging;

    /** The target's {@code staging_prefix}, made on first use; null when the target has none. */
    synchronized StagingArea staging() {
        String prefix = target.setting(StagingArea.SETTING);
        if (prefix == null || prefix.isBlank()) {
            return null;
        }
        if (staging == null) {
            staging = new StagingArea(prefix, dev.starling.s3.S3Settings.of(target, projectDir));
        }
        return staging;
    }

    /**
     * With a {@code staging_prefix}: the CSV is uploaded to {@code <staging_prefix>/seeds/<name>/<sha-256>.csv}
     * and loaded with one COPY (column types from {@code column_types}, else inferred from the header and the
     * first {@value #SEED_TYPE_SAMPLE} records). Without one: multi-row INSERTs (the default), which suit small
     * seeds only.
     */
    @Override
    public dev.starling.adapter.SeedLoad loadSeed(String temp, dev.starling.adapter.SeedFile seed) {
        StagingArea area = staging();
        if (area == null) {
            return Adapter.super.loadSeed(temp, seed);
        }
        java.util.Map<String, String> columns = seed.columns(SEED_TYPE_SAMPLE, this::seedType);
        String key = StagingArea.contentKey("seeds/" + seed.name(), seed.file(), "csv");
        String uri = area.uri(key);
        String iamRole = copySetting("iam_role", "iam_role_arn");
        String region = copySetting("region", "region");
        StringBuilder copy = new StringBuilder("copy " + temp + " ("
                + String.join(", ", columns.keySet().stream().map(this::quote).toList()) + ")\nfrom "
                + stringLiteral(uri) + "\niam_role "
                + stringLiteral(iamRole == null ? RedshiftSourceLoader.IAM_ROLE_PLACEHOLDER : iamRole)
                + "\nformat as csv quote as '\"' delimiter " + stringLiteral(String.valueOf(seed.delimiter()))
                + "\nignoreheader 1\nemptyasnull\nblanksasnull\ndateformat 'auto'\ntimeformat 'auto'");
        if (region != null) {
            copy.append("\nregion ").append(stringLiteral(region));
        }
        dev.starling.adapter.Step upload = new dev.starling.adapter.Step.Action("upload "
                + seed.shown().toString().replace('\\', '/') + " to the staging prefix", java.util.List.of("-- put " + uri),
                session -> {
                    if (iamRole == null) {
                        throw StarlingException.project("a seed COPY needs the target's iam_role (a role Redshift"
                                + " assumes to read " + uri + "): set targets." + target.name() + ".iam_role");
                    }
                    area.upload(seed.file(), key);
                });
        return new dev.starling.adapter.SeedLoad(java.util.List.of(upload),
                java.util.List.of(createSeedTable(temp, columns), copy.toString()));
    }

    @Override
    public java.net.InetSocketAddress endpoint() {
        RedshiftSettings s = settings();
        return s.host == null ? null : java.net.InetSocketAddress.createUnresolved(s.host, s.port);
    }

    /** The driver URL (for tests and debug). */
    String url() {
        return settings().url();
    }

    java.util.Properties properties() {
        return settings().properties();
    }

    @Override
    public Session openSession() throws SQLException {
        RedshiftSettings s = settings();
        return new RedshiftSession(this::connect, s.retries, s.retryDelayMillis);
    }

    /** A session that only reads; settings that are missing, or no answer, mean a dry run plans a first build. */
    @Override
    public Session inspect() {
        try {
            settings();
        } catch (StarlingException missing) {
            throw new NotConnected(missing.getMessage(), missing);
        }
        try {
            return new ReadOnlySession(openSession());
        } catch (SQLException e) {
            throw new NotConnected("cannot connect: " + dev.starling.adapter.SqlErrors.describe(e)
                    .lines().findFirst().orElse(""), e);
        }
    }

    /**
     * Redshift has no parse-only call: the text must be one statement that starts as a query
     * ({@link QueryText#requireOneQuery}), and it runs in a {@code READ ONLY} transaction, rolled back, so the
     * engine refuses any write in it.
     */
    @Override
    public QueryResult queryReadOnly(String sql, int maxRows) throws SQLException {
        QueryText.requireOneQuery(sql);
        try (JdbcSession session = new JdbcSession(connect())) {
            return session.queryReadOnly("begin read only", sql, maxRows);
        }
    }

    private Connection connect() throws SQLException {
        try {
            Class.forName("com.amazon.redshift.jdbc.Driver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("the Redshift JDBC driver is not on the class path", "08001", e);
        }
        return DriverManager.getConnection(settings().url(), settings().properties());
    }

    /** Paths and reasons can be long; Redshift's plain varchar is varchar(256). */
    @Override
    public String textType() {
        return "varchar(65535)";
    }

    /** {@code current_timestamp} runs on the leader node only; getdate() may read a user table too. */
    @Override
    public String currentTimestamp() {
        return "getdate()";
    }

    /** Redshift has no {@code IS NOT DISTINCT FROM}. */
    @Override
    public String nullSafeEquals(String left, String right) {
        return "(" + left + " = " + right + " or (" + left + " is null and " + right + " is null))";
    }

    // ---- models ------------------------------------------------------------------------------------------------

    @Override
    public void checkModel(CompiledNode model) {
        if (!model.node().materialized().equals("view")) { // a view has no physical options
            physicalOptions(model.node());
        }
    }

    @Override
    public String createTableAs(String relation, CompiledNode model) {
        String options = physicalOptions(model.node());
        return "create table " + relation + options + "\nas\n" + model.sql();
    }

    /** {@code diststyle ... distkey (...) compound sortkey (...)} from the model's config, each on its own line. */
    String physicalOptions(Node model) {
        StringBuilder out = new StringBuilder();
        Object dist = model.config().get("dist");
        if (dist != null) {
            String text = dist.toString().trim();
            Matcher key = DIST_KEY.matcher(text);
            switch (text.toLowerCase(Locale.ROOT)) {
                case "all", "even", "auto" -> out.append("\ndiststyle ").append(text.toLowerCase(Locale.ROOT));
                default -> {
                    if (!key.matches()) {
                        throw configError(model, "dist", "dist '" + text + "' of model " + model.name()
                                + " is not one of all, even, auto or key(column)");
                    }
                    out.append("\ndiststyle key distkey (").append(quote(key.group(1))).append(")");
                }
            }
        }
        Object sort = model.config().get("sort");
        Object sortType = model.config().get("sort_type");
        String style = sortType == null ? "compound" : sortType.toString().trim().toLowerCase(Locale.ROOT);
        if (!style.equals("compound") && !style.equals("interleaved")) {
            throw configError(model, "sort_type", "sort_type '" + sortType + "' of model " + model.name()
                    + " is not compound or interleaved");
        }
        if (sort != null) {
            List<String> keys = new ArrayList<>();
            if (sort instanceof List<?> list) {
                list.forEach(k -> keys.add(k == null ? "" : k.toString().trim()));
            } else {
                keys.add(sort.toString().trim());
            }
            if (keys.size() == 1 && keys.get(0).equalsIgnoreCase("auto")) {
                // nothing to write: CREATE TABLE AS takes no SORTKEY AUTO, and automatic sorting is its default
            } else {
                if (keys.isEmpty() || keys.stream().anyMatch(k -> !IDENTIFIER.matcher(k).matches())) {
                    throw configError(model, "sort", "sort " + sort + " of model " + model.name() + " must be a column,"
                            + " a list of columns (sort: [start_time, user_id]) or auto");
                }
                out.append("\n").append(style).append(" sortkey (")
                        .append(String.join(", ", keys.stream().map(this::quote).toList())).append(")");
            }
        } else if (sortType != null) {
            throw configError(model, "sort_type", "model " + model.name() + " has sort_type but no sort keys (sort: [...])");
        }
        return out.toString();
    }

    private static StarlingException configError(Node model, String key, String message) {
        Path file = model.propertiesFile() != null ? model.propertiesFile() : model.path();
        return StarlingException.at(file, model.configLine(key), message);
    }

    /** Redshift's CREATE OR REPLACE VIEW refuses other columns (42P16): the plan drops the old view first. */
    @Override
    public boolean replacesViewsWithOtherColumns() {
        return false;
    }

    @Override
    public String createView(String relation, CompiledNode model) {
        return "create or replace view " + relation + " as\n" + model.sql()
                + (lateBindingViews() ? "\nwith no schema binding" : "");
    }

    @Override
    public String drop(RelationType type, String relation, boolean ifExists) {
        return "drop " + (type == RelationType.VIEW ? "view " : "table ") + (ifExists ? "if exists " : "") + relation;
    }

    @Override
    public String rename(RelationType type, String schema, String from, String to) {
        return "alter table " + relation(schema, from) + " rename to " + quote(to);
    }

    /** Late-binding views unless the target says {@code late_binding_views: false}; no connection setting is read. */
    private boolean lateBindingViews() {
        String value = target.setting("late_binding_views");
        return value == null || value.isBlank() || !value.trim().toLowerCase(Locale.ROOT).matches("false|no|off");
    }

    @Override
    public void close() {
        // sessions own their connections; the runner closes them
        loader.close();
        synchronized (this) {
            if (staging != null) {
                staging.close();
            }
        }
    }
}
