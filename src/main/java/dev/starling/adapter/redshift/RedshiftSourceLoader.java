package dev.starling.adapter.redshift;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.Compression;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.PatternSkips;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.adapter.SourceLoader;
import dev.starling.adapter.SourceTypes;
import dev.starling.adapter.Step;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.TargetConfig;
import dev.starling.render.CompiledNode;
import dev.starling.s3.S3Cache;
import dev.starling.s3.S3Location;
import dev.starling.s3.S3Settings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Redshift reads a source's files itself, with {@code COPY} from S3 (nothing passes through Java), and keeps the
 * lines it rejects in its load-error log ({@code stl_load_errors}), read back right after the load. A source that is
 * not incremental is one COPY of its whole location into the new table; an incremental one lists its objects with
 * the AWS SDK and COPYs each file to load on its own (COPY reads a key prefix, not a list), into a temporary table
 * that the load then adds, recording each COPY's query id for the report. COPY cannot tag a row with its file, so
 * a changed file asks for {@code --full-refresh}.
 */
final class RedshiftSourceLoader implements SourceLoader {

    /** The query ids of a load's COPYs, in a temporary table of the session, for its load report. */
    static final String COPIES = "\"__starling_copies\"";
    /** The largest MAXERROR that COPY takes. */
    static final long MAXERROR_LIMIT = 100_000;
    /** What a dry run shows for a role that is not known yet. */
    static final String IAM_ROLE_PLACEHOLDER = "<iam_role: set it in project.yml or run starling infra up>";

    private final RedshiftAdapter adapter;
    private final TargetConfig target;
    private final Path projectDir;
    /** Lists incremental sources' locations, a client per region (made on first use). */
    private final Map<String, S3Cache> s3 = new HashMap<>();
    /** Listed files that COPY cannot read alone, path to the key that extends it (see {@link #list}). */
    private final Map<String, String> extendedBy = new ConcurrentHashMap<>();
    /** The keys that the last {@link #list} of a source found its pattern does not match, by source id. */
    private final Map<String, List<String>> unmatchedByList = new ConcurrentHashMap<>();

    RedshiftSourceLoader(RedshiftAdapter adapter, TargetConfig target, Path projectDir) {
        this.adapter = adapter;
        this.target = target;
        this.projectDir = projectDir;
    }

    /** How COPY reads a source: its S3 location and options, checked. */
    private record CopySpec(String location, String json, String region, int maxErrors, String iamRole) {
    }

