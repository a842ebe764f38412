package dev.starling.adapter.duckdb;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.JdbcSession;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.TargetConfig;
import dev.starling.render.CompiledNode;
import dev.starling.s3.S3Location;
import dev.starling.s3.S3Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The embedded default: DuckDB in this process, on a database file ({@code path}, default
 * {@code target/<project>.duckdb}). Sources are read by DuckDB's own JSON reader; no row passes through Java.
 *
 * <p>Target settings: {@code path}, {@code schema} (default main), {@code threads} (Starling's workers),
 * {@code memory_limit} and {@code temp_directory} (DuckDB's own), {@code engine_threads} (DuckDB's
 * worker threads; default: all cores), and for {@code s3://} locations the {@code s3_*} settings of
 * {@link dev.starling.s3.S3Settings}: such a location is downloaded to a local cache, which DuckDB reads.
 */
public final class DuckDbAdapter implements Adapter {

    private final TargetConfig target;
    private final Path projectDir;
    private final String path;
    private final S3Sources s3;
    private DuckDBConnection root;

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

    @Override
    public synchronized Session openSession() throws SQLException {
        if (root == null) {
            root = connect();
        }
        Connection connection = root.duplicate();
        return new JdbcSession(connection);
    }

    private DuckDBConnection connect() throws SQLException {
        Properties properties = new Properties();
        copySetting(properties, "memory_limit", "memory_limit");
        copySetting(properties, "temp_directory", "temp_directory");
        copySetting(properties, "engine_threads", "threads");
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

    @Override
    public List<String> stageSource(String relation, CompiledNode source) {
        List<Column> columns = source.node().source().columns();
        String glob = localFolder(source).toString().replace('\\', '/') + "/" + source.node().source().pattern();
        List<String> select = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Column column : columns) {
            select.add(quote(column.field()) + " as " + quote(column.name()));
            types.add(literal(column.field()) + ": " + literal(duckdbType(source.node(), column)));
        }
        return List.of("create table " + relation + " as\nselect\n    " + String.join(",\n    ", select)
                + "\nfrom read_json(" + literal(glob) + ",\n    format = 'newline_delimited',\n    columns = {"
                + String.join(", ", types) + "}\n)");
    }

    private static String duckdbType(Node source, Column column) {
        String type = column.type().toLowerCase().replaceAll("\\s+", " ").trim();
        return switch (type) {
            case "varchar", "string", "text" -> "VARCHAR";
            case "int", "integer", "int4" -> "INTEGER";
            case "bigint", "int8", "long" -> "BIGINT";
            case "smallint", "int2" -> "SMALLINT";
            case "double", "double precision", "float8", "float" -> "DOUBLE";
            case "real", "float4" -> "REAL";
            case "boolean", "bool" -> "BOOLEAN";
            case "timestamp" -> "TIMESTAMP";
            case "date" -> "DATE";
            default -> {
                if (type.matches("(varchar|decimal|numeric)\\s*\\([0-9, ]+\\)")) {
                    yield type.toUpperCase();
                }
                throw StarlingException.at(source.path(), source.line(), "column " + column.name() + " of source "
                        + source.displayName() + " has unknown type '" + column.type() + "'; use varchar, integer,"
                        + " bigint, smallint, double, real, boolean, timestamp, date or decimal(p,s)");
            }
        };
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
