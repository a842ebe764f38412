package dev.starling.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a DuckDB database file that a test built, over plain JDBC (the file must not be open elsewhere). */
public final class Db {

    private Db() {
    }

    /** Every row of a query, each as a list of Java values. */
    public static List<List<Object>> rows(Path database, String sql) {
        return query("jdbc:duckdb:" + database, sql);
    }

    /** Every row of a query on a new in-memory database (for queries that read files). */
    public static List<List<Object>> rowsInMemory(String sql) {
        return query("jdbc:duckdb:", sql);
    }

    private static List<List<Object>> query(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static long count(Path database, String relation) {
        return ((Number) rows(database, "select count(*) from " + relation).get(0).get(0)).longValue();
    }
}
