package dev.starling.adapter.duckdb;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.JdbcSession;
import dev.starling.adapter.ReadOnlySession;
import dev.starling.adapter.SourceLoader;
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
    private final DuckDbSourceLoader loader;
    private DuckDBConnection root;
    /** The thread {@link #warmUp()} started, waited for on close: the driver unpacks its library to a temp file. */
    private Thread warming;

    DuckDbAdapter(TargetConfig target, Path projectDir) {
        this.target = target;
        this.projectDir = projectDir;
        String configured = target.setting("path", "target/" + target.name() + ".duckdb");
        this.path = configured.equals(":memory:") ? configured : projectDir.resolve(configured).normalize().toString();
        this.s3 = new S3Sources(target, projectDir);
        this.loader = new DuckDbSourceLoader(this, target.name(), projectDir, s3);
    }

    @Override
    public SourceLoader sourceLoader() {
        return loader;
    }

    /**
     * The database file opened read-only, on a connection of its own: nothing is created, and a file that does not
     * exist yet means a first build.
     */
    @Override
    public Session inspect() {
        if (path.equals(":memory:")) {
            throw new NotConnected("an in-memory database holds nothing before a run");
        }
        if (!Files.isRegularFile(Path.of(path))) {
            throw new NotConnected(projectDir.relativize(Path.of(path)) + " does not exist yet");
        }
        Properties properties = new Properties();
        properties.setProperty("access_mode", "READ_ONLY");
        try {
            return new ReadOnlySession(new JdbcSession(DriverManager.getConnection("jdbc:duckdb:" + path, properties)));
        } catch (SQLException e) {
            throw new NotConnected("cannot open " + projectDir.relativize(Path.of(path)) + " read-only: "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
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
                        + " unnest(from_json(" + stringLiteral(json.toString()) + ", '[{\"path\": \"VARCHAR\", \"local\":"
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
     * DuckDB reads the CSV itself ({@code read_csv}): the dialect as dbt's seeds (header, comma or the seed's
     * delimiter, {@code "} quotes doubled inside), types inferred from every row ({@code sample_size = -1}) except
     * those set in {@code column_types}; an empty field, quoted or not, is NULL.
     */
    @Override
    public dev.starling.adapter.SeedLoad loadSeed(String temp, dev.starling.adapter.SeedFile seed) {
        StringBuilder read = new StringBuilder("read_csv(" + stringLiteral(seed.file().toString())
                + ", header = true, delim = " + stringLiteral(String.valueOf(seed.delimiter()))
                + ", quote = '\"', escape = '\"', auto_detect = true, sample_size = -1, strict_mode = true");
        if (!seed.columnTypes().isEmpty()) {
            List<String> types = new ArrayList<>();
            seed.columnTypes().forEach((column, type) -> types.add(stringLiteral(column) + ": " + stringLiteral(type)));
            read.append(", types = {").append(String.join(", ", types)).append("}");
        }
        read.append(")");
        return new dev.starling.adapter.SeedLoad(List.of(), List.of("create table " + temp + " as\nselect * from " + read));
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

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
