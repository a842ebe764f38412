package dev.starling.adapter.duckdb;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.Compression;
import dev.starling.adapter.LoadInto;
import dev.starling.adapter.PatternSkips;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.adapter.SourceLoader;
import dev.starling.adapter.SourceTypes;
import dev.starling.adapter.Step;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.SourceSpec;
import dev.starling.render.CompiledNode;
import dev.starling.s3.S3Cache;
import dev.starling.s3.S3Location;
import dev.starling.s3.S3Sources;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB reads a source's files itself: its JSON reader over every file at once, and, only when a record does not
 * read, the files again line by line to keep the good records and name the bad ones (file, line, raw text, reason)
 * in a temporary rejects table, which the load writes to {@code <source>_rejects}. Staged rows of incremental
 * sources carry their file, so a changed file's rows are replaced. An {@code s3://} location is fetched to a local
 * cache first ({@link #prepare}), which DuckDB reads.
 */
final class DuckDbSourceLoader implements SourceLoader {

    /** {@code **}{@code /*.json}: any file, at any depth, whose name ends with what follows the star. */
    private static final Pattern ANY_DEPTH_SUFFIX = Pattern.compile("\\*\\*/\\*([^*?\\[\\]{}/\\\\]*)");

    private final DuckDbAdapter adapter;
    private final String targetName;
    private final Path projectDir;
    private final S3Sources s3;
    /** The files that the last {@link #list} of a local source found its pattern does not match, by source id. */
    private final Map<String, List<String>> unmatchedByList = new java.util.concurrent.ConcurrentHashMap<>();

    DuckDbSourceLoader(DuckDbAdapter adapter, String targetName, Path projectDir, S3Sources s3) {
        this.adapter = adapter;
        this.targetName = targetName;
        this.projectDir = projectDir;
        this.s3 = s3;
    }

    @Override
    public boolean tagsRowsWithFile() {
        return true;
    }

    @Override
    public boolean rejectsKeptByEngine() {
        return false;
    }

    @Override
    public String readVerb() {
        return "fetch and read";
    }

    /**
     * One step that reads the files into {@code into} and the records that do not read into {@code rejects}; it
     * starts with DuckDB's JSON reader (shown), and reads line by line only when a record does not read.
     */
    @Override
    public Reading read(Request request) {
        CompiledNode source = request.source();
        String list = request.wholeLocation()
                ? literal(localFolder(source).toString().replace('\\', '/') + "/" + source.node().source().pattern())
                : "[" + String.join(", ", request.files().stream().map(f -> literal(f.local())).toList()) + "]";
        String first = createRows(request.into(), selectFromFiles(source, list, request.into()));
        String label = "read " + (request.wholeLocation() ? "every file matching " + source.node().source().pattern()
                : request.files().size() + " file" + (request.files().size() == 1 ? "" : "s")) + " with DuckDB's JSON reader;"
                + " only if a record does not read, read them again line by line and keep each bad record in the rejects";
        return new Reading(List.of(new Step.Action(label, List.of(first),
                session -> readFiles(session, source, request.files(), request.into(), request.rejects()))),
                List.of(), null, null);
    }

    /** An {@code s3://} location listed without fetching anything (a dry run): where each object would be cached. */
    private List<SourceFile> listWithoutSync(CompiledNode source) {
        Node node = source.node();
        List<S3Cache.Listed> listed = s3.listWithoutSync(node, source.location());
        if (listed == null) {
            throw new Unlisted(s3.credentialsMissing());
        }
        S3Location location = S3Location.parse(source.location().trim());
        Path folder = localFolder(source);
        List<SourceFile> files = new ArrayList<>();
        for (S3Cache.Listed object : listed) {
            String under = object.key().substring(location.keyPrefix().length()).replaceAll("^/+", "");
            files.add(new SourceFile(source.location().replaceAll("/+$", "") + "/" + under,
                    folder.resolve(under).toString(), object.size(), object.modified(), object.etag()));
        }
        files.sort(Comparator.comparing(SourceFile::path));
        return files;
    }

    @Override
    public void check(CompiledNode source) {
        Node node = source.node();
        String location = source.location();
        if (location == null || location.isBlank()) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName()
                    + " has no location for target '" + targetName + "'. Add location: {duckdb: path/to/folder}.");
        }
        Compression.of(source);
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
    public String prepare(CompiledNode source) {
        return S3Location.isS3(source.location()) ? s3.sync(source.node(), source.location()) : null;
    }

    /**
     * A full load as {@code compile} shows it: the statement a run starts with (a run reads into a temporary
     * table, and reads again line by line only when a record does not read).
     */
    @Override
    public List<String> compile(String relation, CompiledNode source) {
        String glob = localFolder(source).toString().replace('\\', '/') + "/" + source.node().source().pattern();
        boolean incremental = source.node().source().incremental();
        return List.of("create table " + relation + " as\n" + selectFromFiles(source, literal(glob),
                new LoadInto(relation, false, incremental, incremental)));
    }

    /**
     * Every record of {@code files} (a glob or a list literal) through DuckDB's JSON reader, each field as its
     * column with the declared type, then Starling's own columns of {@code into}: the file each record came from,
     * named as {@link #list} names it (the location joined with the path under the folder), and the batch.
     */
    private String selectFromFiles(CompiledNode source, String files, LoadInto into) {
        Node node = source.node();
        List<String> select = new ArrayList<>();
        for (Column column : node.source().columns()) {
            select.add("j." + adapter.quote(column.field()) + " as " + adapter.quote(column.name()));
        }
        return "select\n    " + String.join(",\n    ", select)
                + into.ownColumns(adapter::quote, pathUnderLocation(source, "j.__starling_filename")) + "\nfrom "
                + readJson(files, source, into.fileColumn() ? "__starling_filename" : null) + " as j";
    }

    /** SQL for a file's name as the state table keeps it, from the local file name {@code filename} (a column). */
    private String pathUnderLocation(CompiledNode source, String filename) {
        // every file is under the source's folder: its path is the location joined with its path under the
        // folder, computed from the file name with no lookup per row
        String folder = localFolder(source).toString().replace('\\', '/');
        return literal(source.location().replaceAll("/+$", "")) + " || substr(" + filename + ", length(" + literal(folder)
                + ") + 1)";
    }

    /**
     * DuckDB's JSON reader over {@code files} (a glob or a list literal), every column with its declared type. It
     * reads a file whose name ends in {@code .gz} as gzip by itself; a source's {@code compression: gzip} or
     * {@code none} is passed on.
     */
    private String readJson(String files, CompiledNode compiled, String filenameColumn) {
        Node source = compiled.node();
        List<String> types = new ArrayList<>();
        for (Column column : source.source().columns()) {
            types.add(literal(column.field()) + ": " + literal(duckdbType(source, column)));
        }
        String format = source.source().layout().equals(SourceSpec.LAYOUT_DOCUMENT) ? "unstructured" : "newline_delimited";
        Compression compression = Compression.of(compiled);
        return "read_json(" + files + ",\n    format = '" + format + "',\n    columns = {" + String.join(", ", types) + "}"
                + (compression == Compression.AUTO ? "" : ",\n    compression = '" + compression.name().toLowerCase(Locale.ROOT) + "'")
                + (filenameColumn == null ? "" : ",\n    filename = " + literal(filenameColumn)) + "\n)";
    }

    @Override
    public List<SourceFile> list(CompiledNode source, boolean prepared) {
        if (S3Location.isS3(source.location()) && !prepared) {
            return listWithoutSync(source);
        }
        Path folder = localFolder(source);
        String prefix = source.location().replaceAll("/+$", "");
        // objects from S3 are fingerprinted by their ETag (from this run's sync), local files by size and mtime
        Map<Path, String> etags = new HashMap<>();
        S3Cache.Sync sync = S3Location.isS3(source.location()) ? s3.lastSync(source.node().id()) : null;
        if (sync != null) {
            sync.objects().forEach(object -> etags.put(object.path().toAbsolutePath().normalize(), object.etag()));
        }
        List<SourceFile> files = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        walk(source, folder, (file, relative, attributes, matches) -> {
            if (matches) {
                files.add(new SourceFile(prefix + "/" + relative.replace('\\', '/'), file.toString(),
                        attributes.size(), attributes.lastModifiedTime().toInstant(),
                        etags.isEmpty() ? null : etags.get(file.toAbsolutePath().normalize())));
            } else {
                unmatched.add(relative);
            }
        });
        unmatchedByList.put(source.node().id(), unmatched);
        files.sort(Comparator.comparing(SourceFile::path));
        return files;
    }

    /** What {@link #walk} tells of each regular file. */
    private interface Visitor {
        void file(Path file, String relative, BasicFileAttributes attributes, boolean matches);
    }

    /** Each regular file under {@code folder}, and whether the source's pattern matches it as DuckDB's glob does. */
    private void walk(CompiledNode source, Path folder, Visitor visitor) {
        String pattern = source.node().source().pattern();
        // the usual pattern, **/*.json, is a test of the name's end (a listing may hold 100,000 song files)
        Matcher anyDepth = ANY_DEPTH_SUFFIX.matcher(pattern);
        String suffix = anyDepth.matches() ? anyDepth.group(1) : null;
        PathMatcher matcher = folder.getFileSystem().getPathMatcher("glob:" + pattern);
        // DuckDB's ** also matches no folder at all: **/*.json takes a.json at the top too
        PathMatcher top = pattern.startsWith("**/") ? folder.getFileSystem().getPathMatcher("glob:" + pattern.substring(3)) : null;
        int prefixLength = folder.toString().length() + (folder.toString().endsWith(folder.getFileSystem().getSeparator()) ? 0 : 1);
        try {
            // walkFileTree hands over each file's attributes from the directory scan: no second stat per file
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        String relative = file.toString().substring(prefixLength);
                        boolean matches;
                        if (suffix != null) {
                            matches = file.getFileName().toString().endsWith(suffix);
                        } else {
                            Path path = folder.relativize(file);
                            matches = matcher.matches(path) || (top != null && top.matches(path));
                        }
                        visitor.file(file, relative, attributes, matches);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            Node node = source.node();
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": cannot list "
                    + folder + ": " + e.getMessage());
        }
    }

    /**
     * The files the pattern skips: of a local folder, from this run's listing of it (an incremental source) or a
     * walk of it; of an {@code s3://} location, from this run's sync, which listed every object under it.
     */
    @Override
    public PatternSkips patternSkips(CompiledNode source) {
        String pattern = source.node().source().pattern();
        if (S3Location.isS3(source.location())) {
            S3Cache.Sync sync = s3.lastSync(source.node().id());
            return sync == null ? null : PatternSkips.of(pattern, sync.unmatched());
        }
        List<String> unmatched = unmatchedByList.remove(source.node().id());
        if (unmatched == null) {
            List<String> walked = new ArrayList<>();
            walk(source, localFolder(source), (file, relative, attributes, matches) -> {
                if (!matches) {
                    walked.add(relative);
                }
            });
            unmatched = walked;
        }
        return PatternSkips.of(pattern, unmatched);
    }

    /**
     * Reads the files with DuckDB's JSON reader first, which either reads every record or fails. When it fails,
     * reads them again line by line to find the bad records: each file as text (files that are not UTF-8 as bytes,
     * split at newlines), each line parsed on its own ({@code json_extract_string}) and each field cast with
     * {@code try_cast}; a line whose JSON does not parse, or a field whose raw value is there but does not cast,
     * is rejected with its file, 1-based line and reason. The two readers give the same values for good lines.
     * Documents (one small file per record) skip the JSON reader: reading them as text is faster.
     */
    private void readFiles(Session session, CompiledNode source, List<SourceFile> files, LoadInto rows,
                           String rejects) throws SQLException {
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
            session.transaction(List.of(createRows(rows, selectFromFiles(source, list, rows))));
            // read_json reads a record that is not an object (null, [], 1) as a row of NULLs; such a row sends the
            // load to the line reader, which tells an empty object {} (a row of NULLs) from those (rejects)
            String everyColumnNull = String.join(" and ", node.source().columns().stream()
                    .map(column -> adapter.quote(column.name()) + " is null").toList());
            if (session.queryLong("select count(*) from " + rows.relation() + " where " + everyColumnNull) > 0) {
                session.transaction(List.of("drop table " + rows.relation()));
                readLineByLine(session, source, list, locals(files), pathOf, rows, rejects);
            }
        } catch (SQLException whole) {
            String message = whole.getMessage() == null ? "" : whole.getMessage();
            if (message.contains("No files found") || message.contains("Cannot open file")) {
                // a glob that matches nothing says so itself; a listed file that went missing names DuckDB's error
                StarlingException unreadable = notRead(source, expected, -1, expected < 0 ? null : DuckDbAdapter.firstLine(message));
                unreadable.addSuppressed(whole);
                throw unreadable;
            }
            if (!isRecordError(whole)) {
                throw whole; // an unreadable file, memory: not a matter of single records
            }
            try {
                readLineByLine(session, source, list, locals(files), pathOf, rows, rejects);
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
        return rows.temporary() ? adapter.createTempTableAs(rows.relation(), select)
                : "create table " + rows.relation() + " as\n" + select;
    }

    private static List<String> locals(List<SourceFile> files) {
        return files == null ? null : files.stream().map(SourceFile::local).toList();
    }

    /**
     * @param list   the files as DuckDB reads them: a glob, or a list literal of {@code locals}
     * @param locals the listed files, or null when {@code list} is a glob
     */
    private void readLineByLine(Session session, CompiledNode source, String list, List<String> locals,
                                Function<String, String> pathOf, LoadInto rows, String rejects) throws SQLException {
        Node node = source.node();
        int expectedFiles = locals == null ? -1 : locals.size();
        boolean document = node.source().layout().equals(SourceSpec.LAYOUT_DOCUMENT);
        String texts = adapter.tempRelation("__starling_texts");
        String lines = adapter.tempRelation("__starling_lines");
        String parsed = adapter.tempRelation("__starling_parsed");
        String bom = "chr(65279)";
        String blank = "' ' || chr(9) || chr(10) || chr(13)";
        // 1. every file as text; a file that is not UTF-8 has a NULL text and is split as bytes below. read_blob
        // does not decompress: gzip files are read apart (GzipLines), their decompressed text added here
        Compression compression = Compression.of(source);
        List<String> gzip = new ArrayList<>();
        String plain = list;
        if (compression != Compression.NONE) {
            List<String> all = locals != null ? locals : session.query("select file from glob(" + list + ")",
                    Integer.MAX_VALUE - 1).rows().stream().map(row -> row.get(0)).toList();
            List<String> notGzip = new ArrayList<>();
            all.forEach(file -> (compression.gzip(file) ? gzip : notGzip).add(file));
            if (!gzip.isEmpty()) {
                plain = notGzip.isEmpty() ? null : "[" + String.join(", ", notGzip.stream().map(DuckDbSourceLoader::literal).toList()) + "]";
            }
        }
        GzipLines gzipLines = new GzipLines(adapter, gzip);
        List<String> textSelects = new ArrayList<>();
        if (plain != null) {
            textSelects.add("select " + pathOf.apply("b.filename") + " as file, b.filename as local,"
                    + " try(decode(b.content)) as text\nfrom read_blob(" + plain + ") as b");
        }
        if (!gzip.isEmpty()) {
            gzipLines.read(session);
            textSelects.add(gzipLines.texts(pathOf));
        }
        try {
            session.transaction(List.of("drop table if exists " + texts, adapter.createTempTableAs(texts,
                    String.join("\nunion all\n", textSelects))));
        } finally {
            if (!gzip.isEmpty()) {
                session.transaction(List.of(gzipLines.dropTexts()));
            }
        }
        // every listed file must have been read (read_blob skips a missing one; the CSV reader fails on one), and
        // a glob must match a file: an empty read would otherwise replace the table with nothing, or record files
        // as loaded without rows
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
                + (anyNotUtf8 ? "\nunion all\n" + byteLines : "")
                + (gzip.isEmpty() ? "" : "\nunion all\n" + gzipLines.undecoded(pathOf))
                + "\n) where trim(raw, " + blank + ") <> ''";
        String lineSource;
        if (document) {
            // many small files: parsing straight from the split keeps every thread busy
            lineSource = "(" + allLines + ")";
        } else {
            // few large files: the lines of one file come from one thread; parse them from a table, in parallel
            session.transaction(List.of("drop table if exists " + lines, adapter.createTempTableAs(lines, allLines)));
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
                typed.add(value + " as " + adapter.quote(column.name()));
            } else {
                typed.add("try_cast(" + value + " as " + type + ") as " + adapter.quote(column.name()));
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
        session.transaction(List.of("drop table if exists " + parsed, adapter.createTempTableAs(parsed,
                "select file, line, raw, " + String.join(", ", typed) + ",\n    " + reason + " as reason\nfrom (select"
                        + " file, line, raw, not_utf8, case when not_utf8 then null else try(json_extract_string(raw, ["
                        + String.join(", ", jsonPaths) + "])) end as v from " + lineSource + ")"),
                "drop table if exists " + lines, "drop table " + texts, gzipLines.dropUndecoded()));
        List<String> names = new ArrayList<>(columns.stream().map(c -> adapter.quote(c.name())).toList());
        session.transaction(List.of(
                createRows(rows, "select " + String.join(", ", names) + rows.ownColumns(adapter::quote, "file")
                        + "\nfrom " + parsed + " where reason is null"),
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
}
