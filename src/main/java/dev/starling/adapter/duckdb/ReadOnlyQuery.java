package dev.starling.adapter.duckdb;

import dev.starling.StarlingException;
import dev.starling.adapter.JdbcSession;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.QueryText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * {@code show} on DuckDB: one query, and nothing changed. The text is classified by DuckDB's own parser
 * ({@code json_serialize_sql}, which parses without running and refuses all but SELECT) before anything is
 * prepared: the JDBC driver runs the earlier statements of a multi-statement text when it merely prepares it.
 * The query then runs in a read-only transaction on an engine instance of its own: an in-memory database with
 * the database file attached read-only and external access off (no {@code COPY ... TO}, no file read or written),
 * a setting that cannot be turned back on, so it never touches the instance that builds.
 */
final class ReadOnlyQuery {

    private ReadOnlyQuery() {
    }

    /** Opens the private instance: {@code path} attached read-only (when it exists), external access off. */
    static Connection isolated(String path, Properties settings) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:", settings);
        try (Statement statement = connection.createStatement()) {
            if (Files.isRegularFile(Path.of(path))) {
                String stem = Path.of(path).getFileName().toString().replaceAll("\\.[^.]*$", "");
                String catalog = "\"" + stem.replace("\"", "\"\"") + "\"";
                try {
                    statement.execute("attach " + "'" + path.replace("'", "''") + "'" + " as " + catalog + " (read_only)");
                } catch (SQLException e) {
                    String message = e.getMessage() == null ? "" : e.getMessage();
                    if (message.contains("lock")) {
                        throw StarlingException.project("cannot open " + path + ": another process holds it open"
                                + " for writing. Wait for that run to finish, then retry.");
                    }
                    throw e;
                }
                statement.execute("use " + catalog);
            }
            statement.execute("set enable_external_access = false");
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Runs {@code sql} on {@code connection} (which this closes) if it is exactly one query, in a read-only
     * transaction that is rolled back; otherwise throws a usage error and runs nothing.
     */
    static QueryResult run(Connection connection, String sql, int maxRows) throws SQLException {
        try (JdbcSession session = new JdbcSession(connection)) {
            classify(connection, sql);
            return session.queryReadOnly("begin transaction read only", sql, maxRows);
        }
    }

    private static void classify(Connection connection, String sql) throws SQLException {
        String check = "select j->>'error', j->>'error_type', j->>'error_message', json_array_length(j->'statements')"
                + " from (select json_serialize_sql(?::varchar)::json as j)";
        try (PreparedStatement statement = connection.prepareStatement(check)) {
            statement.setString(1, sql);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if ("true".equals(rs.getString(1))) {
                    if ("parser".equals(rs.getString(2))) {
                        throw new SQLException("Parser Error: " + rs.getString(3), "42601");
                    }
                    throw QueryText.notAQuery(sql);
                }
                if (rs.getLong(4) != 1) {
                    throw QueryText.notAQuery(sql);
                }
            }
        }
    }
}
