package dev.starling.adapter;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** One connection to the target, used by one worker at a time. */
public interface Session extends AutoCloseable {

    /**
     * Runs statements as one transaction: all of them take effect, or none (a failure rolls back and rethrows).
     */
    default void transaction(List<String> statements) throws SQLException {
        transaction(statements, Commit.PLAIN);
    }

    /**
     * Runs statements as one transaction, then {@code commit}'s check on the same connection before committing;
     * a session that retries a transaction after a lost connection first looks for {@code commit}'s apply mark,
     * and does not apply it again when the mark is there.
     */
    void transaction(List<String> statements, Commit commit) throws SQLException;

    /** A single number, e.g. {@code select count(*) ...}. */
    long queryLong(String sql) throws SQLException;

    /** The first {@code maxRows} rows of a query, as text. */
    QueryResult query(String sql, int maxRows) throws SQLException;

    /** A relation's columns in order, name to the engine's type name (from an empty query's metadata). */
    Map<String, String> columns(String relation) throws SQLException;

    /** The tables and views in a schema now, by name (one catalog query for a whole run). */
    Map<String, RelationType> relations(String schema) throws SQLException;

    /** The transient errors this session has retried so far, one line each, oldest first (none on most engines). */
    default List<String> retried() {
        return List.of();
    }

    @Override
    void close();
}
