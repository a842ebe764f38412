package dev.starling.adapter.duckdb;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.JdbcSession;
import dev.starling.adapter.LoadInto;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceTypes;
import dev.starling.adapter.SourceFile;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.SourceSpec;
import dev.starling.project.TargetConfig;
import dev.starling.render.CompiledNode;
import dev.starling.s3.S3Cache;
import dev.starling.s3.S3Location;
import dev.starling.s3.S3Sources;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The embedded default: DuckDB in this process, on a database file ({@code path}, default
 * {@code target/<project>.duckdb}). Sources are read by DuckDB's own JSON reader; no row passes through Java.
 *
 * <p>Target settings: {@code path}, {@code schema} (default main), {@code threads} (Starling's workers),
 * {@code memory_limit} and {@code temp_directory} (DuckDB's own), {@code engine_threads} (DuckDB's
 * worker threads; default: all cores), {@code preserve_insertion_order} (DuckDB's own; default false here), and
 * for {@code s3://} locations the {@code s3_*} settings of {@link dev.starling.s3.S3Settings}: such a location is
 * downloaded to a local cache, which DuckDB reads.
 */
public final class DuckDbAdapter implements Adapter {

    private final TargetConfig target;
    private final Path projectDir;
    /** The DuckDB JDBC driver's class whose initialisation unpacks and loads the engine's native library. */
    static final String NATIVE_LIBRARY_CLASS = "org.duckdb.DuckDBNative";

    private final String path;
    private final S3Sources s3;
    private DuckDBConnection root;
    /** The thread {@link #warmUp()} started, waited for on close: the driver unpacks its library to a temp file. */
    private Thread warming;

    DuckDbAdapter(TargetConfig target, Path projectDir) {
        this.target = target;
        this.projectDir = projectDir;
        String configured = target.setting("path", "target/" + target.name() + ".duckdb");
        this.path = configured.equals(":memory:") ? configured : projectDir.resolve(configured).normalize().toString();
        this.s3 = new S3Sources(target, projectDir);
    }

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public String describe() {
        return "duckdb " + (path.equals(":memory:") ? path : projectDir.relativize(Path.of(path)));
    }

    /**
     * Loads DuckDB's native library on a thread of its own: unpacking and loading it takes about 0.3 s, most of
     * a first connection's time. Nothing is opened (no file, no lock); a connection made meanwhile waits for the
     * load to finish, and if the load fails here, the connection reports it.
     */
    @Override
    public synchronized void warmUp() {
        Thread thread = new Thread(() -> {
            try {
                Class.forName(NATIVE_LIBRARY_CLASS, true, DuckDbAdapter.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError ignored) {
                // another driver version, or a library that does not load: the first connection says why
            }
        }, "starling-duckdb-load");
        thread.setDaemon(true);
        thread.start();
        warming = thread;
    }

    @Override
    public synchronized Session openSession() throws SQLException {
        if (root == null) {
            root = connect();
        }
        Connection connection = root.duplicate();
        return new JdbcSession(connection);
    }

    /**
     * In a process that has not opened the database (the CLI's {@code show}), on an instance of its own with the
     * file attached read-only and external access off ({@link ReadOnlyQuery}); where this process holds it open
     * already (a library user who built first, or {@code :memory:}), on a connection of its own in a read-only
     * transaction.
     */
    @Override
    public synchronized QueryResult queryReadOnly(String sql, int maxRows) throws SQLException {
        if (root != null || path.equals(":memory:")) {
            if (root == null) {
                root = connect();
            }
            return ReadOnlyQuery.run(root.duplicate(), sql, maxRows);
        }
        Properties properties = new Properties();
        copySetting(properties, "memory_limit", "memory_limit");
        copySetting(properties, "engine_threads", "threads");
        return ReadOnlyQuery.run(ReadOnlyQuery.isolated(path, properties), sql, maxRows);
    }

    @Override
    public String diagnose(SQLException e) {
        String temp = target.setting("temp_directory");
        Path database = path.equals(":memory:") ? null : Path.of(path);
        Path tempDirectory = temp != null && !temp.isBlank() ? projectDir.resolve(temp).normalize()
                : database != null ? Path.of(path + ".tmp") : null;
        return new DiskFull(database, tempDirectory).diagnose(e);
    }

    private DuckDBConnection connect() throws SQLException {
        Properties properties = new Properties();
        copySetting(properties, "memory_limit", "memory_limit");
        copySetting(properties, "temp_directory", "temp_directory");
        copySetting(properties, "engine_threads", "threads");
        // tables are sets: not keeping the order rows were read in lets DuckDB write them from all its threads
        // (staging 20,000 song files takes a third of the time) and in less memory
        properties.setProperty("preserve_insertion_order", target.setting("preserve_insertion_order", "false"));
        if (!path.equals(":memory:")) {
            try {
                Files.createDirectories(Path.of(path).getParent());
            } catch (IOException e) {
                throw StarlingException.project("cannot create the folder for " + path + ": " + e.getMessage());
            }
        }
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path, properties);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("lock")) {
                throw StarlingException.project("cannot open " + path + ": another process holds it open ("
                        + firstLine(message) + "). Wait for that run to finish or close it, then retry.");
            }
            throw e;
        }
    }

    private void copySetting(Properties properties, String setting, String duckdbName) {
        String value = target.setting(setting);
        if (value != null && !value.isBlank()) {
            properties.setProperty(duckdbName, setting.equals("temp_directory")
                    ? projectDir.resolve(value).toString() : value);
        }
    }

    @Override
    public void checkSource(CompiledNode source) {
        Node node = source.node();
        String location = source.location();
        if (location == null || location.isBlank()) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName()
                    + " has no location for target '" + target.name() + "'. Add location: {duckdb: path/to/folder}.");
        }
        if (S3Location.isS3(location)) {
            s3.check(node, location);
            return;
        }
        Path folder = localFolder(source);
        if (!Files.isDirectory(folder)) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": data folder "
                    + folder + " does not exist. Check the location (" + location + "), or pass the folder that"
                    + " holds the data, e.g. --vars '{data_dir: /path/to/data}'.");
        }
    }

    /** The folder DuckDB reads: the location itself, or for {@code s3://} its local cache folder. */
    private Path localFolder(CompiledNode source) {
        String location = source.location();
        if (S3Location.isS3(location)) {
            return s3.folder(source.node(), location);
        }
        return projectDir.resolve(location).normalize();
    }

    /** An {@code s3://} location is synced to the local cache right before its source is staged. */
    @Override
    public String prepareSource(CompiledNode source) {
        return S3Location.isS3(source.location()) ? s3.sync(source.node(), source.location()) : null;
    }

    /**
     * A full load as {@code compile} shows it: the statement a run starts with (a run reads into a temporary
     * table, and reads again line by line only when a record does not read).
     */
    @Override
    public List<String> stageSource(String relation, CompiledNode source) {
        String glob = localFolder(source).toString().replace('\\', '/') + "/" + source.node().source().pattern();
        return List.of("create table " + relation + " as\n" + selectFromFiles(source, literal(glob),
                source.node().source().incremental()));
    }

    /**
     * Every record of {@code files} (a glob or a list literal) through DuckDB's JSON reader, each field as its
     * column with the declared type, and with {@code fileColumn} the file each record came from, named as
     * {@link #listSourceFiles} names it (the location joined with the path under the folder).
     */
    private String selectFromFiles(CompiledNode source, String files, boolean fileColumn) {
        Node node = source.node();
        List<String> select = new ArrayList<>();
        for (Column column : node.source().columns()) {
            select.add("j." + quote(column.field()) + " as " + quote(column.name()));
        }
        if (fileColumn) {
            select.add(pathUnderLocation(source, "j.__starling_filename") + " as " + quote(FILE_COLUMN));
        }
        return "select\n    " + String.join(",\n    ", select) + "\nfrom "
                + readJson(files, node, fileColumn ? "__starling_filename" : null) + " as j";
    }

    /** SQL for a file's name as the state table keeps it, from the local file name {@code filename} (a column). */
    private String pathUnderLocation(CompiledNode source, String filename) {
        // every file is under the source's folder: its path is the location joined with its path under the
        // folder, computed from the file name with no lookup per row
        String folder = localFolder(source).toString().replace('\\', '/');
        return literal(source.location().replaceAll("/+$", "")) + " || substr(" + filename + ", length(" + literal(folder)
                + ") + 1)";
    }

    /** DuckDB's JSON reader over {@code files} (a glob or a list literal), every column with its declared type. */
    private String readJson(String files, Node source, String filenameColumn) {
        List<String> types = new ArrayList<>();
        for (Column column : source.source().columns()) {
            types.add(literal(column.field()) + ": " + literal(duckdbType(source, column)));
        }
        String format = source.source().layout().equals(SourceSpec.LAYOUT_DOCUMENT) ? "unstructured" : "newline_delimited";
        return "read_json(" + files + ",\n    format = '" + format + "',\n    columns = {" + String.join(", ", types) + "}"
                + (filenameColumn == null ? "" : ",\n    filename = " + literal(filenameColumn)) + "\n)";
    }

    @Override
    public List<SourceFile> listSourceFiles(CompiledNode source) {
        Path folder = localFolder(source);
        String pattern = source.node().source().pattern();
        PathMatcher matcher = folder.getFileSystem().getPathMatcher("glob:" + pattern);
        // DuckDB's ** also matches no folder at all: **/*.json takes a.json at the top too
        PathMatcher top = pattern.startsWith("**/") ? folder.getFileSystem().getPathMatcher("glob:" + pattern.substring(3)) : null;
        String prefix = source.location().replaceAll("/+$", "");
        // objects from S3 are fingerprinted by their ETag (from this run's sync), local files by size and mtime
        Map<Path, String> etags = new HashMap<>();
        S3Cache.Sync sync = S3Location.isS3(source.location()) ? s3.lastSync(source.node().id()) : null;
        if (sync != null) {
            sync.objects().forEach(object -> etags.put(object.path().toAbsolutePath().normalize(), object.etag()));
        }
        List<SourceFile> files = new ArrayList<>();
        try {
            // walkFileTree hands over each file's attributes from the directory scan: no second stat per file
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path relative = folder.relativize(file);
                    if (attributes.isRegularFile() && (matcher.matches(relative) || (top != null && top.matches(relative)))) {
                        files.add(new SourceFile(prefix + "/" + relative.toString().replace('\\', '/'), file.toString(),
                                attributes.size(), attributes.lastModifiedTime().toInstant(),
                                etags.get(file.toAbsolutePath().normalize())));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            Node node = source.node();
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": cannot list "
                    + folder + ": " + e.getMessage());
        }
        files.sort(Comparator.comparing(SourceFile::path));
        return files;
    }

    /** One statement: the files as a JSON literal that DuckDB unnests (20,000 VALUES rows take seconds to bind). */
    @Override
    public List<String> createFilesTable(String relation, List<SourceFile> files) {
        StringBuilder json = new StringBuilder("[");
        for (SourceFile file : files) {
            json.append(json.length() > 1 ? "," : "").append("{\"path\":").append(jsonString(file.path()))
                    .append(",\"local\":").append(jsonString(file.local()))
                    .append(",\"size\":").append(file.size())
                    .append(",\"modified\":").append(file.modified().toEpochMilli())
                    .append(",\"etag\":").append(file.etag() == null ? "null" : jsonString(file.etag()))
                    .append(",\"fingerprint\":").append(jsonString(file.fingerprint())).append('}');
        }
        json.append(']');
        return List.of("drop table if exists " + relation, createTempTableAs(relation,
                "select f.path, f.local, f.size, epoch_ms(f.modified) as modified, f.etag, f.fingerprint\nfrom (select"
                        + " unnest(from_json(" + literal(json.toString()) + ", '[{\"path\": \"VARCHAR\", \"local\":"
                        + " \"VARCHAR\", \"size\": \"BIGINT\", \"modified\": \"BIGINT\", \"etag\": \"VARCHAR\","
                        + " \"fingerprint\": \"VARCHAR\"}]')) as f)"));
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * Reads the files with DuckDB's JSON reader first, which either reads every record or fails. When it fails,
     * reads them again line by line to find the bad records: each file as text (files that are not UTF-8 as bytes,
     * split at newlines), each line parsed on its own ({@code json_extract_string}) and each field cast with
     * {@code try_cast}; a line whose JSON does not parse, or a field whose raw value is there but does not cast,
     * is rejected with its file, 1-based line and reason. The two readers give the same values for good lines.
     * Documents (one small file per record) skip the JSON reader: reading them as text is faster.
     */
    @Override
    public void readSourceFiles(Session session, CompiledNode source, String paths, List<SourceFile> files,
                                LoadInto rows, String rejects) throws SQLException {
        Node node = source.node();
        session.transaction(List.of("drop table if exists " + rows.relation(), "drop table if exists " + rejects,
                "create temp table " + rejects + " (file varchar, line bigint, raw varchar, reason varchar)"));
        Function<String, String> pathOf = filename -> pathUnderLocation(source, filename);
        String folder = localFolder(source).toString().replace('\\', '/');
        String list;
        if (files == null) {
            // every file: the readers list them by the glob (DuckDB reads directories without a stat per file)
            list = literal(folder + "/" + node.source().pattern());
        } else if (files.isEmpty()) {
            // a load with no file at all would replace the table with nothing (appends with nothing new stop earlier)
            throw notRead(source, -1, -1, null);
        } else {
            list = "[" + String.join(", ", files.stream().map(f -> literal(f.local())).toList()) + "]";
        }
        int expected = files == null ? -1 : files.size();
        // the fast path: DuckDB's JSON reader over every file at once; only when a record does not read is the
        // load done again line by line, to keep the good records and name the bad ones
        try {
            session.transaction(List.of(createRows(rows, selectFromFiles(source, list, rows.fileColumn()))));
            // read_json reads a record that is not an object (null, [], 1) as a row of NULLs; such a row sends the
            // load to the line reader, which tells an empty object {} (a row of NULLs) from those (rejects)
            String everyColumnNull = String.join(" and ", node.source().columns().stream()
                    .map(column -> quote(column.name()) + " is null").toList());
            if (session.queryLong("select count(*) from " + rows.relation() + " where " + everyColumnNull) > 0) {
                session.transaction(List.of("drop table " + rows.relation()));
                readLineByLine(session, source, list, expected, pathOf, rows, rejects);
            }
        } catch (SQLException whole) {
            String message = whole.getMessage() == null ? "" : whole.getMessage();
            if (message.contains("No files found") || message.contains("Cannot open file")) {
                // a glob that matches nothing says so itself; a listed file that went missing names DuckDB's error
                StarlingException unreadable = notRead(source, expected, -1, expected < 0 ? null : firstLine(message));
                unreadable.addSuppressed(whole);
                throw unreadable;
            }
            if (!isRecordError(whole)) {
                throw whole; // an unreadable file, memory: not a matter of single records
            }
            try {
                readLineByLine(session, source, list, expected, pathOf, rows, rejects);
            } catch (SQLException | RuntimeException e) {
                e.addSuppressed(whole);
                throw e;
            }
        }
    }

    /**
     * A load that found no file under a glob ({@code expectedFiles} -1), or could not read all the files listed
     * for it ({@code read} of them, or -1 when unknown): an empty read would otherwise replace the table with
     * nothing, or record files as loaded without their rows.
     */
    private StarlingException notRead(CompiledNode source, int expectedFiles, long read, String detail) {
        Node node = source.node();
        String what = expectedFiles < 0
                ? "no file under " + localFolder(source) + " matches '" + node.source().pattern() + "'"
                : (read < 0 ? "some" : String.valueOf(expectedFiles - read)) + " of the " + expectedFiles
                + " files listed for this load could not be read (moved or deleted while loading?)";
        return StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": " + what
                + (detail == null ? "" : " (" + detail + ")") + ". Nothing was loaded; check the location and run again.");
    }

    /** DuckDB's errors about the content of a record (bad JSON, a value that does not convert). */
    private static boolean isRecordError(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("Invalid Input Error") || message.contains("Conversion Error");
    }

    private String createRows(LoadInto rows, String select) {
        return rows.temporary() ? createTempTableAs(rows.relation(), select)
                : "create table " + rows.relation() + " as\n" + select;
    }

    private void readLineByLine(Session session, CompiledNode source, String list, int expectedFiles,
                                Function<String, String> pathOf, LoadInto rows, String rejects) throws SQLException {
        Node node = source.node();
        boolean document = node.source().layout().equals(SourceSpec.LAYOUT_DOCUMENT);
        String texts = tempRelation("__starling_texts");
        String lines = tempRelation("__starling_lines");
        String parsed = tempRelation("__starling_parsed");
        String bom = "chr(65279)";
        String blank = "' ' || chr(9) || chr(10) || chr(13)";
        // 1. every file as text; a file that is not UTF-8 has a NULL text and is split as bytes below
        session.transaction(List.of("drop table if exists " + texts, createTempTableAs(texts,
                "select " + pathOf.apply("b.filename") + " as file, b.filename as local, try(decode(b.content)) as text\n"
                        + "from read_blob(" + list + ") as b")));
        // every listed file must have been read (read_blob skips a missing one), and a glob must match a file:
        // an empty read would otherwise replace the table with nothing, or record files as loaded without rows
        long read = session.queryLong("select count(*) from " + texts);
        if (expectedFiles < 0 ? read == 0 : read < expectedFiles) {
            throw notRead(source, expectedFiles, read, null);
        }
        // 2. lines with their 1-based numbers; a document file that parses as a whole is one record on line 1
        String splitText = document
                ? "case when json_valid(t) and starts_with(ltrim(t, " + blank + "), '{') then [t] else string_split(t, chr(10)) end"
                : "string_split(t, chr(10))";
        String textLines = "select file, generate_subscripts(ls, 1) as line, unnest(ls) as raw, false as not_utf8\n"
                + "from (select file, " + splitText + " as ls from (select file, case when starts_with(text, " + bom
                + ") then substr(text, 2) else text end as t from " + texts + " where text is not null))";
        // files that are not UTF-8 (rare): read again as bytes, split at newline bytes, each line decoded if it can be
        List<List<String>> notUtf8 = session.query("select local from " + texts + " where text is null",
                Integer.MAX_VALUE - 1).rows();
        String byteLines = "select file, line, coalesce(try(decode(cast(raw as blob))), raw) as raw,"
                + " try(decode(cast(raw as blob))) is null as not_utf8\nfrom (select " + pathOf.apply("b.filename")
                + " as file, generate_subscripts(ls, 1) as line, unnest(ls) as raw from (select filename,"
                + " string_split(cast(content as varchar), '\\x0A') as ls from read_blob(["
                + String.join(", ", notUtf8.stream().map(row -> literal(row.get(0))).toList()) + "])) as b)";
        boolean anyNotUtf8 = !notUtf8.isEmpty();
        String allLines = "select file, line, rtrim(raw, chr(13)) as raw, not_utf8 from (\n" + textLines
                + (anyNotUtf8 ? "\nunion all\n" + byteLines : "") + "\n) where trim(raw, " + blank + ") <> ''";
        String lineSource;
        if (document) {
            // many small files: parsing straight from the split keeps every thread busy
            lineSource = "(" + allLines + ")";
        } else {
            // few large files: the lines of one file come from one thread; parse them from a table, in parallel
            session.transaction(List.of("drop table if exists " + lines, createTempTableAs(lines, allLines)));
            lineSource = lines;
        }
        // 3. one JSON parse per line: every field as text, then each cast; a raw value that does not cast is a reject
        List<Column> columns = node.source().columns();
        List<String> jsonPaths = new ArrayList<>();
        List<String> typed = new ArrayList<>();
        List<String> castFailures = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String type = duckdbType(node, column);
            String value = "v[" + (i + 1) + "]";
            jsonPaths.add(literal("$.\"" + column.field().replace("\"", "\\\"") + "\""));
            if (type.equals("VARCHAR")) {
                typed.add(value + " as " + quote(column.name()));
            } else {
                typed.add("try_cast(" + value + " as " + type + ") as " + quote(column.name()));
                castFailures.add("case when " + value + " is not null and try_cast(" + value + " as " + type
                        + ") is null then " + literal(column.field() + " '") + " || left(" + value
                        + ", 100) || " + literal("' is not " + type.toLowerCase(Locale.ROOT)) + " end");
            }
        }
        String reason = "case when not_utf8 then 'not valid UTF-8 (raw bytes shown as \\xNN)'"
                + " when v is null then 'not valid JSON'"
                + " when not starts_with(ltrim(raw, " + blank + "), '{') then 'not a JSON object'"
                + (castFailures.isEmpty() ? "" : " else nullif(concat_ws('; ', " + String.join(", ", castFailures) + "), '')")
                + " end";
        session.transaction(List.of("drop table if exists " + parsed, createTempTableAs(parsed,
                "select file, line, raw, " + String.join(", ", typed) + ",\n    " + reason + " as reason\nfrom (select"
                        + " file, line, raw, not_utf8, case when not_utf8 then null else try(json_extract_string(raw, ["
                        + String.join(", ", jsonPaths) + "])) end as v from " + lineSource + ")"),
                "drop table if exists " + lines, "drop table " + texts));
        List<String> names = new ArrayList<>(columns.stream().map(c -> quote(c.name())).toList());
        session.transaction(List.of(
                createRows(rows, "select " + String.join(", ", names) + (rows.fileColumn() ? ", file as "
                        + quote(FILE_COLUMN) : "") + "\nfrom " + parsed + " where reason is null"),
                "insert into " + rejects + " select file, line, raw, reason from " + parsed
                        + " where reason is not null",
                "drop table " + parsed));
    }

    /** DuckDB's spelling of a source column's type (upper case, as DuckDB reports types). */
    private static String duckdbType(Node source, Column column) {
        return SourceTypes.canonical(source, column).toUpperCase(Locale.ROOT);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String createTableAs(String relation, CompiledNode model) {
        return "create table " + relation + " as\n" + model.sql();
    }

    @Override
    public String createView(String relation, CompiledNode model) {
        return "create or replace view " + relation + " as\n" + model.sql();
    }

    @Override
    public String drop(RelationType type, String relation, boolean ifExists) {
        return "drop " + (type == RelationType.VIEW ? "view " : "table ") + (ifExists ? "if exists " : "") + relation;
    }

    @Override
    public String rename(RelationType type, String schema, String from, String to) {
        return "alter " + (type == RelationType.VIEW ? "view " : "table ") + relation(schema, from)
                + " rename to " + quote(to);
    }

    @Override
    public synchronized void close() {
        s3.close();
        if (warming != null) {
            // a process that ends (System.exit) while the driver copies its library leaves a partial temp file
            try {
                warming.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            warming = null;
        }
        if (root != null) {
            try {
                root.close();
            } catch (SQLException ignored) {
                // nothing to release
            }
            root = null;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
