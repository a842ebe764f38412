package dev.starling.adapter;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A session that reads and never writes, for a dry run: queries pass through, and any transaction is refused
 * before it reaches the engine, so a plan made on it can inspect the target but not change it.
 */
public final class ReadOnlySession implements Session {

    private final Session session;

    public ReadOnlySession(Session session) {
        this.session = session;
    }

    @Override
    public void transaction(List<String> statements) {
        throw new IllegalStateException("a dry run sends nothing that changes data; refused: "
                + (statements.isEmpty() ? "(empty)" : statements.get(0).lines().findFirst().orElse("")));
    }

    @Override
    public long queryLong(String sql) throws SQLException {
        return session.queryLong(sql);
    }

    @Override
    public QueryResult query(String sql, int maxRows) throws SQLException {
        return session.query(sql, maxRows);
    }

    @Override
    public Map<String, String> columns(String relation) throws SQLException {
        return session.columns(relation);
    }

    @Override
    public Map<String, RelationType> relations(String schema) throws SQLException {
        return session.relations(schema);
    }

    @Override
    public void close() {
        session.close();
    }
}
