package dev.starling.adapter.redshift;

import dev.starling.adapter.Commit;
import dev.starling.adapter.JdbcSession;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection to Redshift that survives transient failures. Everything it runs is safe to repeat: a build is
 * one transaction (a failure rolls all of it back), and the rest are read-only queries. So a transient error
 * (serializable isolation violation, concurrent transaction conflict, "could not open relation with OID", a
 * dropped connection) is retried with exponential backoff, reconnecting when the connection is gone; any other
 * error fails at once, naming the statement that failed.
 */
final class RedshiftSession implements Session {

    /** Opens a connection (the adapter's settings, the driver). */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The longest wait between two tries. */
    static final long MAX_DELAY_MILLIS = 30_000;

    private final Connector connector;
    private final int maxRetries;
    private final long baseDelayMillis;
    private final List<String> retried = Collections.synchronizedList(new ArrayList<>());
    private Connection connection;

    RedshiftSession(Connector connector, int maxRetries, long baseDelayMillis) throws SQLException {
        this.connector = connector;
        this.maxRetries = maxRetries;
        this.baseDelayMillis = baseDelayMillis;
        this.connection = connector.connect();
    }

    @Override
    public List<String> retried() {
        return List.copyOf(retried);
    }

    /**
     * A retry of a transaction with an apply mark first looks for the mark: when the connection was lost after the
     * commit had succeeded (the reply never came), the mark is there, and the transaction is not applied again.
     */
    @Override
    public void transaction(List<String> statements, Commit commit) throws SQLException {
        int[] tries = {0};
        withRetry(c -> {
            if (tries[0]++ > 0 && commit.mark() != null && alreadyApplied(c, commit.mark())) {
                retried.add("the transaction had committed before the connection was lost (apply mark "
                        + commit.mark().id() + " found): not applied again");
                return null;
            }
            runTransaction(c, statements, commit);
            return null;
        });
    }

    private static boolean alreadyApplied(Connection c, Commit.ApplyMark mark) throws SQLException {
        try {
            return new JdbcSession(c).queryLong(mark.lookup()) > 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false; // no mark table yet: nothing was applied
            }
            throw e;
        }
    }

    private static void runTransaction(Connection c, List<String> statements, Commit commit) throws SQLException {
        c.setAutoCommit(false);
        int index = 0;
        try (Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
                index++;
            }
            if (commit.beforeCommit() != null) {
                commit.beforeCommit().check(new JdbcSession(c));
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            if (index < statements.size()) {
                throw inStatement(e, index, statements);
            }
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            try {
                if (!c.isClosed()) {
                    c.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // the connection is broken; the next use reconnects
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    /** The engine's error with the failing statement appended (its first line, shortened). */
    private static SQLException inStatement(SQLException e, int index, List<String> statements) {
        String sql = statements.get(index).strip();
        String head = sql.lines().findFirst().orElse("");
        if (head.length() > 160) {
            head = head.substring(0, 157) + "...";
        } else if (sql.contains("\n")) {
            head = head + " ...";
        }
        String message = (e.getMessage() == null ? e.toString() : e.getMessage().strip())
                + "\nin statement " + (index + 1) + " of " + statements.size() + ": " + head;
        SQLException wrapped = new SQLException(message, e.getSQLState(), e.getErrorCode(), e);
        return wrapped;
    }

    @Override
    public long queryLong(String sql) throws SQLException {
        return withRetry(c -> new JdbcSession(c).queryLong(sql));
    }

    @Override
    public Map<String, String> columns(String relation) throws SQLException {
        return withRetry(c -> new JdbcSession(c).columns(relation));
    }

    @Override
    public QueryResult query(String sql, int maxRows) throws SQLException {
        return withRetry(c -> new JdbcSession(c).query(sql, maxRows));
    }

    /**
     * Tables and views in a schema, from pg_catalog (which Redshift and PostgreSQL both answer; the driver's
     * DatabaseMetaData reads Redshift-only system views). Late-binding views are views here too.
     */
    @Override
    public Map<String, RelationType> relations(String schema) throws SQLException {
        return withRetry(c -> {
            String sql = "select c.relname, c.relkind from pg_catalog.pg_class c"
                    + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = ? and c.relkind in ('r', 'v', 'm', 'p')";
            Map<String, RelationType> out = new HashMap<>();
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setString(1, schema);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), "v".equals(rs.getString(2)) ? RelationType.VIEW : RelationType.TABLE);
                    }
                }
            }
            return out;
        });
    }

    private <T> T withRetry(Work<T> work) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (connection == null) {
                    connection = connector.connect();
                }
                return work.run(connection);
            } catch (SQLException e) {
                if (!TransientErrors.isTransient(e)) {
                    throw e;
                }
                if (attempt >= maxRetries) {
                    throw attempt == 0 ? e : new SQLException(e.getMessage() + "\n(still failing after " + attempt
                            + " retr" + (attempt == 1 ? "y" : "ies") + ")", e.getSQLState(), e.getErrorCode(), e);
                }
                retried.add("[" + e.getSQLState() + "] " + firstLine(e.getMessage()));
                if (TransientErrors.isConnectionLost(e) || connection == null || isClosed(connection)) {
                    closeQuietly();
                }
                sleep(Math.min(MAX_DELAY_MILLIS, baseDelayMillis << Math.min(attempt, 20)));
            }
        }
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry", "57014", e);
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection has nothing left to release
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
