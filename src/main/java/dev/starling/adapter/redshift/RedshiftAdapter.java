package dev.starling.adapter.redshift;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
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

    /**
     * The lines that the session's last COPY rejected, from Redshift's load-error log, limited to the files under
     * the source's location (so a COPY of another source earlier in this session is never reported).
     */
    static String loadErrorsSql(String location) {
        return loadErrorsSql(LAST_COPY, location, "line_number");
    }

    /** The session's last COPY, as a condition on stl_load_errors. */
    private static final String LAST_COPY = "query = pg_last_copy_id()";

    /** The load errors of the COPYs that {@code copies} (a condition on the query id) selects. */
    private static String loadErrorsSql(String copies, String location, String order) {
        return "select trim(filename) as file, line_number, trim(colname) as column_name, trim(err_reason) as reason\n"
                + "from stl_load_errors\n" + loadErrorsWhere(copies, location) + "\norder by " + order;
    }

    private static String loadErrorsWhere(String copies, String location) {
        return "where " + copies + " and trim(filename) like " + literal(folder(location).replace("%", "\\%") + "%");
    }

    /** The first rejected lines that {@code loadErrorsSql} reads back. */
    private static List<LoadReport.Reject> firstRejects(Session session, String loadErrorsSql) throws SQLException {
        List<LoadReport.Reject> rejects = new ArrayList<>();
        for (List<String> row : session.query(loadErrorsSql, LoadReport.SHOWN).rows()) {
            rejects.add(new LoadReport.Reject(row.get(0), row.get(1) == null ? 0 : Long.parseLong(row.get(1).trim()),
                    row.get(2), row.get(3)));
        }
        return rejects;
    }

    private static final Pattern DIST_KEY = Pattern.compile("(?i)key\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_$]*)\\s*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final TargetConfig target;
    private final RedshiftSettings settings;
    private final Path projectDir;
    /** Lists incremental sources' locations, a client per region (made on first use). */
    private final Map<String, S3Cache> s3 = new java.util.HashMap<>();

    RedshiftAdapter(TargetConfig target, Path projectDir) {
        this.target = target;
        this.projectDir = projectDir;
        this.settings = new RedshiftSettings(target, projectDir);
    }

    @Override
    public String type() {
        return "redshift";
    }

    @Override
    public String describe() {
        return "redshift " + settings.user + "@" + (settings.host != null ? settings.host + ":" + settings.port
                : settings.clusterId + " in " + settings.region) + "/" + settings.database;
    }

    @Override
    public Map<String, Object> settingsForDisplay() {
        return settings.display();
    }

    /** The driver URL (for tests and debug). */
    String url() {
        return settings.url();
    }

    java.util.Properties properties() {
        return settings.properties();
    }

    @Override
    public Session openSession() throws SQLException {
        return new RedshiftSession(this::connect, settings.retries, settings.retryDelayMillis);
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
        return DriverManager.getConnection(settings.url(), settings.properties());
    }

    // ---- sources -----------------------------------------------------------------------------------------------

    /** How COPY reads a source: its S3 location and options, checked. */
    private record CopySpec(String location, String json, String region, int maxErrors, String iamRole) {
    }

    @Override
    public void checkSource(CompiledNode source) {
        copySpec(source);
    }

    private CopySpec copySpec(CompiledNode source) {
        Node node = source.node();
        String location = source.location();
        if (location == null || location.isBlank()) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " has no location for"
                    + " target '" + target.name() + "'. Add location: {redshift: s3://bucket/prefix}.");
        }
        if (!location.startsWith("s3://")) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " points at "
                    + location + ", but Redshift loads from S3: give an s3://bucket/prefix location for redshift.");
        }
        Map<String, Object> options = source.options() == null ? Map.of() : source.options();
        String json = option(options, "json", "auto").trim();
        String lower = json.toLowerCase(Locale.ROOT);
        if (lower.equals("auto") || lower.equals("auto ignorecase")) {
            json = lower;
            for (Column column : node.source().columns()) {
                boolean same = json.equals("auto") ? column.field().equals(column.name())
                        : column.field().equalsIgnoreCase(column.name());
                if (!same) {
                    throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": column "
                            + column.name() + " reads field " + column.field() + ", but JSON '" + json + "' matches"
                            + " columns to fields by name. Give a jsonpaths file (json: s3://bucket/paths.json) that"
                            + " lists the fields in column order.");
                }
            }
        } else if (!lower.startsWith("s3://")) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " has json '" + json
                    + "'; use auto, auto ignorecase, or the s3:// path of a jsonpaths file");
        }
        String region = option(options, "region", settings.region);
        String maxErrorsText = option(options, "max_errors", "0").trim();
        int maxErrors;
        try {
            maxErrors = Integer.parseInt(maxErrorsText);
            if (maxErrors < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " has max_errors '"
                    + maxErrorsText + "'; it must be a whole number (0 = any bad line fails the load)");
        }
        if (settings.iamRole == null) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " is loaded with"
                    + " COPY, which needs the IAM role that Redshift assumes to read S3: "
                    + String.format(RedshiftSettings.INFRA_HINT, "iam_role") + " (targets." + target.name()
                    + ".iam_role: arn:aws:iam::<account>:role/<name>)");
        }
        return new CopySpec(location, json, region, maxErrors, settings.iamRole);
    }

    private static String option(Map<String, Object> options, String key, String fallback) {
        Object value = options.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    @Override
    public List<String> stageSource(String relation, CompiledNode source) {
        CopySpec copy = copySpec(source);
        return List.of(createSourceTable(relation, source), copy(relation, source, folder(copy.location())));
    }

    /** The staged table of a source, empty: its declared columns with Redshift's types. */
    @Override
    public String createSourceTable(String relation, CompiledNode source) {
        List<String> defs = new ArrayList<>();
        for (Column column : source.node().source().columns()) {
            defs.add(quote(column.name()) + " " + redshiftType(source.node(), column));
        }
        return "create table " + relation + " (\n    " + String.join(",\n    ", defs) + "\n)";
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

    /** {@code COPY relation FROM 'from'} with the source's options; {@code from} is a key prefix, as COPY reads it. */
    private String copy(String relation, CompiledNode source, String from) {
        CopySpec copy = copySpec(source);
        List<String> names = new ArrayList<>();
        boolean timestamps = false;
        for (Column column : source.node().source().columns()) {
            timestamps |= redshiftType(source.node(), column).equals("timestamp");
            names.add(quote(column.name()));
        }
        StringBuilder sql = new StringBuilder("copy " + relation + " (" + String.join(", ", names) + ")\nfrom "
                + literal(from) + "\niam_role " + literal(copy.iamRole()) + "\n");
        sql.append("format as json ").append(literal(copy.json()));
        if (timestamps) {
            sql.append("\ntimeformat 'epochmillisecs'");
        }
        if (copy.region() != null) {
            sql.append("\nregion ").append(literal(copy.region()));
        }
        sql.append("\nmaxerror ").append(copy.maxErrors());
        return sql.toString();
    }

    // ---- incremental sources: only the new files, one COPY each --------------------------------------------

    /** The query ids of an append's COPYs, in a temporary table of the session, for its load report. */
    static final String COPIES = "\"__starling_copies\"";

    /** Listed files that COPY cannot read alone, path to the key that extends it (see {@link #listSourceFiles}). */
    private final Map<String, String> extendedBy = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The objects under an incremental source's location that match its pattern, listed with the AWS SDK
     * (fingerprint: the ETag). COPY reads every key that starts with the one it is given, so a matching key that
     * another key extends ({@code a.json} and {@code a.json.bak}) cannot be loaded alone: {@link #appendFiles}
     * refuses it (a file loaded before is no matter).
     */
    @Override
    public synchronized List<SourceFile> listSourceFiles(CompiledNode source) {
        Node node = source.node();
        S3Location location;
        List<S3Cache.Listed> all;
        try {
            location = S3Location.parse(source.location());
            all = s3(copySpec(source).region()).listAll(location);
        } catch (IllegalArgumentException | S3Cache.Failure e) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": cannot list "
                    + source.location() + ": " + e.getMessage());
        }
        Predicate<String> matches = S3Cache.matcher(node.source().pattern());
        List<SourceFile> files = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            S3Cache.Listed object = all.get(i);
            if (!matches.test(object.key().substring(location.keyPrefix().length()))) {
                continue;
            }
            String path = S3Location.SCHEME + location.bucket() + "/" + object.key();
            // in key order, a key that starts with this one comes right after it
            if (i + 1 < all.size() && all.get(i + 1).key().startsWith(object.key())) {
                extendedBy.put(path, S3Location.SCHEME + location.bucket() + "/" + all.get(i + 1).key());
            } else {
                extendedBy.remove(path);
            }
            files.add(new SourceFile(path, null, object.size(), object.modified(), object.etag()));
        }
        return files;
    }

    /**
     * Appends {@code files} to the staged table {@code relation}: each file COPYed on its own into a temporary
     * table like it (its rejects against the source's max_errors), then inserted; each COPY's query id is kept in
     * {@link #COPIES} for {@link #appendReport}.
     */
    @Override
    public List<String> appendFiles(String relation, CompiledNode source, List<SourceFile> files) {
        Node node = source.node();
        for (SourceFile file : files) {
            String extending = extendedBy.get(file.path());
            if (extending != null) {
                throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": COPY cannot"
                        + " load " + file.path() + " on its own, because it also reads " + extending + " (a key that"
                        + " starts with the same name). Rename or move one of them, or load the source in full"
                        + " (incremental: false).");
            }
        }
        String rows = tempRelation(source.node().name() + "__starling_rows");
        List<String> statements = new ArrayList<>(List.of("drop table if exists " + COPIES,
                "create temp table " + COPIES + " (id integer)", "drop table if exists " + rows,
                "create temp table " + rows + " (like " + relation + ")"));
        for (SourceFile file : files) {
            statements.add(copy(rows, source, file.path()));
            statements.add("insert into " + COPIES + " select pg_last_copy_id()");
        }
        statements.add("insert into " + relation + " select * from " + rows);
        statements.add("drop table " + rows);
        return statements;
    }

    /** What an append did: its rows, and the lines its COPYs rejected (a failed one: the last COPY's). */
    @Override
    public LoadReport appendReport(Session session, CompiledNode source, boolean succeeded, long rowsBefore)
            throws SQLException {
        if (!succeeded) {
            return loadReport(session, source, false);
        }
        String copies = "query in (select id from " + COPIES + ")";
        long rowsAfter = session.queryLong("select count(*) from " + source.relation());
        long rejected;
        try {
            rejected = session.queryLong("select count(*) from stl_load_errors " + loadErrorsWhere(copies,
                    source.location()));
        } catch (SQLException lost) {
            // the load committed, but the session that ran it is gone (a reconnect): its COPY ids with it
            return new LoadReport(rowsAfter - rowsBefore, 0, List.of(), "stl_load_errors (the session ended before"
                    + " this load's rejects were read)", -1, 0, 0, rowsAfter);
        }
        List<LoadReport.Reject> rejects = rejected > 0
                ? firstRejects(session, loadErrorsSql(copies, source.location(), "file, line_number")) : List.of();
        String seeAlso = rejected > 0 ? "select * from stl_load_errors where query in (" + String.join(", ",
                session.query("select id from " + COPIES + " order by id", Integer.MAX_VALUE - 1).rows().stream()
                        .map(row -> row.get(0)).toList()) + ")" : null;
        session.transaction(List.of("drop table if exists " + COPIES));
        return new LoadReport(rowsAfter - rowsBefore, rejected, rejects, seeAlso, -1, 0, 0, rowsAfter);
    }

    /** A client for listing in the source's region (COPY's REGION), else the target's s3_region. */
    private S3Cache s3(String region) {
        S3Settings base = S3Settings.of(target, projectDir);
        String wanted = region == null || region.isBlank() ? base.region() : region;
        return s3.computeIfAbsent(wanted, r -> new S3Cache(new S3Settings(r, base.endpoint(), base.pathStyle(),
                base.accessKeyId(), base.secretAccessKey(), base.cacheDir())));
    }

    /** Redshift's spelling of a source column's type: text as the widest varchar, double as double precision. */
    private static String redshiftType(Node source, Column column) {
        String type = SourceTypes.canonical(source, column);
        return switch (type) {
            case "varchar" -> "varchar(65535)";
            case "double" -> "double precision";
            default -> type;
        };
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public LoadReport loadReport(Session session, CompiledNode source, boolean succeeded) throws SQLException {
        long rejected = session.queryLong("select count(*) from stl_load_errors " + loadErrorsWhere(LAST_COPY,
                source.location()));
        List<LoadReport.Reject> rejects = rejected > 0 ? firstRejects(session, loadErrorsSql(source.location())) : List.of();
        long loaded = succeeded ? session.queryLong("select count(*) from " + source.relation()) : -1;
        String seeAlso = rejected > 0 ? "select * from stl_load_errors where query = "
                + session.queryLong("select pg_last_copy_id()") : null;
        return LoadReport.ofWholeLocation(loaded, rejected, rejects, seeAlso);
    }

    /** COPY reads the whole location and keeps its rejects in stl_load_errors (see {@link #loadReport}). */
    @Override
    public boolean loadsSourcesItself() {
        return true;
    }

    /** Redshift has no {@code IS NOT DISTINCT FROM}. */
    @Override
    public String nullSafeEquals(String left, String right) {
        return "(" + left + " = " + right + " or (" + left + " is null and " + right + " is null))";
    }

    // ---- models ------------------------------------------------------------------------------------------------

    @Override
    public void checkModel(CompiledNode model) {
        if (!model.node().materialized().equals("view")) {
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
                + (settings.lateBindingViews ? "\nwith no schema binding" : "");
    }

    @Override
    public String drop(RelationType type, String relation, boolean ifExists) {
        return "drop " + (type == RelationType.VIEW ? "view " : "table ") + (ifExists ? "if exists " : "") + relation;
    }

    @Override
    public String rename(RelationType type, String schema, String from, String to) {
        return "alter table " + relation(schema, from) + " rename to " + quote(to);
    }

    @Override
    public synchronized void close() {
        // sessions own their connections; the runner closes them
        s3.values().forEach(S3Cache::close);
        s3.clear();
    }

    /** A location as COPY's key prefix for a folder: {@code s3://b/log_data} reads {@code log_data/...} only. */
    private static String folder(String location) {
        String trimmed = location.trim();
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

}
