package dev.starling.adapter;

import java.sql.SQLException;
import java.util.List;

/** One connection to the target, used by one worker at a time. */
public interface Session extends AutoCloseable {

    /**
     * Runs statements as one transaction: all of them take effect, or none (a failure rolls back and rethrows).
     */
    void transaction(List<String> statements) throws SQLException;

    /** A single number, e.g. {@code select count(*) ...}. */
    long queryLong(String sql) throws SQLException;

    /** The first {@code maxRows} rows of a query, as text. */
    QueryResult query(String sql, int maxRows) throws SQLException;

    /** What {@code schema.name} is now (a table, a view, or nothing). */
    RelationType relationType(String schema, String name) throws SQLException;

    @Override
    void close();
}