    /** Before a run: the location, the options and the role COPY assumes. */
    @Override
    public void check(CompiledNode source) {
        CopySpec copy = copySpec(source);
        if (copy.iamRole() == null) {
            Node node = source.node();
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " is loaded with"
                    + " COPY, which needs the IAM role that Redshift assumes to read S3: "
                    + String.format(RedshiftSettings.INFRA_HINT, "iam_role") + " (targets." + target.name()
                    + ".iam_role: arn:aws:iam::<account>:role/<name>)");
        }
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
        String region = option(options, "region", adapter.copySetting("region", "region"));
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
        Compression.of(source);
        return new CopySpec(location, json, region, maxErrors, adapter.copySetting("iam_role", "iam_role_arn"));
    }

    private static String option(Map<String, Object> options, String key, String fallback) {
        Object value = options.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    @Override
    public List<String> compile(String relation, CompiledNode source) {
        CopySpec copy = copySpec(source);
        return List.of(createSourceTable(relation, source), copy(relation, source, folder(copy.location()),
                wholeLocationGzip(source)));
    }

    /**
     * Whether a COPY of the whole location reads gzip: COPY's GZIP applies to every file it reads, and this COPY
     * reads every key under the prefix (the pattern does not apply), so it is declared ({@code compression: gzip})
     * or said by a pattern that ends in {@code .gz}.
     */
    private static boolean wholeLocationGzip(CompiledNode source) {
        return Compression.of(source).gzip(source.node().source().pattern());
    }

    @Override
    public boolean tagsRowsWithFile() {
        return false;
    }

    /** COPY's MAXERROR, and stl_load_errors. */
    @Override
    public boolean rejectsKeptByEngine() {
        return true;
    }

    @Override
    public String readVerb() {
        return "COPY";
    }

    /**
     * COPY inside the load's transaction: of the whole location into the new table; or of each file on its own
     * into a temporary table, each COPY's query id kept in {@link #COPIES}, then added to the new table (an append
     * reads straight into the temporary table that the load adds).
     */
    @Override
    public Reading read(Request request) {
        CompiledNode source = request.source();
        String into = request.into().relation();
        ErrorLog log = errorLog(request.session());
        if (request.wholeLocation()) {
            return new Reading(List.of(), compile(into, source),
                    (session, succeeded, rowsBefore) -> loadReport(session, source, succeeded),
                    new Counted("select count(*) from " + log.table() + " " + log.where(log.lastCopy(), source.location()),
                            "select pg_last_copy_id()", log.table(), log.id()));
        }
        Node node = source.node();
        StagingArea staging = adapter.staging();
        for (SourceFile file : staging != null ? List.<SourceFile>of() : request.files()) {
            String extending = extendedBy.get(file.path());
            if (extending != null) {
                throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": COPY cannot"
                        + " load " + file.path() + " on its own, because it also reads " + extending + " (a key that"
                        + " starts with the same name). Rename or move one of them, give the target a staging_prefix"
                        + " (one COPY through a manifest names each object exactly), or load the source in full"
                        + " (incremental: false).");
            }
        }
        List<Step> before = new ArrayList<>();
        String rows = adapter.tempRelation(node.name() + "__starling_rows");
        boolean intoRows = request.into().temporary();
        List<String> statements = new ArrayList<>();
        if (!intoRows) {
            statements.add(createSourceTable(into, source));
        }
        statements.addAll(List.of("drop table if exists " + COPIES, "create temp table " + COPIES + " (id integer)",
                "drop table if exists " + rows, createSourceTable(rows, source).replaceFirst("^create table",
                        "create temp table")));
        Compression compression = Compression.of(source);
        if (staging != null) {
            // one COPY of the new files, named exactly in a manifest uploaded to the staging prefix (one per
            // compression: COPY's GZIP applies to every file it reads)
            Map<Boolean, List<SourceFile>> byGzip = new java.util.TreeMap<>();
            for (SourceFile file : request.files()) {
                byGzip.computeIfAbsent(compression.gzip(file.path()), gzip -> new ArrayList<>()).add(file);
            }
            for (Map.Entry<Boolean, List<SourceFile>> group : byGzip.entrySet()) {
                List<SourceFile> files = group.getValue();
                byte[] manifest = manifest(files);
                String key = StagingArea.contentKey("manifests/" + node.id(), manifest, "manifest");
                String uri = staging.uri(key);
                before.add(new Step.Action("upload the COPY manifest of " + files.size() + " file"
                        + (files.size() == 1 ? "" : "s") + " to " + uri, List.of(), session ->
                        staging.upload(manifest, key)));
                statements.add(copy(rows, source, uri, group.getKey()) + "\nmanifest");
                statements.add("insert into " + COPIES + " select pg_last_copy_id()");
            }
        } else {
            for (SourceFile file : request.files()) {
                statements.add(copy(rows, source, file.path(), compression.gzip(file.path())));
                statements.add("insert into " + COPIES + " select pg_last_copy_id()");
            }
        }
        if (!intoRows) {
            statements.add("insert into " + into + " select * from " + rows);
            statements.add("drop table " + rows);
        }
        return new Reading(before, statements,
                (session, succeeded, rowsBefore) -> copiesReport(session, source, succeeded, rowsBefore),
                new Counted("select count(*) from " + log.table() + " " + log.where(log.copies(), source.location()),
                        "select distinct id from " + COPIES + " order by id", log.table(), log.id()));
    }

    /** A COPY manifest naming each file as a mandatory entry (COPY fails if one is missing). */
    static byte[] manifest(List<SourceFile> files) {
        List<String> entries = new ArrayList<>();
        for (SourceFile file : files) {
            entries.add("    {\"url\": \"" + file.path().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\", \"mandatory\": true}");
        }
        return ("{\"entries\": [\n" + String.join(",\n", entries) + "\n]}\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The staged table of a source, empty: its declared columns with Redshift's types, and for an incremental source
     * the batch column last, which COPY leaves NULL (its column list names only the declared columns).
     */
    String createSourceTable(String relation, CompiledNode source) {
        List<String> defs = new ArrayList<>();
        for (Column column : source.node().source().columns()) {
            defs.add(adapter.quote(column.name()) + " " + redshiftType(source.node(), column));
        }
        if (source.node().source().incremental()) {
            defs.add(adapter.quote(Adapter.BATCH_COLUMN) + " bigint");
        }
        return "create table " + relation + " (\n    " + String.join(",\n    ", defs) + "\n)";
    }

    /**
     * {@code COPY relation FROM 'from'} with the source's options; {@code from} is a key prefix, as COPY reads it;
     * {@code gzip}: the files are gzip (COPY's GZIP).
     */
    private String copy(String relation, CompiledNode source, String from, boolean gzip) {
        CopySpec copy = copySpec(source);
        List<String> names = new ArrayList<>();
        boolean timestamps = false;
        for (Column column : source.node().source().columns()) {
            timestamps |= redshiftType(source.node(), column).equals("timestamp");
            names.add(adapter.quote(column.name()));
        }
        StringBuilder sql = new StringBuilder("copy " + relation + " (" + String.join(", ", names) + ")\nfrom "
                + literal(from) + "\niam_role " + literal(copy.iamRole() == null ? IAM_ROLE_PLACEHOLDER : copy.iamRole())
                + "\n");
        sql.append("format as json ").append(literal(copy.json()));
        if (gzip) {
            sql.append("\ngzip");
        }
        if (timestamps) {
            sql.append("\ntimeformat 'epochmillisecs'");
        }
        if (copy.region() != null) {
            sql.append("\nregion ").append(literal(copy.region()));
        }
        // one more than max_errors: COPY alone never fails a load that is within it, whether its documentation's
        // "reach" or "exceed" holds; the load sums its COPYs' rejects before its commit and fails above max_errors
        sql.append("\nmaxerror ").append(Math.min(MAXERROR_LIMIT, copy.maxErrors() + 1L));
        return sql.toString();
    }

    /**
     * The objects under an incremental source's location that match its pattern, listed with the AWS SDK
     * (fingerprint: the ETag). COPY reads every key that starts with the one it is given, so a matching key that
     * another key extends ({@code a.json} and {@code a.json.bak}) cannot be loaded alone: {@link #read} refuses it
     * (a file loaded before is no matter). A dry run lists only with credentials given explicitly.
     */
    @Override
    public synchronized List<SourceFile> list(CompiledNode source, boolean prepared) {
        Node node = source.node();
        S3Location location;
        List<S3Cache.Listed> all;
        try {
            location = S3Location.parse(source.location());
            S3Cache client = s3(copySpec(source).region());
            if (!prepared && !client.settings().credentialsGiven()) {
                throw new Unlisted(client.settings().credentialsMissing());
            }
            all = client.listAll(location);
        } catch (IllegalArgumentException | S3Cache.Failure e) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": cannot list "
                    + source.location() + ": " + e.getMessage());
        }
        Predicate<String> matches = S3Cache.matcher(node.source().pattern());
        List<SourceFile> files = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            S3Cache.Listed object = all.get(i);
            String below = object.key().substring(location.keyPrefix().length());
            if (!matches.test(below)) {
                unmatched.add(below);
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
        unmatchedByList.put(node.id(), unmatched);
        return files;
    }

    /**
     * The objects an incremental source's listing found its pattern does not match; none for a source COPYed
     * whole, since COPY reads every key under the prefix.
     */
    @Override
    public PatternSkips patternSkips(CompiledNode source) {
        List<String> unmatched = unmatchedByList.remove(source.node().id());
        return unmatched == null ? null : PatternSkips.of(source.node().source().pattern(), unmatched);
    }

    /**
     * Where the engine logs the lines COPY rejects: {@code stl_load_errors} on a provisioned cluster (with the raw
     * line), {@code sys_load_error_detail} on Serverless, which has no stl_load_errors (no raw line there). The
     * column names differ; the COPY's query id ({@code pg_last_copy_id()}) selects its rows in both.
     */
    record ErrorLog(String table, String id, String file, String column, String reason) {
        static final ErrorLog STL = new ErrorLog("stl_load_errors", "query", "filename", "colname", "err_reason");
        static final ErrorLog SYS = new ErrorLog("sys_load_error_detail", "query_id", "file_name", "column_name",
                "error_message");

        /** The rejected lines of the COPYs that {@code copies} (a condition on the query id) selects, under {@code location}. */
        String where(String copies, String location) {
            return "where " + copies + " and trim(" + file + ") like " + literal(folder(location).replace("%", "\\%") + "%");
        }

        String lines(String copies, String location, String order) {
            return "select trim(" + file + ") as file, line_number, trim(" + column + ") as column_name, trim(" + reason
                    + ") as reason\nfrom " + table + "\n" + where(copies, location) + "\norder by " + order;
        }

        /** The session's last COPY. */
        String lastCopy() {
            return id + " = pg_last_copy_id()";
        }

        /** The COPYs of a load of listed files, whose ids are kept in {@link #COPIES}. */
        String copies() {
            return id + " in (select id from " + COPIES + ")";
        }
    }

    /** The load-error log of each session's engine, decided once per connection. */
    private final Map<Session, ErrorLog> logs = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** stl_load_errors where it exists, else (Serverless) sys_load_error_detail; stl_load_errors without a session. */
    ErrorLog errorLog(Session session) {
        if (session == null) {
            return ErrorLog.STL;
        }
        ErrorLog known = logs.get(session);
        if (known != null) {
            return known;
        }
        ErrorLog log;
        try {
            session.queryLong("select count(*) from stl_load_errors where 1 = 0");
            log = ErrorLog.STL;
        } catch (SQLException absent) {
            log = ErrorLog.SYS;
        }
        logs.put(session, log);
        return log;
    }

    /** What a load of listed files did: its rows, and the lines its COPYs rejected (a failed one: the last COPY's). */
    private LoadReport copiesReport(Session session, CompiledNode source, boolean succeeded, long rowsBefore)
            throws SQLException {
        if (!succeeded) {
            return loadReport(session, source, false);
        }
        ErrorLog log = errorLog(session);
        long rowsAfter = session.queryLong("select count(*) from " + source.relation());
        long rejected;
        try {
            rejected = session.queryLong("select count(*) from " + log.table() + " " + log.where(log.copies(),
                    source.location()));
        } catch (SQLException lost) {
            // the load committed, but the session that ran it is gone (a reconnect): its COPY ids with it
            return new LoadReport(rowsAfter - rowsBefore, 0, List.of(), log.table() + " (the session ended before"
                    + " this load's rejects were read)", -1, 0, 0, rowsAfter);
        }
        List<LoadReport.Reject> rejects = rejected > 0
                ? firstRejects(session, log.lines(log.copies(), source.location(), "file, line_number")) : List.of();
        String seeAlso = rejected > 0 ? "select * from " + log.table() + " where " + log.id() + " in (" + String.join(", ",
                session.query("select id from " + COPIES + " order by id", Integer.MAX_VALUE - 1).rows().stream()
                        .map(row -> row.get(0)).toList()) + ")" : null;
        session.transaction(List.of("drop table if exists " + COPIES));
        return new LoadReport(rowsAfter - rowsBefore, rejected, rejects, seeAlso, -1, 0, 0, rowsAfter);
    }

    /** What a COPY of the whole location did: its rows, and the lines it rejected (the session's last COPY). */
    private LoadReport loadReport(Session session, CompiledNode source, boolean succeeded) throws SQLException {
        ErrorLog log = errorLog(session);
        long rejected = session.queryLong("select count(*) from " + log.table() + " " + log.where(log.lastCopy(),
                source.location()));
        List<LoadReport.Reject> rejects = rejected > 0
                ? firstRejects(session, log.lines(log.lastCopy(), source.location(), "line_number")) : List.of();
        long loaded = succeeded ? session.queryLong("select count(*) from " + source.relation()) : -1;
        String seeAlso = rejected > 0 ? "select * from " + log.table() + " where " + log.id() + " = "
                + session.queryLong("select pg_last_copy_id()") : null;
        return LoadReport.ofWholeLocation(loaded, rejected, rejects, seeAlso);
    }

    /**
     * The lines that the session's last COPY rejected, from a provisioned cluster's load-error log, limited to the
     * files under the source's location (so a COPY of another source earlier in this session is never reported).
     */
    static String loadErrorsSql(String location) {
        return ErrorLog.STL.lines(ErrorLog.STL.lastCopy(), location, "line_number");
    }

    /** The first rejected lines that {@code ErrorLog.lines} reads back. */
    private static List<LoadReport.Reject> firstRejects(Session session, String loadErrorsSql) throws SQLException {
        List<LoadReport.Reject> rejects = new ArrayList<>();
        for (List<String> row : session.query(loadErrorsSql, LoadReport.SHOWN).rows()) {
            rejects.add(new LoadReport.Reject(row.get(0), row.get(1) == null ? 0 : Long.parseLong(row.get(1).trim()),
                    row.get(2), row.get(3)));
        }
        return rejects;
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

    /** A location as COPY's key prefix for a folder: {@code s3://b/log_data} reads {@code log_data/...} only. */
    private static String folder(String location) {
        String trimmed = location.trim();
        return trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    synchronized void close() {
        s3.values().forEach(S3Cache::close);
        s3.clear();
    }
}
