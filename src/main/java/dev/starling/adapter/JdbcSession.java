package dev.starling.adapter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link Session} over one JDBC connection; engines with standard JDBC behaviour use it as it is. */
public class JdbcSession implements Session {

    protected final Connection connection;

    public JdbcSession(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void transaction(List<String> statements, Commit commit) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
            if (commit.beforeCommit() != null) {
                commit.beforeCommit().check(new JdbcSession(connection));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public QueryResult query(String sql, int maxRows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(maxRows + 1);
            try (ResultSet rs = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                List<Boolean> numeric = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                    numeric.add(isNumeric(meta.getColumnType(i)));
                }
                List<List<String>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rs.getObject(i);
                        row.add(value == null ? null : value.toString());
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, numeric, rows, truncated);
            }
        }
    }

    /**
     * {@link #query} inside a read-only transaction opened by {@code begin} (the engine's spelling) and rolled back,
     * so the engine refuses any write the query would make.
     */
    public QueryResult queryReadOnly(String begin, String sql, int maxRows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
        }
        try {
            return query(sql, maxRows);
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("rollback");
            } catch (SQLException ignored) {
                // a failed query may have ended the transaction already
            }
        }
    }

    private static boolean isNumeric(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.FLOAT, Types.REAL, Types.DOUBLE,
                    Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    @Override
    public Map<String, String> columns(String relation) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select * from " + relation + " where 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                out.put(meta.getColumnLabel(i), meta.getColumnTypeName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return out;
        }
    }

    @Override
    public Map<String, RelationType> relations(String schema) throws SQLException {
        String sql = "select table_name, table_type from information_schema.tables where table_schema = ?";
        Map<String, RelationType> out = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2).toUpperCase().contains("VIEW")
                            ? RelationType.VIEW : RelationType.TABLE);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a connection that is already broken has nothing left to release
        }
    }
}
